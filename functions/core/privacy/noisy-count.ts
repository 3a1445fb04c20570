/**
 * Counts and histogram bins released with discrete Laplace noise (the geometric
 * mechanism, Ghosh, Roughgarden & Sundararajan 2009; sampled exactly by CKS20 Algorithm 2,
 * ./exact-samplers.ts), and the width of the interval that holds the noise with a given
 * confidence, for the intervals shown beside released figures.
 *
 * Noise of scale t = Δ/ε on an integer query whose value moves by at most Δ (in L1, over
 * the whole vector) when one person is added or removed gives ε-DP. A histogram where
 * each person falls in exactly one bin has Δ = 1 for the whole vector, so every bin gets
 * scale 1/ε and the histogram costs ε once, not ε per bin. Noisy counts can be negative;
 * clamping them at 0 is the caller's post-processing and costs nothing.
 */
import { discreteLaplace } from './exact-samplers';
import type { RandomSource } from './random-source';
import type { Rational } from './rational';

/** t = Δ/ε as an exact rational. */
export function laplaceScale(sensitivity: number, epsilon: Rational): Rational {
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1) throw new RangeError(`sensitivity must be a positive integer, got ${sensitivity}`);
  if (epsilon.num <= 0n || epsilon.den <= 0n) throw new RangeError(`ε must be positive, got ${epsilon.num}/${epsilon.den}`);
  return { num: BigInt(sensitivity) * epsilon.den, den: epsilon.num };
}

/** count + discrete Laplace noise of scale Δ/ε. */
export function noisyCount(source: RandomSource, count: number, sensitivity: number, epsilon: Rational): number {
  if (!Number.isSafeInteger(count)) throw new RangeError(`count must be an integer, got ${count}`);
  return count + Number(discreteLaplace(source, laplaceScale(sensitivity, epsilon)));
}

/** Every bin plus independent noise of scale Δ/ε, Δ the L1 sensitivity of the whole histogram. */
export function noisyHistogram(source: RandomSource, counts: readonly number[], sensitivity: number, epsilon: Rational): number[] {
  return counts.map((count) => noisyCount(source, count, sensitivity, epsilon));
}

/**
 * P(|X| > w) for X discrete Laplace with scale t and integer w ≥ 0.
 * With q = e^{−1/t}, P(X = x) = (1 − q)/(1 + q) · q^{|x|}, so
 *   P(|X| > w) = 2 · (1 − q)/(1 + q) · Σ_{x ≥ w+1} q^x = 2·q^{w+1}/(1 + q).
 * Floating point is fine here: this describes accuracy, it decides nothing released.
 */
export function discreteLaplaceTail(scale: Rational, w: number): number {
  if (!Number.isInteger(w) || w < 0) throw new RangeError(`w must be a non-negative integer, got ${w}`);
  const q = Math.exp(-Number(scale.den) / Number(scale.num));
  return (2 * q ** (w + 1)) / (1 + q);
}

/**
 * The smallest integer w ≥ 0 with P(|X| > w) ≤ β: the noisy value is within ±w of the
 * true one with probability at least 1 − β. Solving 2q^{w+1}/(1+q) ≤ β gives
 * w ≥ t·ln(2/(β(1+q))) − 1; the real-valued part t·ln(2/(β(1+q))) is OpenDP's
 * discrete_laplacian_scale_to_accuracy, and w is its ceiling minus one. The first guess
 * is then corrected against the tail formula so rounding cannot move it.
 */
export function discreteLaplaceHalfWidth(scale: Rational, beta: number): number {
  if (!(beta > 0 && beta < 1)) throw new RangeError(`β must be in (0, 1), got ${beta}`);
  const t = Number(scale.num) / Number(scale.den);
  const q = Math.exp(-1 / t);
  let w = Math.max(0, Math.ceil(t * Math.log(2 / (beta * (1 + q)))) - 1);
  while (discreteLaplaceTail(scale, w) > beta) w++;
  while (w > 0 && discreteLaplaceTail(scale, w - 1) <= beta) w--;
  return w;
}
