import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribution } from '../../../test/reference/sort-reference';
import {
  addDense,
  addDenseCounts,
  chartBinsOfDense,
  DENSE_LENGTH,
  denseCountsOf,
  denseOf,
  distributionOfDense,
  emptyDense,
  emptyDenseCounts,
  meanOfDense,
  percentileRankInDense,
  percentilesOfDense,
} from './dense-histogram';
import { chartBins, histogramOf, mergeHistograms } from './histogram';
import { percentileOfSorted, percentileRank } from './percentiles';

const scores = fc.array(
  fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
  { minLength: 1, maxLength: 120 },
);
const dense = (values: readonly number[]) => denseOf(histogramOf(values));

describe('dense histograms (query path)', () => {
  it('gives exactly the sort-based R-7 percentiles, several p in any order in one pass', () => {
    fc.assert(
      fc.property(scores, fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }), (values, ps) => {
        const sorted = [...values].sort((a, b) => a - b);
        percentilesOfDense(dense(values), ps).forEach((v, i) => {
          expect(v).toBeCloseTo(percentileOfSorted(sorted, ps[i]!), 9);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same percentile rank as counting the values, also for scores no one has', () => {
    fc.assert(
      fc.property(
        scores,
        fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
        (values, x) => {
          expect(percentileRankInDense(dense(values), x)).toBeCloseTo(percentileRank(values, x), 9);
        },
      ),
    );
  });

  it('gives the same rounded distribution (mean, percentiles, chart bins) as the sort-based computation', () => {
    fc.assert(
      fc.property(scores, (values) => {
        expect(distributionOfDense(dense(values))).toEqual(distribution(values));
      }),
      { numRuns: 300 },
    );
  });

  it('adds up like the sparse histograms (shards, populations) and stays exact past int32', () => {
    fc.assert(
      fc.property(scores, scores, (a, b) => {
        const sum = addDense(dense(a), dense(b));
        expect(sum).toEqual(denseOf(mergeHistograms(histogramOf(a), histogramOf(b))));
        expect(chartBinsOfDense(sum)).toEqual(chartBins(histogramOf([...a, ...b])));
        expect(meanOfDense(sum)).toBeCloseTo([...a, ...b].reduce((s, v) => s + v, 0) / (a.length + b.length), 9);
      }),
    );
    const big = emptyDense();
    big[0] = 2 ** 31;
    big[1] = 500 * 2 ** 31;
    big[2 + 500] = 2 ** 31;
    const twice = addDense(addDense(emptyDense(), big), big);
    expect(twice[1]).toBe(1000 * 2 ** 31);
    expect(meanOfDense(twice)).toBe(5);
    expect(() => addDense(emptyDense(), new Int32Array(DENSE_LENGTH - 1))).toThrow(RangeError);
  });

  it('adds cohort counts metric by metric, keeping metrics only one side has', () => {
    const a = denseCountsOf({ n: 2, metrics: { overall: histogramOf([1, 2]), auditing: histogramOf([3]) } });
    const b = denseCountsOf({ n: 1, metrics: { overall: histogramOf([2]), inventory: histogramOf([4.5]) } });
    const total = addDenseCounts(addDenseCounts(emptyDenseCounts(), a), b);
    expect(total.n).toBe(3);
    expect(total.metrics.get('overall')).toEqual(dense([1, 2, 2]));
    expect(total.metrics.get('auditing')).toEqual(dense([3]));
    expect(total.metrics.get('inventory')).toEqual(dense([4.5]));
  });

  it('interpolates between neighbouring values (a worked example) and refuses an empty histogram', () => {
    const d = dense([1, 2, 3, 4]);
    const [p25, p90] = percentilesOfDense(d, [25, 90]);
    expect(p25).toBeCloseTo(1.75, 12);
    expect(p90).toBeCloseTo(3.7, 12);
    expect(percentileRankInDense(d, 3)).toBe(62.5);
    expect(() => percentilesOfDense(emptyDense(), [50])).toThrow();
    expect(() => percentileRankInDense(emptyDense(), 1)).toThrow();
  });
});
