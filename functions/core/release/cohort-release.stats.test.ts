/**
 * Statistical tests of whole releases over random cohorts: interval coverage, and the
 * median's accuracy at the default budget. Seeded, so a failure replays; the measured
 * figures are printed for the record.
 */
import { describe, expect, it } from 'vitest';
import { ratio, type Rational } from '../privacy/rational';
import { seededRandom } from '../privacy/testing/seeded-random';
import { planRelease } from './budget-plan';
import { releaseCohort } from './cohort-release';
import type { PublishedCohort } from './release-schema';
import { cohortOf, exactMean, exactQuantiles, mixedScores, realisticScores, scoreGenerator } from './testing/cohorts';

/** 0.9 minus ~3 standard deviations of a proportion near 0.9 over 300 trials (0.017 each). */
const TOLERANCE = 0.05;
const RELEASES = 300;

interface Coverage {
  count: number;
  mean: number;
  p50: number;
  widths: { count: number; mean: number; p50: number };
}

function measureCoverage(n: number, epsilonTotal: Rational, levels: number, seed: number): Coverage {
  const { plan, epsilonCohort } = planRelease(levels, [], epsilonTotal);
  const source = seededRandom(seed);
  const gen = scoreGenerator(seed + 1);
  let count = 0;
  let mean = 0;
  let p50 = 0;
  const widths = { count: 0, mean: 0, p50: 0 };
  for (let i = 0; i < RELEASES; i++) {
    const scores = mixedScores(gen, n);
    const cohort = cohortOf(scores);
    const release = releaseCohort(source, cohort, { plan, budget: epsilonCohort, minimum: -1e9 }) as PublishedCohort;
    const [median] = exactQuantiles(cohort, [50]);
    const m = exactMean(scores);
    const within = (e: { low: number; high: number }, x: number) => e.low - 1e-9 <= x && x <= e.high + 1e-9;
    if (release.n.interval[0] <= n && n <= release.n.interval[1]) count++;
    if (within(release.overall.mean, m)) mean++;
    if (within(release.overall.p50, median!)) p50++;
    widths.count += (release.n.interval[1] - release.n.interval[0]) / RELEASES;
    widths.mean += (release.overall.mean.high - release.overall.mean.low) / RELEASES;
    widths.p50 += (release.overall.p50.high - release.overall.p50.low) / RELEASES;
  }
  return { count: count / RELEASES, mean: mean / RELEASES, p50: p50 / RELEASES, widths };
}

describe('90% intervals cover the exact figures', () => {
  it.each([10, 50, 200])('at the default budget (ε_total = 4, 2 levels), n = %i', (n) => {
    const c = measureCoverage(n, ratio(4), 2, 100 + n);
    console.info(`coverage n=${n} ε_cohort=2`, JSON.stringify(c));
    expect(c.count).toBeGreaterThanOrEqual(0.9 - TOLERANCE);
    expect(c.mean).toBeGreaterThanOrEqual(0.9 - TOLERANCE);
    expect(c.p50).toBeGreaterThanOrEqual(0.9 - TOLERANCE);
  });

  it.each([10, 50, 200])('at a large budget (ε_cohort = 400), where intervals are narrow, n = %i', (n) => {
    const c = measureCoverage(n, ratio(400), 1, 200 + n);
    console.info(`coverage n=${n} ε_cohort=400`, JSON.stringify(c));
    expect(c.count).toBeGreaterThanOrEqual(0.9 - TOLERANCE);
    expect(c.mean).toBeGreaterThanOrEqual(0.9 - TOLERANCE);
    expect(c.p50).toBeGreaterThanOrEqual(0.9 - TOLERANCE);
    expect(c.widths.p50).toBeLessThan(1.5); // not the trivial [0, 5]
  });
});

/** Share of releases whose median is within ±0.1 of the exact R-7 median (n = 50, realistic scores). */
function medianAccuracy(levels: number, releases: number, seed: number): number {
  const { plan, epsilonCohort } = planRelease(levels, []);
  const source = seededRandom(seed);
  const gen = scoreGenerator(seed + 1);
  let close = 0;
  for (let i = 0; i < releases; i++) {
    const cohort = cohortOf(realisticScores(gen, 50));
    const release = releaseCohort(source, cohort, { plan, budget: epsilonCohort, minimum: -1e9 }) as PublishedCohort;
    if (Math.abs(release.overall.p50.value - exactQuantiles(cohort, [50])[0]!) <= 0.1 + 1e-9) close++;
  }
  return close / releases;
}

describe('utility: the released median of 50 realistic scores', () => {
  it('is within ±0.1 of the exact median in ≥ 93% of 400 releases over 2 levels, fewer over 4', () => {
    const two = medianAccuracy(2, 400, 31);
    const four = medianAccuracy(4, 400, 37);
    console.info(`median within ±0.1, n=50: 2 levels ${two}, 4 levels ${four}`);
    expect(two).toBeGreaterThanOrEqual(0.93);
    expect(four).toBeLessThan(two);
  });
});
