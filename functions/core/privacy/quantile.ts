/**
 * An ε-differentially private quantile of a histogram over a finite ascending grid of
 * candidates (AIM: score bins 0..500, i.e. scores ×100, or a coarser grid).
 *
 * Score (OpenDP's make_quantile_score_candidates, whose proof document states it with
 * rational α = a/b and integer arithmetic): for candidate c with L people below c,
 * E at c and G above,
 *     error(c) = | b·L − a·(N − E) | = | (b − a)·L − a·G |,
 * zero at the ideal rank. Sensitivity under adding or removing one person, who
 * contributes exactly one value: a value below c moves L by one (error moves ≤ b − a), a
 * value above c moves G by one (≤ a), a value at c moves neither; so
 *     Δ = max(a, b − a)
 * (OpenDP's score_candidates_map, lemma for SymmetricDistance). The errors of different
 * candidates can move in opposite directions, so the selection pays the factor 2 of the
 * general, non-monotone case.
 *
 * Selection: Permute-and-Flip (./permute-and-flip.ts), where OpenDP uses report-noisy-max;
 * with exact coins every decision is an integer comparison. The released value is always
 * one of the candidates, so it is within the grid by construction.
 */
import { permuteAndFlip } from './permute-and-flip';
import type { RandomSource } from './random-source';
import type { Rational } from './rational';

export interface QuantileQuery {
  /** Non-negative integer counts per bin; bin i holds the people whose value is i. */
  counts: readonly number[];
  /** Strictly ascending bin indices to choose from; every bin when omitted. */
  candidates?: readonly number[];
  /** The quantile level α = num/den in [0, 1] (1/2 for the median). */
  alpha: Rational;
  /** Privacy loss of this one release. */
  epsilon: Rational;
}

/** Selects a candidate bin with ε-DP. */
export function privateQuantile(source: RandomSource, query: QuantileQuery): number {
  const candidates = query.candidates ?? query.counts.map((_, i) => i);
  const errors = quantileErrors(query.counts, candidates, query.alpha);
  const index = permuteAndFlip(source, errors, quantileSensitivity(query.alpha), query.epsilon);
  return candidates[index]!;
}

/** error(c) for each candidate c, as defined above. */
export function quantileErrors(counts: readonly number[], candidates: readonly number[], alpha: Rational): bigint[] {
  checkAlpha(alpha);
  checkCounts(counts);
  checkCandidates(candidates, counts.length);
  const below = prefixSums(counts);
  const total = below[counts.length]!;
  return candidates.map((c) => {
    const at = BigInt(counts[c]!);
    const error = alpha.den * below[c]! - alpha.num * (total - at);
    return error < 0n ? -error : error;
  });
}

/** Δ = max(a, b − a) for α = a/b: how far one added or removed person can move any error. */
export function quantileSensitivity(alpha: Rational): bigint {
  checkAlpha(alpha);
  const above = alpha.den - alpha.num;
  // biome-ignore lint/complexity/useMathMinMax: these are bigints, which Math.min and Math.max do not take
  return alpha.num > above ? alpha.num : above; // ≥ den/2 > 0
}

/** below[i] = people in bins < i; below[length] = everyone. */
function prefixSums(counts: readonly number[]): bigint[] {
  const sums = [0n];
  for (const count of counts) sums.push(sums[sums.length - 1]! + BigInt(count));
  return sums;
}

function checkAlpha(alpha: Rational): void {
  if (alpha.den <= 0n || alpha.num < 0n || alpha.num > alpha.den) throw new RangeError(`α must be in [0, 1], got ${alpha.num}/${alpha.den}`);
}

function checkCounts(counts: readonly number[]): void {
  if (counts.length === 0) throw new RangeError('the histogram needs at least one bin');
  for (const count of counts) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`counts must be non-negative integers, got ${count}`);
  }
}

function checkCandidates(candidates: readonly number[], bins: number): void {
  if (candidates.length === 0) throw new RangeError('at least one candidate is needed');
  candidates.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= bins) throw new RangeError(`candidate ${c} is not a bin of the histogram`);
    if (i > 0 && c <= candidates[i - 1]!) throw new RangeError('candidates must be strictly ascending');
  });
}
