import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discreteLaplaceHalfWidth, laplaceScale, noisyCount, noisyHistogram } from '../privacy/noisy-count';
import { ratio } from '../privacy/rational';
import { seededRandom } from '../privacy/testing/seeded-random';
import { countInterval, discreteLaplaceSumHalfWidth, meanEstimate, quantileEstimates } from './intervals';
import { cohortOf, exactQuantiles } from './testing/cohorts';
import { fineCounts, tenthCounts } from './score-grid';
import { OVERALL } from '../benchmark/contributions';

describe('discreteLaplaceSumHalfWidth (Chernoff)', () => {
  it('for one term is at least the exact half-width and within a small factor of it', () => {
    for (const scale of [ratio(1, 2), ratio(1), ratio(10), ratio(20)]) {
      for (const beta of [0.1, 0.01, 0.0008]) {
        const exact = discreteLaplaceHalfWidth(scale, beta);
        const chernoff = discreteLaplaceSumHalfWidth(scale, 1, beta);
        expect(chernoff).toBeGreaterThanOrEqual(exact);
        expect(chernoff).toBeLessThanOrEqual(2.2 * exact + 2); // Chernoff loses a log factor on one term
      }
    }
  });

  it('covers: sums of 20 noises of scale 3 leave ±w at most β = 0.1 of the time (20k sums), and ±w/2 does not', () => {
    const source = seededRandom(7);
    const w = discreteLaplaceSumHalfWidth(ratio(3), 20, 0.1);
    let outside = 0;
    let outsideHalf = 0;
    const trials = 20_000;
    for (let i = 0; i < trials; i++) {
      const s = noisyHistogram(source, new Array(20).fill(0), 3, ratio(1)).reduce((a, b) => a + b, 0);
      if (Math.abs(s) > w) outside++;
      if (Math.abs(s) > w / 2) outsideHalf++;
    }
    expect(outside / trials).toBeLessThanOrEqual(0.1);
    expect(outsideHalf / trials).toBeGreaterThan(0.1); // the bound is not vacuous
  });
});

describe('countInterval', () => {
  it('is ñ ± the 90% half-width, clamped at 0', () => {
    const scale = laplaceScale(1, ratio(1, 10));
    const w = discreteLaplaceHalfWidth(scale, 0.1);
    expect(countInterval(50, scale)).toEqual({ value: 50, interval: [50 - w, 50 + w] });
    expect(countInterval(-3, scale)).toEqual({ value: 0, interval: [0, w - 3] });
  });
});

describe('meanEstimate', () => {
  it('is tight when the noise is tiny, and always within [0, 5] with low ≤ value ≤ high', () => {
    const tiny = ratio(1, 1000);
    const e = meanEstimate(23_500, tiny, 100, tiny);
    expect(e.value).toBeCloseTo(2.35, 10);
    expect(e.high - e.low).toBeLessThan(0.01);
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -50, max: 500 }), (sum, n) => {
        const m = meanEstimate(sum, ratio(5000), n, ratio(10));
        expect(0 <= m.low && m.low <= m.value && m.value <= m.high && m.high <= 5).toBe(true);
      }),
    );
  });
});

describe('quantileEstimates', () => {
  const alphas = [ratio(1, 10), ratio(1, 4), ratio(1, 2), ratio(3, 4), ratio(9, 10)];

  it('with negligible noise brackets the exact R-7 quantile, within one 0.1 bin of the order statistics around it', () => {
    const source = seededRandom(3);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 300 }), (scores) => {
        const cohort = cohortOf(scores);
        const exact = exactQuantiles(cohort, [10, 25, 50, 75, 90]);
        const scale = ratio(1, 1000);
        const tenths = noisyHistogram(source, tenthCounts(fineCounts(cohort.metrics.get(OVERALL))), 1, ratio(1000));
        const n = noisyCount(source, scores.length, 1, ratio(1000));
        const estimates = quantileEstimates({ tenths, tenthScale: scale, noisyCount: n, countScale: scale }, alphas, exact);
        const sorted = [...scores].sort((a, b) => a - b);
        estimates.forEach((e, i) => {
          const h = ((scores.length - 1) * [10, 25, 50, 75, 90][i]!) / 100;
          expect(e.low).toBeLessThanOrEqual(exact[i]! + 1e-9);
          expect(e.high).toBeGreaterThanOrEqual(exact[i]! - 1e-9);
          expect(e.low).toBeGreaterThanOrEqual(sorted[Math.floor(h)]! / 100 - 0.1);
          expect(e.high).toBeLessThanOrEqual(sorted[Math.ceil(h)]! / 100 + 0.1);
        });
      }),
      { numRuns: 200 },
    );
  });
});
