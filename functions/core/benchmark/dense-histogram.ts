/**
 * Dense histograms for the query path: one Float64Array of 2 + 501 slots (count, sum of
 * bin indices, then the count of every bin), the layout the cells are stored in. Every
 * operation walks the fixed 501 bins, so a query costs the same however many
 * submissions (and distinct scores) a cohort holds. Float64 keeps counts and sums exact
 * (integers below 2^53) where int32 could overflow when shards and populations add up.
 * Results equal those of histogram.ts (same R-7 definition, docs/benchmarks.md).
 */
import { round2 } from '../numbers';
import { BIN_COUNT, CHART_BINS, scoreOfBin, type Distribution, type Histogram } from './histogram';

export const DENSE_LENGTH = 2 + BIN_COUNT;
const COUNT = 0;
const SUM = 1;
const FIRST_BIN = 2;
/** Bins per chart bin (0.5 wide); the last chart bin also takes 5.0. */
const BINS_PER_CHART_BIN = 50;

export type DenseHistogram = Float64Array;

/** A cohort's counts on the query path: organisations and a dense histogram per metric. */
export interface DenseCounts {
  n: number;
  metrics: Map<string, DenseHistogram>;
}

export const emptyDense = (): DenseHistogram => new Float64Array(DENSE_LENGTH);
export const emptyDenseCounts = (): DenseCounts => ({ n: 0, metrics: new Map() });
export const countOfDense = (d: DenseHistogram) => d[COUNT]!;

/** Adds values laid out as count, sum, 501 bins (a dense histogram or a stored int32 array). */
export function addDense(into: DenseHistogram, from: ArrayLike<number>): DenseHistogram {
  if (from.length !== DENSE_LENGTH) throw new RangeError(`a dense histogram has ${DENSE_LENGTH} slots, not ${from.length}`);
  for (let i = 0; i < DENSE_LENGTH; i++) into[i]! += from[i]!;
  return into;
}

/** The histogram of `metric` in `counts`, created empty when absent. */
export function denseMetric(counts: DenseCounts, metric: string): DenseHistogram {
  let d = counts.metrics.get(metric);
  if (!d) {
    d = emptyDense();
    counts.metrics.set(metric, d);
  }
  return d;
}

/** Adds `other` into `into` (the shards of a cell). */
export function addDenseCounts(into: DenseCounts, other: DenseCounts): DenseCounts {
  into.n += other.n;
  for (const [metric, d] of other.metrics) addDense(denseMetric(into, metric), d);
  return into;
}

/** Adds a sparse histogram into a dense one (a delta's counts may be negative). */
export function addHistogram(into: DenseHistogram, h: Histogram): DenseHistogram {
  into[COUNT]! += h.count;
  into[SUM]! += h.sum;
  for (const key in h.bins) into[FIRST_BIN + Number(key)]! += h.bins[key]!;
  return into;
}

export const denseOf = (h: Histogram): DenseHistogram => addHistogram(emptyDense(), h);

/** The sparse form of a dense histogram: only bins with a count. */
export function histogramOfDense(d: DenseHistogram): Histogram {
  const h: Histogram = { count: d[COUNT]!, sum: d[SUM]!, bins: {} };
  for (let bin = 0; bin < BIN_COUNT; bin++) if (d[FIRST_BIN + bin] !== 0) h.bins[bin] = d[FIRST_BIN + bin]!;
  return h;
}

export function denseCountsOf(counts: { n: number; metrics: Record<string, Histogram> }): DenseCounts {
  return { n: counts.n, metrics: new Map(Object.entries(counts.metrics).map(([m, h]) => [m, denseOf(h)])) };
}

export const meanOfDense = (d: DenseHistogram) => d[SUM]! / 100 / d[COUNT]!;

/**
 * Percentiles at several p in one pass over the bins: with n values sorted
 * x[0] ≤ … ≤ x[n−1] and h = (n − 1)·p/100, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]), where
 * x[r] is the score of the bin where the cumulative count first exceeds r.
 */
export function percentilesOfDense(d: DenseHistogram, ps: readonly number[]): number[] {
  const n = d[COUNT]!;
  if (n <= 0) throw new Error('percentile of an empty histogram');
  const m = ps.length;
  // ranks[2i] = ⌊h_i⌋, ranks[2i+1] = ⌈h_i⌉; values filled in ascending rank order.
  const ranks = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) {
    const h = ((n - 1) * ps[i]!) / 100;
    ranks[2 * i] = Math.floor(h);
    ranks[2 * i + 1] = Math.ceil(h);
  }
  const order = Array.from(ranks.keys()).sort((a, b) => ranks[a]! - ranks[b]!);
  const values = new Float64Array(2 * m);
  let seen = 0;
  let w = 0;
  for (let bin = 0; bin < BIN_COUNT && w < order.length; bin++) {
    seen += d[FIRST_BIN + bin]!;
    while (w < order.length && ranks[order[w]!]! < seen) values[order[w++]!] = scoreOfBin(bin);
  }
  if (w < order.length) throw new RangeError(`rank beyond ${seen} values`);
  const out = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    const h = ((n - 1) * ps[i]!) / 100;
    const a = values[2 * i]!;
    const b = values[2 * i + 1]!;
    out[i] = a + (h - Math.floor(h)) * (b - a);
  }
  return out;
}

/** Share of values below x, ties counted as half, in [0, 100]. */
export function percentileRankInDense(d: DenseHistogram, x: number): number {
  const n = d[COUNT]!;
  if (n <= 0) throw new Error('percentile rank in an empty histogram');
  const bx = Math.round(x * 100);
  let below = 0;
  for (let bin = 0; bin < BIN_COUNT && bin < bx; bin++) below += d[FIRST_BIN + bin]!;
  const equal = bx >= 0 && bx < BIN_COUNT ? d[FIRST_BIN + bx]! : 0;
  return (100 * (below + equal / 2)) / n;
}

/** Counts per half-level bin for charts; 5.0 falls in the last bin. */
export function chartBinsOfDense(d: DenseHistogram): number[] {
  const out = new Array<number>(CHART_BINS).fill(0);
  for (let bin = 0; bin < BIN_COUNT; bin++) out[Math.min(CHART_BINS - 1, Math.floor(bin / BINS_PER_CHART_BIN))]! += d[FIRST_BIN + bin]!;
  return out;
}

export function distributionOfDense(d: DenseHistogram): Distribution {
  const [p10, p25, p50, p75, p90] = percentilesOfDense(d, [10, 25, 50, 75, 90]).map(round2) as [number, number, number, number, number];
  return { mean: round2(meanOfDense(d)), p10, p25, p50, p75, p90, histogram: chartBinsOfDense(d) };
}
