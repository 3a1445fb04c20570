/**
 * Percentiles and percentile ranks, as defined in docs/benchmarks.md: linear
 * interpolation between closest ranks (the "R-7" / spreadsheet PERCENTILE.INC rule).
 */

/** The p-th percentile (p in [0, 100]) of values already sorted ascending. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of an empty list');
  const h = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}

/** Share of values below x, counting ties as half, in [0, 100]. */
export function percentileRank(values: readonly number[], x: number): number {
  if (values.length === 0) throw new Error('percentile rank in an empty list');
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below += 1;
    else if (v === x) equal += 1;
  }
  return (100 * (below + equal / 2)) / values.length;
}

export { round2 } from '../numbers';
