/**
 * Exact samplers for the discrete noise of AIM's releases, following Canonne, Kamath &
 * Steinke, "The Discrete Gaussian for Differential Privacy", NeurIPS 2020
 * (arXiv:2004.00010, "CKS20"), Section 5, as OpenDP implements it
 * (rust/src/traits/samplers/cks20: sample_bernoulli_exp1, sample_bernoulli_exp,
 * sample_geometric_exp_fast, sample_discrete_laplace).
 *
 * Why not `-t * ln(u)`: a floating-point Laplace sample leaks the noiseless value
 * through which doubles it can and cannot produce (Mironov 2012). Here parameters are
 * rationals, randomness comes only as uniform integers from a RandomSource, and every
 * decision is a bigint comparison, so each sampler's distribution is exactly the one
 * stated, with no rounding anywhere.
 */
import { uniformBelow, fairCoin, type RandomSource } from './random-source';
import type { Rational } from './rational';

/** true with probability exactly p = num/den (0 ≤ p ≤ 1): a uniform draw from [0, den) lands below num. */
export function bernoulliRational(source: RandomSource, p: Rational): boolean {
  if (p.den <= 0n || p.num < 0n || p.num > p.den) throw new RangeError(`probability must be in [0, 1], got ${p.num}/${p.den}`);
  if (p.num === 0n) return false;
  if (p.num === p.den) return true;
  return uniformBelow(source, p.den) < p.num;
}

/**
 * true with probability exactly exp(−γ), γ = num/den ≥ 0.
 *
 * CKS20 Algorithm 1 (von Neumann's method, 1951): for γ ∈ [0, 1], draw
 * Bernoulli(γ/1), Bernoulli(γ/2), … until the first failure at step K; return whether K
 * is odd. P(K odd) = Σ_k (−γ)^k / k! = exp(−γ). For γ > 1 (CKS20 §5.1, and OpenDP's
 * sample_bernoulli_exp): exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)), so draw ⌊γ⌋
 * Bernoulli(exp(−1)) and one Bernoulli(exp(−frac)), stopping at the first failure.
 * Expected work is O(1) whatever γ: each exp(−1) trial fails with probability 0.63.
 */
export function bernoulliExpMinus(source: RandomSource, gamma: Rational): boolean {
  if (gamma.den <= 0n || gamma.num < 0n) throw new RangeError(`γ must be a non-negative rational, got ${gamma.num}/${gamma.den}`);
  const wholeUnits = gamma.num / gamma.den;
  const one: Rational = { num: 1n, den: 1n };
  for (let i = 0n; i < wholeUnits; i++) {
    if (!bernoulliExpMinusUpToOne(source, one)) return false;
  }
  return bernoulliExpMinusUpToOne(source, { num: gamma.num % gamma.den, den: gamma.den });
}

/** CKS20 Algorithm 1 proper, for γ ∈ [0, 1]. */
function bernoulliExpMinusUpToOne(source: RandomSource, gamma: Rational): boolean {
  let k = 1n;
  while (bernoulliRational(source, { num: gamma.num, den: gamma.den * k })) k++;
  return k % 2n === 1n;
}

/**
 * A geometric count Y ≥ 0 with P(Y = y) = (1 − e^{−x}) · e^{−x·y}, x = s/t > 0 rational.
 *
 * CKS20 Algorithm 2, first half (OpenDP's sample_geometric_exp_fast): draw U uniform in
 * {0, …, t−1} and keep it with probability exp(−U/t) (else redraw), then count V, the
 * successes of Bernoulli(exp(−1)) before the first failure. U + t·V is then geometric
 * with ratio e^{−1/t}, and ⌊(U + t·V)/s⌋ geometric with ratio e^{−s/t}.
 */
export function geometricExp(source: RandomSource, x: Rational): bigint {
  if (x.den <= 0n || x.num <= 0n) throw new RangeError(`rate must be a positive rational, got ${x.num}/${x.den}`);
  const s = x.num;
  const t = x.den;
  let u: bigint;
  do u = uniformBelow(source, t);
  while (!bernoulliExpMinus(source, { num: u, den: t }));
  let v = 0n;
  const one: Rational = { num: 1n, den: 1n };
  while (bernoulliExpMinus(source, one)) v++;
  return (u + t * v) / s;
}

/**
 * The discrete Laplace distribution on the integers with rational scale t > 0:
 * P(X = x) = (e^{1/t} − 1)/(e^{1/t} + 1) · e^{−|x|/t}. Adding it to an integer query of
 * sensitivity Δ with t = Δ/ε is ε-differentially private (CKS20 §2; Ghosh, Roughgarden &
 * Sundararajan 2009, "geometric mechanism").
 *
 * CKS20 Algorithm 2, second half (OpenDP's sample_discrete_laplace): a magnitude
 * Y ~ geometricExp(1/t) and a fair sign; (negative, 0) is rejected so that 0 is not
 * counted twice.
 */
export function discreteLaplace(source: RandomSource, scale: Rational): bigint {
  if (scale.den <= 0n || scale.num <= 0n) throw new RangeError(`scale must be a positive rational, got ${scale.num}/${scale.den}`);
  const rate: Rational = { num: scale.den, den: scale.num };
  for (;;) {
    const negative = fairCoin(source);
    const magnitude = geometricExp(source, rate);
    if (!negative) return magnitude;
    if (magnitude !== 0n) return -magnitude;
  }
}
