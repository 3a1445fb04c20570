import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribution } from '../../../test/reference/sort-reference';
import { binOf, BIN_COUNT, distributionOfHistogram, histogramOf, percentileOfHistogram, percentilesOfHistogram, percentileRankInHistogram } from './histogram';
import { percentileOfSorted, percentileRank } from './percentiles';

const scores = fc.array(
  fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
  { minLength: 1, maxLength: 120 },
);

describe('fixed-bin histograms', () => {
  it('has 501 bins of 0.01 over [0, 5] and refuses scores outside', () => {
    expect(BIN_COUNT).toBe(501);
    expect(binOf(0)).toBe(0);
    expect(binOf(2.17)).toBe(217);
    expect(binOf(5)).toBe(500);
    expect(() => binOf(5.01)).toThrow(RangeError);
    expect(() => binOf(-0.01)).toThrow(RangeError);
  });

  it('gives exactly the sort-based R-7 percentile at every p', () => {
    fc.assert(
      fc.property(scores, fc.double({ min: 0, max: 100, noNaN: true }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(percentileOfHistogram(histogramOf(values), p)).toBeCloseTo(percentileOfSorted(sorted, p), 9);
      }),
      { numRuns: 400 },
    );
  });

  it('computes several percentiles in one scan exactly as one at a time', () => {
    fc.assert(
      fc.property(scores, fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }), (values, ps) => {
        const h = histogramOf(values);
        const sorted = [...values].sort((a, b) => a - b);
        percentilesOfHistogram(h, ps).forEach((v, i) => {
          expect(v).toBeCloseTo(percentileOfSorted(sorted, ps[i]!), 9);
        });
      }),
    );
  });

  it('gives the same percentile rank as counting the values', () => {
    fc.assert(
      fc.property(
        scores,
        fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
        (values, x) => {
          expect(percentileRankInHistogram(histogramOf(values), x)).toBeCloseTo(percentileRank(values, x), 9);
        },
      ),
    );
  });

  it('gives the same rounded distribution (mean, percentiles, chart bins) as the sort-based computation', () => {
    fc.assert(
      fc.property(scores, (values) => {
        expect(distributionOfHistogram(histogramOf(values))).toEqual(distribution(values));
      }),
      { numRuns: 300 },
    );
  });

  it('interpolates between neighbouring values (a worked example)', () => {
    const h = histogramOf([1, 2, 3, 4]);
    expect(percentileOfHistogram(h, 25)).toBeCloseTo(1.75, 12);
    expect(percentileOfHistogram(h, 90)).toBeCloseTo(3.7, 12);
    expect(percentileRankInHistogram(h, 3)).toBe(62.5);
  });
});
