/**
 * 90% intervals for the released figures, computed from released values and the public
 * noise scales only (post-processing, so they cost no privacy). Floating point is fine
 * here: these describe accuracy and decide nothing that is released.
 *
 * - Count: ñ ± w with w = discreteLaplaceHalfWidth(scale, 0.1): P(|noise| > w) ≤ 0.1.
 * - Mean: the sum's and the count's noise are each bounded at β = 0.05 (so both hold
 *   with probability ≥ 0.9, union bound); then S ∈ [s̃ − w_s, s̃ + w_s] ∩ [0, 500·N] and
 *   N ∈ [ñ − w_n, ñ + w_n] ∩ [1, ∞), and the true mean S/(100·N) lies in
 *   [S_lo/(100·N_hi), S_hi/(100·N_lo)] ∩ [0, 5] because S ≥ 0. Conservative: the worst
 *   corners of both boxes at once.
 * - Quantiles (overall): from the released 0.1-grid histogram and count. Every prefix
 *   count P_j (organisations below j/10) is bounded twice, as the sum of the first j
 *   noisy bins ± a Chernoff bound on a sum of j discrete Laplace noises, and as
 *   N minus the sum of the last 51 − j bins; with β = 0.08 spread over these 100 sums and
 *   β = 0.02 on the count, all bounds hold together with probability ≥ 0.9 (union
 *   bound). Under that event the R-7 quantile q = x⌊h⌋ + frac·(x⌈h⌉ − x⌊h⌋),
 *   h = (N − 1)α, lies in [x⌊h⌋, x⌈h⌉], and x_r ≥ j/10 whenever P_j ≤ r, x_r < (j+1)/10
 *   whenever P_{j+1} ≥ r + 1; taking the worst N in its range gives the interval. All five
 *   overall quantiles are covered simultaneously. It ignores the selection mechanism's
 *   own accuracy, whose rank bound (error ≤ OPT + (2Δ/ε)·ln(|C|/β), McKenna & Sheldon
 *   2020) needs the data's spacing to become a score range, which only this histogram
 *   reveals; so the interval is as wide as the histogram's noise makes it, and it is
 *   widened to contain the released value.
 * - Domain medians: nothing about a domain's spread is released (only its median and
 *   count), so no released figure narrows the range: the interval is [0, 5].
 */
import { discreteLaplaceHalfWidth } from '../privacy/noisy-count';
import type { Rational } from '../privacy/rational';
import { clampScore, MAX_SCORE, TENTH_BINS } from './score-grid';

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/** Confidence of every interval. */
export const CONFIDENCE = 0.9;
const BETA = 1 - CONFIDENCE;

export function countInterval(noisy: number, scale: Rational): { value: number; interval: [number, number] } {
  const w = discreteLaplaceHalfWidth(scale, BETA);
  const value = Math.max(0, noisy);
  return { value, interval: [Math.max(0, noisy - w), Math.max(value, noisy + w)] };
}

export function meanEstimate(noisySum: number, sumScale: Rational, noisy: number, countScale: Rational): Estimate {
  const ws = discreteLaplaceHalfWidth(sumScale, BETA / 2);
  const wn = discreteLaplaceHalfWidth(countScale, BETA / 2);
  const value = clampScore(noisySum / 100 / Math.max(noisy, 1));
  const nLow = Math.max(1, noisy - wn);
  const nHigh = Math.max(nLow, noisy + wn);
  const sLow = Math.max(0, noisySum - ws);
  const sHigh = Math.min(500 * nHigh, noisySum + ws);
  const low = Math.min(value, clampScore(sLow / 100 / nHigh));
  const high = Math.max(value, clampScore(sHigh / 100 / nLow));
  return { value, low, high };
}

/**
 * The smallest integer w ≥ 0 with P(|X₁ + … + X_k| > w) ≤ β for X_i independent discrete
 * Laplace of scale t, by the Chernoff bound. X = G₁ − G₂ with G geometric of ratio
 * q = e^{−1/t}, so E[e^{λX}] = (1 − q)² / ((1 − q·e^λ)(1 − q·e^{−λ})) for 0 < λ < 1/t and
 * P(|S| ≥ s) ≤ 2·e^{−λs}·E[e^{λX}]^k. Any λ gives a valid bound, so a grid search over λ
 * is sound; the best s over the grid is kept. Memoised (pure function of its arguments).
 */
