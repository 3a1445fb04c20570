/**
 * Reads the benchmark service's answer for an assessment (a `CohortPosition`, issue 14)
 * into the report's input: every figure with its 90% interval, the release it comes from
 * whether the cohort is synthetic demo data, and whether it is the reference population. An answer that does not match the
 * schema gives no benchmark (the report then shows none), never a guessed figure.
 */
import { CohortPositionSchema, type Figure } from '../core/release/figures';
import type { BenchmarkInput } from '../core/report-model';
import { REFERENCE_EXPLANATION, realCohortSentence } from '../core/benchmark/reference/wording';

const finite = (f: Figure) => Number.isFinite(f.value) && Number.isFinite(f.low) && Number.isFinite(f.high);
const figure = (f: Figure): Figure => ({ value: f.value, low: f.low, high: f.high });

export function benchmarkInput(position: unknown): BenchmarkInput | undefined {
  const parsed = CohortPositionSchema.safeParse(position);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const cohort: BenchmarkInput['cohort'] = { questionnaireId: p.cohort.questionnaireId };
  if (p.cohort.industry) cohort.industry = p.cohort.industry;
  if (p.cohort.sizeBand) cohort.sizeBand = p.cohort.sizeBand;
  if (p.cohort.region) cohort.region = p.cohort.region;
  const release = p.release ? { date: p.release.date, period: p.release.period, epsilon: p.release.epsilon, confidence: p.release.confidence } : undefined;
  // Reference figures (docs/benchmarks.md, "Reference population") carry their label and the real cohort's status in words.
  const reference = p.reference ? { explanation: REFERENCE_EXPLANATION, realCohort: p.realCohort ? realCohortSentence(p.realCohort) : '' } : undefined;
  const common = {
    cohort,
    synthetic: p.synthetic,
    ...(release ? { release } : {}),
    ...(p.pooledVersions ? { pooledVersions: p.pooledVersions } : {}),
    ...(reference ? { reference } : {}),
  };
  if (p.suppressed) return { ...common, suppressed: true, reason: p.reason };

  const o = p.overall;
  const all = [p.n, o.percentile, o.p25, o.p50, o.p75, ...Object.values(p.domains).map((d) => d.p50)];
  if (!all.every(finite)) return undefined;
  const domains: NonNullable<BenchmarkInput['domains']> = {};
  for (const [id, d] of Object.entries(p.domains)) domains[id] = { p50: figure(d.p50) };
  return {
    ...common,
    suppressed: false,
    n: figure(p.n),
    overall: { percentile: figure(o.percentile), p25: figure(o.p25), p50: figure(o.p50), p75: figure(o.p75) },
    domains,
  };
}
