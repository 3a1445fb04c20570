/**
 * Reads the benchmark service's answer for an assessment into the report's input. The
 * benchmark service evolves on its own, so its result is parsed leniently: missing or
 * malformed figures are left out (the report then shows less), never guessed.
 */
import { z } from 'zod';
import type { BenchmarkInput } from '../core/report-model';

const figure = z.number().finite();
const quartiles = z.object({ p25: figure, p50: figure, p75: figure });

const Position = z.object({
  cohort: z.object({
    questionnaireId: z.string(),
    industry: z.string().nullish(),
    sizeBand: z.string().nullish(),
    region: z.string().nullish(),
  }),
  suppressed: z.boolean(),
  n: z.number().int().nonnegative().optional().catch(undefined),
  overall: quartiles.extend({ percentile: figure }).optional().catch(undefined),
  domains: z.record(z.string(), z.unknown()).optional().catch(undefined),
  synthetic: z.boolean().optional().catch(undefined),
  includesSynthetic: z.boolean().optional().catch(undefined),
});

const DomainPosition = quartiles.extend({ percentile: figure });

export function benchmarkInput(position: unknown): BenchmarkInput | undefined {
  const parsed = Position.safeParse(position);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const cohort: BenchmarkInput['cohort'] = { questionnaireId: p.cohort.questionnaireId };
  if (p.cohort.industry) cohort.industry = p.cohort.industry;
  if (p.cohort.sizeBand) cohort.sizeBand = p.cohort.sizeBand;
  if (p.cohort.region) cohort.region = p.cohort.region;
  if (p.suppressed) return { cohort, suppressed: true };

  const domains: NonNullable<BenchmarkInput['domains']> = {};
  for (const [id, value] of Object.entries(p.domains ?? {})) {
    const d = DomainPosition.safeParse(value);
    if (d.success) domains[id] = { p25: d.data.p25, p50: d.data.p50, p75: d.data.p75, percentile: d.data.percentile };
  }
  const synthetic = p.synthetic ?? p.includesSynthetic;
  return {
    cohort,
    suppressed: false,
    ...(p.n !== undefined ? { n: p.n } : {}),
    ...(p.overall ? { overallPercentile: p.overall.percentile, overall: { p25: p.overall.p25, p50: p.overall.p50, p75: p.overall.p75 } } : {}),
    domains,
    ...(synthetic !== undefined ? { synthetic } : {}),
  };
}
