/**
 * Cohort statistics and an organisation's position, from the merged dense histograms of
 * a cell (privacy.ts decides what may be shown). The work is a fixed number of passes
 * over 501 bins per metric, whatever the number of submissions.
 */
import { round2 } from '../numbers';
import { OVERALL } from './contributions';
import { countOfDense, distributionOfDense, percentileRankInDense, percentilesOfDense, type DenseCounts } from './dense-histogram';
import type { Distribution } from './histogram';

export type { Distribution } from './histogram';

/** Statistics of a shown cohort; domains that fewer than k organisations have are left out. */
export function statisticsOf(counts: DenseCounts, k: number) {
  const overall = counts.metrics.get(OVERALL);
  if (!overall || countOfDense(overall) === 0) throw new Error('a shown cohort has an overall histogram');
  const domains: Record<string, Distribution> = {};
  for (const id of [...counts.metrics.keys()].sort()) {
    const d = counts.metrics.get(id)!;
    if (id !== OVERALL && countOfDense(d) >= k) domains[id] = distributionOfDense(d);
  }
  return { n: counts.n, overall: distributionOfDense(overall), domains };
}

export interface Placement {
  score: number;
  /** Share of the cohort below the score, ties as half, in [0, 100]. */
  percentile: number;
  p25: number;
  p50: number;
  p75: number;
}

export function placeIn(counts: DenseCounts, scores: { overall: number; domains: Record<string, number> }, k: number) {
  const place = (metric: string, score: number): Placement | undefined => {
    const d = counts.metrics.get(metric);
    if (!d || countOfDense(d) < k) return undefined;
    const [p25, p50, p75] = percentilesOfDense(d, [25, 50, 75]).map(round2) as [number, number, number];
    return { score, percentile: round2(percentileRankInDense(d, score)), p25, p50, p75 };
  };
  const domains: Record<string, Placement> = {};
  for (const [id, score] of Object.entries(scores.domains)) {
    const p = place(id, score);
    if (p) domains[id] = p;
  }
  return { n: counts.n, overall: place(OVERALL, scores.overall)!, domains };
}
