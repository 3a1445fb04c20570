/**
 * The discrete Gaussian on the integers, P(X = x) ∝ exp(−x²/(2σ²)), σ² rational,
 * sampled exactly by CKS20 Algorithm 3 (Canonne, Kamath & Steinke, NeurIPS 2020,
 * arXiv:2004.00010; OpenDP's sample_discrete_gaussian): propose from a discrete Laplace
 * with scale t = ⌊σ⌋ + 1 and accept with probability
 * exp(−(|Y| − σ²/t)² / (2σ²)). Kept for zero-concentrated DP releases, should AIM
 * account budgets that way; the ε-DP releases use discrete Laplace noise.
 */
import { bernoulliExpMinus, discreteLaplace } from './exact-samplers';
import type { RandomSource } from './random-source';
import type { Rational } from './rational';

export function discreteGaussian(source: RandomSource, sigmaSquared: Rational): bigint {
  const { num: n, den: d } = sigmaSquared;
  if (d <= 0n || n <= 0n) throw new RangeError(`σ² must be a positive rational, got ${n}/${d}`);
  // ⌊σ⌋ = ⌊√(n/d)⌋ = ⌊√⌊n/d⌋⌋, because k² ≤ n/d ⇔ k² ≤ ⌊n/d⌋ for an integer k.
  const t = integerSquareRoot(n / d) + 1n;
  for (;;) {
    const candidate = discreteLaplace(source, { num: t, den: 1n });
    const magnitude = candidate < 0n ? -candidate : candidate;
    // (|Y| − σ²/t)² / (2σ²) = (|Y|·d·t − n)² / (2·n·d·t²), exactly.
    const gap = magnitude * d * t - n;
    if (bernoulliExpMinus(source, { num: gap * gap, den: 2n * n * d * t * t })) return candidate;
  }
}

/** ⌊√m⌋ for m ≥ 0, by Newton's iteration on integers. */
export function integerSquareRoot(m: bigint): bigint {
  if (m < 0n) throw new RangeError('square root of a negative number');
  if (m < 2n) return m;
  let x = 1n << BigInt(Math.ceil(m.toString(2).length / 2)); // ≥ √m
  for (;;) {
    const next = (x + m / x) / 2n;
    if (next >= x) return x;
    x = next;
  }
}
