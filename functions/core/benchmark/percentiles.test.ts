import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileOfSorted, percentileRank, round2 } from './percentiles';

/**
 * Independent R-7 (Hyndman & Fan type 7, spreadsheet PERCENTILE.INC): the value at
 * 1-based rank 1 + (n − 1)·p, interpolated linearly between its neighbours.
 */
function r7(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = 1 + ((s.length - 1) * p) / 100; // 1-based
  const below = Math.max(1, Math.min(s.length, Math.floor(rank)));
  const above = Math.max(1, Math.min(s.length, below + 1));
  const fraction = rank - below;
  return (1 - fraction) * s[below - 1]! + fraction * s[above - 1]!;
}

describe('percentileOfSorted', () => {
  it.each([
    [[1, 2, 3, 4], 25, 1.75],
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4], 75, 3.25],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 100, 4],
    [[10, 20, 30, 40, 50], 10, 14],
    [[10, 20, 30, 40, 50], 90, 46],
    [[7], 37, 7],
    [[0, 5], 30, 1.5],
    [[2, 2, 2, 9], 50, 2],
  ])('%j at p%d is %d', (values, p, expected) => {
    expect(percentileOfSorted(values, p)).toBeCloseTo(expected, 12);
  });

  it('refuses an empty list', () => {
    expect(() => percentileOfSorted([], 50)).toThrow(/empty/);
  });

  it('agrees with a plain sort-based R-7 computation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          expect(percentileOfSorted(sorted, p)).toBeCloseTo(r7(values, p), 6);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agrees with R-7 at the percentiles the benchmarks report, on scores with two decimals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
          { minLength: 1, maxLength: 40 },
        ),
        fc.constantFrom(10, 25, 50, 75, 90),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          const result = percentileOfSorted(sorted, p);
          expect(result).toBeCloseTo(r7(values, p), 9);
          expect(result).toBeGreaterThanOrEqual(sorted[0]! - 1e-12);
          expect(result).toBeLessThanOrEqual(sorted.at(-1)! + 1e-12);
        },
      ),
    );
  });
});

describe('percentileRank', () => {
  it('counts values below, and ties as half', () => {
    expect(percentileRank([1, 2, 3, 4], 3)).toBe(62.5); // 2 below + ½ tie of 4
    expect(percentileRank([1, 2, 2, 2, 5], 2)).toBe(50); // 1 below + 3 ties / 2 = 2.5 of 5
    expect(percentileRank([1, 2, 3, 4], 2.5)).toBe(50);
    expect(percentileRank([1, 2, 3, 4], 0)).toBe(0);
    expect(percentileRank([1, 2, 3, 4], 9)).toBe(100);
    expect(percentileRank([3, 3, 3], 3)).toBe(50);
  });

  it('refuses an empty list', () => {
    expect(() => percentileRank([], 1)).toThrow(/empty/);
  });

  it('equals 100 · (below + equal / 2) / n, counted independently', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: -1, max: 21 }), (values, x) => {
        const below = values.filter((v) => v < x).length;
        const equal = values.filter((v) => v === x).length;
        expect(percentileRank(values, x)).toBeCloseTo((100 * (2 * below + equal)) / (2 * values.length), 9);
      }),
    );
  });
});

describe('round2', () => {
  it.each([
    [2.344, 2.34],
    [2.346, 2.35],
    [2 / 3, 0.67],
    [5, 5],
    [0, 0],
    [1.125, 1.13], // exactly representable halfway: up
  ])('rounds %d to %d', (n, expected) => {
    expect(round2(n)).toBe(expected);
  });

  it('rounds a decimal halfway value up (2.175 → 2.18, 0.575 → 0.58)', () => {
    // 87/40 and 23/40 are exactly 2.175 and 0.575 as decimals; their nearest doubles sit just below
    expect(round2(87 / 40)).toBe(2.18);
    expect(round2(23 / 40)).toBe(0.58);
  });
});
