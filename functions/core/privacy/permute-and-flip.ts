/**
 * ε-DP selection of the best of a finite set of candidates by Permute-and-Flip
 * (McKenna & Sheldon, "Permute-and-Flip: A new mechanism for differentially private
 * selection", NeurIPS 2020, arXiv:2010.12603, Algorithm 1): visit the candidates in a
 * uniformly random order and stop at the first whose coin comes up heads, the coin of
 * candidate r being Bernoulli(exp(−ε·(error_r − error_min)/(2Δ))). The best candidate's
 * coin always comes up heads, so one pass suffices.
 *
 * Its expected error is never worse than the exponential mechanism's (McKenna & Sheldon
 * Thm. 2), and it equals report-noisy-max with exponential noise (Ding, Kifer, Wang et al.
 * 2021, arXiv:2105.07260), the selection OpenDP offers as make_noisy_max. Here the coins
 * are exact (CKS20 Algorithm 1 on a rational exponent), so no floating-point value ever
 * decides what is released.
 *
 * Scores are errors (lower is better) given as non-negative bigints, as OpenDP's
 * quantile scorer produces them; Δ bounds how much any one error can move when one
 * person is added or removed.
 */
import { bernoulliExpMinus } from './exact-samplers';
import { uniformSmallBelow, type RandomSource } from './random-source';
import type { Rational } from './rational';

/** The index of the selected candidate. */
export function permuteAndFlip(source: RandomSource, errors: readonly bigint[], sensitivity: bigint, epsilon: Rational): number {
  if (errors.length === 0) throw new RangeError('permute-and-flip needs at least one candidate');
  if (sensitivity <= 0n) throw new RangeError(`sensitivity must be positive, got ${sensitivity}`);
  if (epsilon.num <= 0n || epsilon.den <= 0n) throw new RangeError(`ε must be positive, got ${epsilon.num}/${epsilon.den}`);
  // biome-ignore lint/complexity/useMathMinMax: these are bigints, which Math.min and Math.max do not take
  const best = errors.reduce((a, b) => (b < a ? b : a));
  // Lazy Fisher–Yates: each step picks uniformly among the not-yet-visited candidates,
  // which visits them in a uniformly random order without shuffling the tail we never reach.
  const unvisited = errors.map((_, i) => i);
  for (let remaining = unvisited.length; remaining > 0; remaining--) {
    const pick = uniformSmallBelow(source, remaining);
    const candidate = unvisited[pick]!;
    unvisited[pick] = unvisited[remaining - 1]!;
    const gap = errors[candidate]! - best;
    if (bernoulliExpMinus(source, { num: epsilon.num * gap, den: 2n * sensitivity * epsilon.den })) return candidate;
  }
  throw new Error('unreachable: the best candidate always flips heads');
}
