/**
 * Which synthetic (demo) cohorts may be shown exactly (docs/benchmarks.md, "Demo cohorts:
 * the k rules"); real organisations' figures come only from differentially private
 * releases (../release), which these rules cannot replace:
 * 1. k-anonymity: fewer than k organisations → suppressed, no count.
 * 2. Differencing: when a broader cohort an analyst can ask for (some fixed dimensions
 *    opened) holds more organisations than this one, but fewer than k more, the
 *    narrower one is suppressed, so the two can never be subtracted.
 * 3. Complementary suppression across siblings (`hiddenSiblings`, below).
 */
export interface CountsOf {
  /** Organisations in the cohort itself. */
  n: number;
  /** Organisations in each broader cohort (some fixed dimensions opened). */
  ancestors: readonly number[];
}

export type Verdict = 'shown' | 'too-few' | 'differencing';

export function verdict({ n, ancestors }: CountsOf, k: number): Verdict {
  if (n < k) return 'too-few';
  if (ancestors.some((a) => a - n > 0 && a - n < k)) return 'differencing';
  return 'shown';
}

/** A cohort's sibling along one dimension: the same cohort with that dimension set to `value`. */
export interface Sibling {
  value: string;
  /** Organisations in it. */
  n: number;
  /** Whether rules 1 and 2 alone would show it. */
  shown: boolean;
}

/**
 * 4. Complementary suppression. Along a dimension on which every organisation has one
 *    value, a cohort and its siblings add up to the broader cohort with that dimension
 *    opened, so the broader cohort minus every shown sibling gives the hidden siblings
 *    together. That must not be a small group (1 to k − 1 organisations), nor one
 *    sibling on its own (it was hidden for a reason, such as differencing). If it would
 *    be, the smallest shown sibling (first in taxonomy order on a tie) is hidden as well.
 *    `siblings` come in taxonomy order (the cohort itself among them); returns the
 *    values hidden along this dimension.
 */
export function hiddenSiblings(siblings: readonly Sibling[], k: number): Set<string> {
  const hidden = new Set(siblings.filter((s) => !s.shown).map((s) => s.value));
  const occupied = siblings.filter((s) => !s.shown && s.n > 0);
  const total = occupied.reduce((sum, s) => sum + s.n, 0);
  const isolable = occupied.length === 1 || (total > 0 && total < k);
  if (!isolable) return hidden;
  const smallestShown = siblings.filter((s) => s.shown).reduce<Sibling | undefined>((best, s) => (!best || s.n < best.n ? s : best), undefined);
  if (smallestShown) hidden.add(smallestShown.value);
  return hidden;
}
