/**
 * Fixed-bin histograms of scores: 501 bins of width 0.01 over [0, 5] (bin i holds the
 * score i/100). Scores carry two decimals (docs/scoring.md), so a histogram is exact:
 * every statistic computed from it equals the one computed from the sorted scores.
 * Kept sparsely here (only non-zero bins), for folding deltas and as a reference; the
 * query path works on dense arrays (dense-histogram.ts). Percentiles follow
 * docs/benchmarks.md.
 */
import { round2 } from '../numbers';

export const BIN_COUNT = 501;
/** Half-level bins for charts: [0, 0.5), [0.5, 1), …, [4.5, 5]. */
export const CHART_BINS = 10;

export interface Histogram {
  /** Number of values. */
  count: number;
  /** Sum of the bin indices (score × 100), an integer, so that means are exact. */
  sum: number;
  /** Bin index → count; absent bins are zero. */
  bins: Record<number, number>;
}

export const emptyHistogram = (): Histogram => ({ count: 0, sum: 0, bins: {} });

/** The bin of a score in [0, 5] with at most two decimals. */
export function binOf(score: number): number {
  if (!(score >= 0 && score <= 5)) throw new RangeError(`score ${score} is outside [0, 5]`);
  return Math.round(score * 100);
}

export const scoreOfBin = (bin: number) => bin / 100;

export function histogramOf(scores: readonly number[]): Histogram {
  const h = emptyHistogram();
  for (const s of scores) addToHistogram(h, binOf(s), 1);
  return h;
}

/** Adds `times` (may be negative) values in `bin`; bins that reach zero are dropped. */
export function addToHistogram(h: Histogram, bin: number, times: number): void {
  h.count += times;
  h.sum += bin * times;
  const next = (h.bins[bin] ?? 0) + times;
  if (next === 0) delete h.bins[bin];
  else h.bins[bin] = next;
}

export function mergeHistograms(into: Histogram, other: Histogram): Histogram {
  into.count += other.count;
  into.sum += other.sum;
  for (const [bin, c] of Object.entries(other.bins)) {
    const next = (into.bins[Number(bin)] ?? 0) + c;
    if (next === 0) delete into.bins[Number(bin)];
    else into.bins[Number(bin)] = next;
  }
  return into;
}

/** Non-zero bins in ascending order. */
function sortedBins(h: Histogram): [number, number][] {
  return Object.entries(h.bins)
    .map(([b, c]) => [Number(b), c] as [number, number])
    .filter(([, c]) => c !== 0)
    .sort((a, b) => a[0] - b[0]);
}

/** The value at 0-based rank `r` of the sorted values the histogram stands for. */
function valueAtRank(bins: [number, number][], r: number): number {
  let seen = 0;
  for (const [bin, c] of bins) {
    seen += c;
    if (r < seen) return scoreOfBin(bin);
  }
  throw new RangeError(`rank ${r} beyond ${seen} values`);
}

/**
 * The p-th percentile (R-7, linear interpolation between closest ranks): with n values
 * sorted x[0] ≤ … ≤ x[n−1], h = (n − 1)·p/100, result x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]).
 */
export function percentileOfHistogram(h: Histogram, p: number): number {
  if (h.count <= 0) throw new Error('percentile of an empty histogram');
  const bins = sortedBins(h);
  const rank = ((h.count - 1) * p) / 100;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = valueAtRank(bins, lo);
  const b = valueAtRank(bins, hi);
  return a + (rank - lo) * (b - a);
}

/** Share of values below x, ties counted as half, in [0, 100]. */
export function percentileRankInHistogram(h: Histogram, x: number): number {
  if (h.count <= 0) throw new Error('percentile rank in an empty histogram');
  let below = 0;
  let equal = 0;
  const bx = Math.round(x * 100);
  for (const [bin, c] of sortedBins(h)) {
    if (bin < bx) below += c;
    else if (bin === bx) equal += c;
  }
  return (100 * (below + equal / 2)) / h.count;
}

export const meanOfHistogram = (h: Histogram) => h.sum / 100 / h.count;

/** Counts per half-level bin for charts; 5.0 falls in the last bin. */
export function chartBins(h: Histogram): number[] {
  const out = new Array<number>(CHART_BINS).fill(0);
  for (const key in h.bins) out[Math.min(CHART_BINS - 1, Math.floor(Number(key) / 50))]! += h.bins[key]!;
  return out;
}

export interface Distribution {
  mean: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  /** Counts per half-level bin: [0, 0.5), [0.5, 1), …, [4.5, 5]. */
  histogram: number[];
}

/** Dense counts per bin, for one pass over the bins in order. */
function denseBins(h: Histogram): Int32Array {
  const dense = new Int32Array(BIN_COUNT);
  for (const key in h.bins) dense[Number(key)] = h.bins[key]!;
  return dense;
}

/** Percentiles at several p at once (same definition as percentileOfHistogram), one scan. */
export function percentilesOfHistogram(h: Histogram, ps: readonly number[]): number[] {
  if (h.count <= 0) throw new Error('percentile of an empty histogram');
  const dense = denseBins(h);
  const ranks = ps.map((p) => ((h.count - 1) * p) / 100);
  const wanted = [...new Set(ranks.flatMap((r) => [Math.floor(r), Math.ceil(r)]))].sort((a, b) => a - b);
  const valueAt = new Map<number, number>();
  let seen = 0;
  let w = 0;
  for (let bin = 0; bin < BIN_COUNT && w < wanted.length; bin++) {
    seen += dense[bin]!;
    while (w < wanted.length && wanted[w]! < seen) valueAt.set(wanted[w++]!, scoreOfBin(bin));
  }
  return ranks.map((r) => {
    const a = valueAt.get(Math.floor(r))!;
    const b = valueAt.get(Math.ceil(r))!;
    return a + (r - Math.floor(r)) * (b - a);
  });
}

export function distributionOfHistogram(h: Histogram): Distribution {
  const [p10, p25, p50, p75, p90] = percentilesOfHistogram(h, [10, 25, 50, 75, 90]).map(round2) as [number, number, number, number, number];
  return { mean: round2(meanOfHistogram(h)), p10, p25, p50, p75, p90, histogram: chartBins(h) };
}