export function discreteLaplaceSumHalfWidth(scale: Rational, terms: number, beta: number): number {
  const key = `${scale.num}/${scale.den}:${terms}:${beta}`;
  const known = sumWidthMemo.get(key);
  if (known !== undefined) return known;
  if (!Number.isInteger(terms) || terms < 1) throw new RangeError(`terms must be a positive integer, got ${terms}`);
  if (!(beta > 0 && beta < 1)) throw new RangeError(`β must be in (0, 1), got ${beta}`);
  const rate = Number(scale.den) / Number(scale.num); // 1/t
  const logOneMinusQ = Math.log(-Math.expm1(-rate));
  let best = Infinity;
  const steps = 400;
  for (let k = 1; k < steps; k++) {
    const lambda = (rate * k) / steps;
    const logMgf = 2 * logOneMinusQ - Math.log(-Math.expm1(lambda - rate)) - Math.log(-Math.expm1(-lambda - rate));
    best = Math.min(best, (terms * logMgf + Math.log(2 / beta)) / lambda);
  }
  // P(|S| > w) = P(|S| ≥ w + 1) ≤ β once w + 1 ≥ best.
  const w = Math.max(0, Math.ceil(best) - 1);
  sumWidthMemo.set(key, w);
  return w;
}
const sumWidthMemo = new Map<string, number>();

/** β on the count, and on all 100 prefix and suffix sums together. */
const QUANTILE_COUNT_BETA = 0.02;
const QUANTILE_SUMS_BETA = BETA - QUANTILE_COUNT_BETA;

export interface QuantileIntervalInput {
  /** The released (noisy, unclamped) tenth bins. */
  tenths: readonly number[];
  tenthScale: Rational;
  noisyCount: number;
  countScale: Rational;
}

/** [low, high] for each quantile level α (a/b), simultaneously at 90%, widened to contain `values`. */
export function quantileEstimates(input: QuantileIntervalInput, levels: readonly Rational[], values: readonly number[]): Estimate[] {
  const { low: pLow, high: pHigh, nLow, nHigh } = prefixBounds(input);
  return levels.map((alpha, i) => {
    const a = Number(alpha.num);
    const b = Number(alpha.den);
    const rankLow = Math.floor(((nLow - 1) * a) / b);
    const rankHigh = Math.ceil(((nHigh - 1) * a) / b);
    let low = 0;
    for (let j = TENTH_BINS - 1; j >= 0; j--) {
      if (pHigh[j]! <= rankLow) {
        low = j / 10;
        break;
      }
    }
    let high = MAX_SCORE;
    for (let j = 1; j < TENTH_BINS; j++) {
      if (pLow[j]! >= rankHigh + 1) {
        high = (10 * j - 1) / 100;
        break;
      }
    }
    const value = values[i]!;
    return { value, low: Math.min(low, value), high: Math.max(high, value) };
  });
}

/** Bounds on P_j, j = 0..51 (P_0 = 0, P_51 = N), non-decreasing, and on N, all holding together with probability ≥ 0.9. */
export function prefixBounds(input: QuantileIntervalInput) {
  const { tenths } = input;
  if (tenths.length !== TENTH_BINS) throw new RangeError(`expected ${TENTH_BINS} tenth bins, got ${tenths.length}`);
  const wn = discreteLaplaceHalfWidth(input.countScale, QUANTILE_COUNT_BETA);
  const nLow = Math.max(1, input.noisyCount - wn);
  const nHigh = Math.max(nLow, input.noisyCount + wn);
  const perSum = QUANTILE_SUMS_BETA / (2 * (TENTH_BINS - 1));
  const total = tenths.reduce((x, y) => x + y, 0);
  const low = new Array<number>(TENTH_BINS + 1).fill(0);
  const high = new Array<number>(TENTH_BINS + 1).fill(0);
  low[TENTH_BINS] = nLow;
  high[TENTH_BINS] = nHigh;
  let prefix = 0;
  for (let j = 1; j < TENTH_BINS; j++) {
    prefix += tenths[j - 1]!;
    const suffix = total - prefix;
    const u = discreteLaplaceSumHalfWidth(input.tenthScale, j, perSum);
    const v = discreteLaplaceSumHalfWidth(input.tenthScale, TENTH_BINS - j, perSum);
    low[j] = Math.max(0, prefix - u, nLow - suffix - v);
    high[j] = Math.min(nHigh, prefix + u, nHigh - suffix + v);
  }
  // P is non-decreasing: a bound at one j also bounds its neighbours.
  for (let j = 1; j <= TENTH_BINS; j++) low[j] = Math.max(low[j]!, low[j - 1]!);
  for (let j = TENTH_BINS - 1; j >= 0; j--) high[j] = Math.min(high[j]!, high[j + 1]!);
  return { low, high, nLow, nHigh };
}

export function domainMedianEstimate(value: number): Estimate {
  return { value, low: 0, high: MAX_SCORE };
}
