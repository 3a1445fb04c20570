/**
 * Which cohorts may be shown (docs/benchmarks.md, "Privacy"):
 * 1. k-anonymity: fewer than k organisations → suppressed, no count.
 * 2. Differencing: when a broader cohort an analyst can ask for (some fixed dimensions
 *    opened) holds more organisations than this one, but fewer than k more, the
 *    narrower one is suppressed, so the two can never be subtracted.
 * 3. Real data added to synthetic data (`population=all`) is shown only when the real
 *    part passes 1 and 2 on its own, or is empty: synthetic cells are public, and
 *    subtracting them must not reveal a small real cohort.
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

/** The real part of a mixed cohort: safe when empty everywhere around it, or shown on its own. */
export function realPartSafe(real: CountsOf, k: number): boolean {
  if (real.n === 0 && real.ancestors.every((a) => a === 0 || a >= k)) return true;
  return verdict(real, k) === 'shown';
}
