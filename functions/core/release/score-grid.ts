/**
 * The score grids a release works on, and the post-processing between them.
 *
 * Scores are 0.00–5.00 in hundredths, so the exact cohort data are 501 "fine" bins
 * (bin i holds the score i/100, as in ../benchmark/dense-histogram.ts). A release
 * publishes a coarser noisy histogram on a 0.1 grid, 51 "tenth" bins (bin j holds the
 * scores in [j/10, (j+1)/10); 5.00, alone in [5.0, 5.1), is bin 50), because one 0.01 bin
 * per score would give small cohorts away even with noise. The 10 half-level chart bins
 * the web shows are sums of 5 consecutive tenth bins (the last also takes 5.00): pure
 * post-processing of the released tenths, so they cost no privacy (Dwork & Roth 2014,
 * Prop. 2.1).
 */
import type { DenseHistogram } from '../benchmark/dense-histogram';

export const FINE_BINS = 501;
export const TENTH_BINS = 51;
export const CHART_BINS = 10;
export const MAX_SCORE = 5;
/** Fine bins per tenth bin. */
const FINE_PER_TENTH = 10;
/** Tenth bins per chart bin (0.5 wide). */
const TENTHS_PER_CHART = 5;
/** Slot of fine bin 0 in a dense histogram (after count and sum). */
const FIRST_BIN = 2;

/** The 501 fine bin counts of a dense histogram, or all zeros when the metric is absent. */
export function fineCounts(dense: DenseHistogram | undefined): number[] {
  const out = new Array<number>(FINE_BINS).fill(0);
  if (!dense) return out;
  for (let i = 0; i < FINE_BINS; i++) out[i] = dense[FIRST_BIN + i]!;
  return out;
}

/** Sum of fine bin indices (scores in hundredths), the integer the mean is released from. */
export function sumOfHundredths(fine: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < fine.length; i++) sum += i * fine[i]!;
  return sum;
}

export const countOf = (bins: readonly number[]): number => bins.reduce((a, b) => a + b, 0);

/** The tenth bin a fine bin falls in (5.00 in bin 50). */
export const tenthOfFine = (fine: number): number => Math.floor(fine / FINE_PER_TENTH);

/** Fine counts regrouped on the 0.1 grid. */
export function tenthCounts(fine: readonly number[]): number[] {
  if (fine.length !== FINE_BINS) throw new RangeError(`expected ${FINE_BINS} fine bins, got ${fine.length}`);
  const out = new Array<number>(TENTH_BINS).fill(0);
  fine.forEach((count, i) => {
    out[tenthOfFine(i)]! += count;
  });
  return out;
}

/** Released tenth bins → 10 chart bins, each the sum of 5 consecutive tenths; 5.00 joins the last. */
export function chartOfTenths(tenths: readonly number[]): number[] {
  if (tenths.length !== TENTH_BINS) throw new RangeError(`expected ${TENTH_BINS} tenth bins, got ${tenths.length}`);
  const out = new Array<number>(CHART_BINS).fill(0);
  tenths.forEach((count, j) => {
    out[Math.min(CHART_BINS - 1, Math.floor(j / TENTHS_PER_CHART))]! += count;
  });
  return out;
}

/** A fine bin index as a score. */
export const scoreOfFine = (fine: number): number => fine / 100;

/** The middle of a tenth bin ([j/10, j/10 + 0.09] → j/10 + 0.05; the last bin is 5.00 alone). */
export const scoreOfTenth = (tenth: number): number => (tenth >= TENTH_BINS - 1 ? MAX_SCORE : Math.round(tenth * 10 + 5) / 100);

export const clampScore = (x: number): number => Math.min(MAX_SCORE, Math.max(0, x));
