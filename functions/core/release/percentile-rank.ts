/**
 * An organisation's percentile rank in its cohort, computed from the released 0.1-grid
 * histogram only, never from the exact data: 100 · (released count below the score's
 * tenth bin + ½ · the count in it) / released total. Post-processing of a released figure,
 * so it costs no privacy; its resolution is the 0.1 grid (ties are the whole bin).
 *
 * Its interval uses the prefix bounds of ./intervals.ts (the same 90% event as the
 * quantile intervals): the true rank lies between 100 · P_b / N and 100 · P_{b+1} / N
 * for the score's bin b, so between 100 · P_b,low / N_high and 100 · P_{b+1},high / N_low.
 */
import { prefixBounds, type Estimate, type QuantileIntervalInput } from './intervals';
import { clampScore, TENTH_BINS } from './score-grid';

const tenthBinOf = (score: number) => Math.min(TENTH_BINS - 1, Math.floor(Math.round(clampScore(score) * 100) / 10));

export function percentileRankFromTenths(tenths: readonly number[], score: number): number {
  if (tenths.length !== TENTH_BINS) throw new RangeError(`expected ${TENTH_BINS} tenth bins, got ${tenths.length}`);
  const bin = tenthBinOf(score);
  const bins = tenths.map((c) => Math.max(0, c));
  const total = bins.reduce((a, b) => a + b, 0);
  if (total === 0) return 50;
  const below = bins.slice(0, bin).reduce((a, b) => a + b, 0);
  return (100 * (below + bins[bin]! / 2)) / total;
}

/** The rank (0–100, two decimals) with its 90% interval; `input.tenths` are the unclamped released bins. */
export function percentileRankEstimate(input: QuantileIntervalInput, score: number): Estimate {
  const value = percentileRankFromTenths(input.tenths, score);
  const bin = tenthBinOf(score);
  const { low, high, nLow, nHigh } = prefixBounds(input);
  const round = (x: number) => Math.round(Math.min(100, Math.max(0, x)) * 100) / 100;
  const v = round(value);
  return { value: v, low: Math.min(v, round((100 * low[bin]!) / nHigh)), high: Math.max(v, round((100 * high[bin + 1]!) / nLow)) };
}
