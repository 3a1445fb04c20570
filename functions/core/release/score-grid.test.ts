import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartBinsOfDense, percentileRankInDense } from '../benchmark/dense-histogram';
import { OVERALL } from '../benchmark/contributions';
import { percentileRankFromTenths } from './percentile-rank';
import { chartOfTenths, fineCounts, sumOfHundredths, tenthCounts } from './score-grid';
import { cohortOf } from './testing/cohorts';

const scores = fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 200 });

describe('score grids', () => {
  it('chart bins from the tenths equal the half-level chart of the exact data', () => {
    fc.assert(
      fc.property(scores, (s) => {
        const dense = cohortOf(s).metrics.get(OVERALL)!;
        expect(chartOfTenths(tenthCounts(fineCounts(dense)))).toEqual(chartBinsOfDense(dense));
        expect(sumOfHundredths(fineCounts(dense))).toBe(s.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('puts 4.99 in tenth bin 49 and 5.00 in bin 50, both in the last chart bin', () => {
    const t = tenthCounts(fineCounts(cohortOf([499, 500]).metrics.get(OVERALL)));
    expect(t[49]).toBe(1);
    expect(t[50]).toBe(1);
    expect(chartOfTenths(t)[9]).toBe(2);
  });
});

describe('percentileRankFromTenths', () => {
  it('equals the exact rank when every score sits on the 0.1 grid', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 100 }), fc.integer({ min: 0, max: 50 }), (tens, own) => {
        const s = tens.map((t) => t * 10);
        const dense = cohortOf(s).metrics.get(OVERALL)!;
        expect(percentileRankFromTenths(tenthCounts(fineCounts(dense)), own / 10)).toBeCloseTo(percentileRankInDense(dense, own / 10), 9);
      }),
    );
  });

  it('ignores negative released bins and answers 50 for an empty histogram', () => {
    const t = new Array(51).fill(0);
    expect(percentileRankFromTenths(t, 2)).toBe(50);
    t[10] = -5;
    t[30] = 4;
    expect(percentileRankFromTenths(t, 3.05)).toBe(50);
    expect(percentileRankFromTenths(t, 1)).toBe(0);
  });
});
