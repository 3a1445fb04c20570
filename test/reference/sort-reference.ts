/**
 * The plain, sort-based cohort statistics over benchmark members (one per organisation:
 * its latest submission), with small cohorts suppressed. The platform computes from
 * fixed-bin histograms (histogram.ts, dense-histogram.ts); tests hold those equal to
 * this straightforward reference, as docs/benchmarks.md promises.
 */
import type { Distribution } from '../../functions/core/benchmark/histogram';
import { percentileOfSorted, percentileRank, round2 } from '../../functions/core/benchmark/percentiles';

export type { Distribution };

export interface BenchmarkMember {
  organisationId: string;
  questionnaireId: string;
  version: string;
  industry: string;
  sizeBand: string;
  region: string;
  submittedAt: string;
  synthetic: boolean;
  overall: number;
  domains: Record<string, number>;
}

export interface CohortFilter {
  questionnaireId: string;
  industry?: string;
  sizeBand?: string;
  region?: string;
}

export type CohortStatistics =
  | { cohort: CohortFilter; suppressed: true }
  | { cohort: CohortFilter; suppressed: false; n: number; overall: Distribution; domains: Record<string, Distribution> };

export const HISTOGRAM_BINS = 10;

export function inCohort(member: BenchmarkMember, filter: CohortFilter): boolean {
  return (
    member.questionnaireId === filter.questionnaireId &&
    (filter.industry === undefined || member.industry === filter.industry) &&
    (filter.sizeBand === undefined || member.sizeBand === filter.sizeBand) &&
    (filter.region === undefined || member.region === filter.region)
  );
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const v of sorted) histogram[Math.min(HISTOGRAM_BINS - 1, Math.floor(v * 2))]! += 1;
  const at = (p: number) => round2(percentileOfSorted(sorted, p));
  return {
    mean: round2(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    p10: at(10),
    p25: at(25),
    p50: at(50),
    p75: at(75),
    p90: at(90),
    histogram,
  };
}

export function cohortStatistics(members: readonly BenchmarkMember[], filter: CohortFilter, k: number): CohortStatistics {
  const cohort = members.filter((m) => inCohort(m, filter));
  if (cohort.length < k) return { cohort: filter, suppressed: true };
  const domainIds = [...new Set(cohort.flatMap((m) => Object.keys(m.domains)))];
  const domains: Record<string, Distribution> = {};
  for (const id of domainIds) {
    const values = cohort.map((m) => m.domains[id]).filter((v): v is number => v !== undefined);
    if (values.length >= k) domains[id] = distribution(values);
  }
  return { cohort: filter, suppressed: false, n: cohort.length, overall: distribution(cohort.map((m) => m.overall)), domains };
}

export interface PositionInCohort {
  cohort: CohortFilter;
  suppressed: boolean;
  n?: number;
  overall?: { score: number; percentile: number; p25: number; p50: number; p75: number };
  domains?: Record<string, { score: number; percentile: number; p25: number; p50: number; p75: number }>;
}

/** Where one organisation's scores stand within a cohort (it counts as a member when it contributes). */
export function positionInCohort(
  members: readonly BenchmarkMember[],
  filter: CohortFilter,
  scores: { overall: number; domains: Record<string, number> },
  k: number,
): PositionInCohort {
  const cohort = members.filter((m) => inCohort(m, filter));
  if (cohort.length < k) return { cohort: filter, suppressed: true };
  const place = (values: number[], score: number) => {
    const d = distribution(values);
    return { score, percentile: round2(percentileRank(values, score)), p25: d.p25, p50: d.p50, p75: d.p75 };
  };
  const domains: NonNullable<PositionInCohort['domains']> = {};
  for (const [id, score] of Object.entries(scores.domains)) {
    const values = cohort.map((m) => m.domains[id]).filter((v): v is number => v !== undefined);
    if (values.length >= k) domains[id] = place(values, score);
  }
  return {
    cohort: filter,
    suppressed: false,
    n: cohort.length,
    overall: place(
      cohort.map((m) => m.overall),
      scores.overall,
    ),
    domains,
  };
}
