/**
 * Pearson's chi-square goodness-of-fit test for the statistical tests of the samplers:
 * observed counts of integer outcomes against an exact probability mass function.
 *
 * Critical values are for a significance of 1e-6, so that a correct sampler fails about
 * once in a million runs, while a wrong one (see the "has power" tests) fails for sure.
 * They come from the Wilson–Hilferty cube-root approximation (Wilson & Hilferty 1931,
 * "The distribution of chi-square"), which at this tail errs on the high side (slightly
 * conservative), and from closed forms for 1 and 2 degrees of freedom.
 */
export const SIGNIFICANCE = 1e-6;
/** Upper 1e-6 point of the standard normal. */
const Z_ONE_IN_A_MILLION = 4.753424;
/** Upper 5e-7 point of the standard normal (two-sided 1e-6). */
export const Z_TWO_SIDED_ONE_IN_A_MILLION = 4.891638;

export function chiSquareCritical(degreesOfFreedom: number): number {
  if (degreesOfFreedom === 1) return Z_TWO_SIDED_ONE_IN_A_MILLION ** 2;
  if (degreesOfFreedom === 2) return -2 * Math.log(SIGNIFICANCE);
  const k = degreesOfFreedom;
  return k * (1 - 2 / (9 * k) + Z_ONE_IN_A_MILLION * Math.sqrt(2 / (9 * k))) ** 3;
}

export interface FitResult {
  statistic: number;
  degreesOfFreedom: number;
  critical: number;
  fits: boolean;
}

/**
 * Bins every outcome in `outcomes` whose expected count is at least 10 and pools the
 * rest (including outcomes never listed) into one remainder bin, merged into the smallest
 * bin when its own expected count is below 10.
 */
export function chiSquareFit(observed: ReadonlyMap<number, number>, pmf: (x: number) => number, outcomes: readonly number[]): FitResult {
  const draws = [...observed.values()].reduce((a, b) => a + b, 0);
  const bins: { expected: number; observed: number }[] = [];
  let listedProbability = 0;
  let listedObserved = 0;
  for (const x of outcomes) {
    const p = pmf(x);
    if (draws * p < 10) continue;
    listedProbability += p;
    const seen = observed.get(x) ?? 0;
    listedObserved += seen;
    bins.push({ expected: draws * p, observed: seen });
  }
  const rest = { expected: draws * Math.max(0, 1 - listedProbability), observed: draws - listedObserved };
  if (rest.expected >= 10) bins.push(rest);
  else if (bins.length > 0) {
    const smallest = bins.reduce((a, b) => (b.expected < a.expected ? b : a));
    smallest.expected += rest.expected;
    smallest.observed += rest.observed;
  }
  const statistic = bins.reduce((sum, b) => sum + (b.observed - b.expected) ** 2 / b.expected, 0);
  const degreesOfFreedom = bins.length - 1;
  const critical = chiSquareCritical(degreesOfFreedom);
  return { statistic, degreesOfFreedom, critical, fits: statistic <= critical };
}

/** Counts of each outcome of `draw` over `times` draws. */
export function tally(times: number, draw: () => number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < times; i++) {
    const x = draw();
    counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  return counts;
}

/** Integers lo..hi inclusive. */
export function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/**
 * Whether `successes` out of `trials` is consistent with probability p: within
 * 4.89 standard deviations (two-sided 1e-6) plus a continuity half-count.
 */
export function binomialFits(successes: number, trials: number, p: number): boolean {
  const sd = Math.sqrt(trials * p * (1 - p));
  return Math.abs(successes - trials * p) <= Z_TWO_SIDED_ONE_IN_A_MILLION * sd + 0.5;
}
