/**
 * Releases several quantiles of one histogram (AIM's p10, p25, p50, p75, p90), each by
 * its own ε-DP quantile selection (./quantile.ts) with its own share of the budget.
 *
 * Budget: by basic sequential composition (Dwork & Roth, "The Algorithmic Foundations of
 * Differential Privacy", 2014, Thm. 3.16) the set costs the sum of the shares, which must
 * not exceed the budget given; the check is exact (rational arithmetic) and fails before
 * any randomness is drawn.
 *
 * Post-processing: independent selections can come out crossed (a p25 above the p50).
 * The released values are sorted, so they are non-decreasing in the level, and they are
 * grid candidates, so they are within the grid. Both steps only look at the private
 * outputs, never at the data, so they cost no privacy (post-processing invariance,
 * Dwork & Roth Prop. 2.1).
 */
import { addRationals, compareRationals, ratio, type Rational } from './rational';
import { privateQuantile } from './quantile';
import type { RandomSource } from './random-source';

export interface QuantileLevel {
  /** α = num/den in [0, 1]. */
  alpha: Rational;
  /** This quantile's share of the budget. */
  epsilon: Rational;
}

export interface QuantileSetQuery {
  counts: readonly number[];
  candidates?: readonly number[];
  /** Strictly ascending in α. */
  levels: readonly QuantileLevel[];
  /** The most this release may spend. */
  budget: Rational;
}

export interface QuantileSet {
  /** One selected bin per level, in the order of `levels`, non-decreasing. */
  values: number[];
  /** The privacy loss actually spent: the sum of the shares. */
  spent: Rational;
}

export function releaseQuantiles(source: RandomSource, query: QuantileSetQuery): QuantileSet {
  if (query.levels.length === 0) throw new RangeError('at least one quantile level is needed');
  query.levels.forEach((level, i) => {
    if (i > 0 && compareRationals(level.alpha, query.levels[i - 1]!.alpha) <= 0) throw new RangeError('levels must be strictly ascending in α');
  });
  const spent = query.levels.reduce<Rational>((sum, level) => addRationals(sum, level.epsilon), ratio(0));
  if (compareRationals(spent, query.budget) > 0) {
    throw new RangeError(`the shares add up to ${spent.num}/${spent.den}, over the budget of ${query.budget.num}/${query.budget.den}`);
  }
  const selected = query.levels.map((level) =>
    privateQuantile(source, { counts: query.counts, candidates: query.candidates, alpha: level.alpha, epsilon: level.epsilon }),
  );
  return { values: selected.sort((a, b) => a - b), spent };
}

/** The budget split into `parts` equal shares (exact: budget·1/parts each). */
export function evenShares(budget: Rational, parts: number): Rational[] {
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
  return Array.from({ length: parts }, () => ({ num: budget.num, den: budget.den * BigInt(parts) }));
}
