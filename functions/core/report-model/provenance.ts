/** How the figures are made, and what a reader needs to check that the report matches its data. */
import type { BenchmarkInput, Provenance, ReportInput } from './types';

/**
 * The benchmark figures a report uses, as hashed for provenance. Only these fields: the
 * same cohort figures always give the same hash, whatever else the caller passed.
 */
export function benchmarkSnapshot(benchmark: BenchmarkInput | undefined) {
  if (!benchmark) return { status: 'unavailable' };
  if (benchmark.suppressed) return { status: 'suppressed', cohort: benchmark.cohort };
  const domains: Record<string, { p25: number; p50: number; p75: number; percentile: number }> = {};
  for (const [id, q] of Object.entries(benchmark.domains ?? {})) domains[id] = { p25: q.p25, p50: q.p50, p75: q.p75, percentile: q.percentile };
  return {
    status: 'available',
    cohort: benchmark.cohort,
    n: benchmark.n,
    overallPercentile: benchmark.overallPercentile,
    overall: benchmark.overall ? { p25: benchmark.overall.p25, p50: benchmark.overall.p50, p75: benchmark.overall.p75 } : undefined,
    domains,
  };
}

export function provenance(input: ReportInput): Provenance {
  const { provenance: p, questionnaire, benchmark } = input;
  const k = p.kAnonymity;
  const cohortSynthetic = benchmark && !benchmark.suppressed ? benchmark.synthetic : undefined;
  return {
    ...p,
    questionnaire: { id: questionnaire.id, version: questionnaire.version },
    syntheticData: { organisation: p.syntheticOrganisation, cohort: cohortSynthetic },
    method: [
      'Each answer shows a maturity level from 1 (ad hoc) to 5 (adaptive); an unanswered scored question counts as 0 and a question marked not applicable does not count.',
      "A domain's score is the weighted mean of its answers' levels, held down by any cap that an answer triggers; its level is the whole part of the score, at least 1.",
      'The overall score is the weighted mean of the domain scores, rounded half up to two decimals.',
      'The cohort holds every organisation that submitted the same questionnaire and contributes to benchmarks, each counted once with its latest submission. Its 25th, 50th and 75th percentiles and your percentile rank are computed as docs/benchmarks.md defines them (linear interpolation between sorted scores; the rank is the share of the cohort scoring below, ties counted half).',
      `k-anonymity: a cohort with fewer than ${k} organisations is never shown, and no figure about it appears in this report.`,
      'The score gain of a control is the rise of the overall score if every answer that calls for it reached the level the control is recommended below, its caps lifted, other answers unchanged; the gain per effort divides that by 1, 2 or 3 for low, medium or high effort.',
    ],
  };
}
