import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evenShares, releaseQuantiles, type QuantileLevel } from './quantile-set';
import { privateQuantile } from './quantile';
import { addRationals, compareRationals, ratio, type Rational } from './rational';
import type { RandomSource } from './random-source';
import { range } from './testing/chi-square';
import { seededRandom } from './testing/seeded-random';

const AIM_LEVELS = [ratio(1, 10), ratio(1, 4), ratio(1, 2), ratio(3, 4), ratio(9, 10)];
const sum = (rs: readonly Rational[]) => rs.reduce(addRationals, ratio(0));

const arbitraryCounts = fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 40 });
const arbitraryShare = fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })).map(([n, d]) => ratio(n, d));
const arbitraryShares = fc.array(arbitraryShare, { minLength: 5, maxLength: 5 });

describe('releaseQuantiles (p10, p25, p50, p75, p90)', () => {
  it('property: values are ordered, on the grid, one per level, and the budget is never exceeded', () => {
    fc.assert(
      fc.property(arbitraryCounts, arbitraryShares, fc.nat({ max: 5 }), fc.integer(), (counts, shares, slack, seed) => {
        const candidates = range(0, counts.length - 1).filter((c) => c % 2 === 0);
        const levels: QuantileLevel[] = AIM_LEVELS.map((alpha, i) => ({ alpha, epsilon: shares[i]! }));
        const budget = addRationals(sum(shares), ratio(slack, 3));
        const { values, spent } = releaseQuantiles(seededRandom(seed), { counts, candidates, levels, budget });
        expect(values).toHaveLength(levels.length);
        values.forEach((v, i) => {
          expect(candidates).toContain(v);
          if (i > 0) expect(v).toBeGreaterThanOrEqual(values[i - 1]!);
        });
        expect(compareRationals(spent, budget)).toBeLessThanOrEqual(0);
        expect(compareRationals(spent, sum(shares))).toBe(0);
      }),
    );
  });

  it('property: shares over the budget are refused before any randomness is drawn', () => {
    const untouchable: RandomSource = {
      fill() {
        throw new Error('drew randomness');
      },
    };
    fc.assert(
      fc.property(arbitraryCounts, arbitraryShares, fc.integer({ min: 1, max: 1000 }), (counts, shares, over) => {
        const levels = AIM_LEVELS.map((alpha, i) => ({ alpha, epsilon: shares[i]! }));
        const total = sum(shares);
        const budget = { num: total.num * 1000n - BigInt(over), den: total.den * 1000n }; // total − over/(1000·den)
        expect(compareRationals(budget, total)).toBe(-1);
        expect(() => releaseQuantiles(untouchable, { counts, levels, budget })).toThrow(/over the budget/);
      }),
    );
  });

  it('a budget spent exactly to the last fraction is allowed (even shares of 1/3)', () => {
    const budget = ratio(1, 3);
    const levels = AIM_LEVELS.map((alpha, i) => ({ alpha, epsilon: evenShares(budget, 5)[i]! }));
    const { spent } = releaseQuantiles(seededRandom(1), { counts: [4, 4, 4, 4], levels, budget });
    expect(compareRationals(spent, budget)).toBe(0);
  });

  it('stable within a release: the same random bytes give the same figures', () => {
    fc.assert(
      fc.property(arbitraryCounts, fc.integer(), (counts, seed) => {
        const levels = AIM_LEVELS.map((alpha) => ({ alpha, epsilon: ratio(1, 5) }));
        const first = releaseQuantiles(seededRandom(seed), { counts, levels, budget: ratio(1) });
        const again = releaseQuantiles(seededRandom(seed), { counts, levels, budget: ratio(1) });
        expect(again).toEqual(first);
      }),
    );
  });

  it('sorting is needed and applied: with a tiny ε, raw selections cross, released ones never do', () => {
    const counts = range(0, 50).map(() => 2);
    const epsilon = ratio(1, 1000);
    const source = seededRandom(7);
    let rawCrossings = 0;
    for (let i = 0; i < 200; i++) {
      const raw = AIM_LEVELS.map((alpha) => privateQuantile(source, { counts, alpha, epsilon }));
      if (raw.some((v, j) => j > 0 && v < raw[j - 1]!)) rawCrossings++;
      const { values } = releaseQuantiles(source, { counts, levels: AIM_LEVELS.map((alpha) => ({ alpha, epsilon })), budget: ratio(1, 200) });
      expect(values.every((v, j) => j === 0 || v >= values[j - 1]!)).toBe(true);
    }
    expect(rawCrossings).toBeGreaterThan(100);
  });

  it('refuses levels out of order and an empty list', () => {
    const source = seededRandom(8);
    const levels = [ratio(1, 2), ratio(1, 4)].map((alpha) => ({ alpha, epsilon: ratio(1, 10) }));
    expect(() => releaseQuantiles(source, { counts: [1, 2], levels, budget: ratio(1) })).toThrow(/ascending/);
    expect(() => releaseQuantiles(source, { counts: [1, 2], levels: [], budget: ratio(1) })).toThrow(RangeError);
  });
});

describe('evenShares', () => {
  it('splits exactly: k shares add up to the budget, each equal', () => {
    fc.assert(
      fc.property(arbitraryShare, fc.integer({ min: 1, max: 12 }), (budget, parts) => {
        const shares = evenShares(budget, parts);
        expect(shares).toHaveLength(parts);
        expect(compareRationals(sum(shares), budget)).toBe(0);
        shares.forEach((s) => {
          expect(compareRationals(s, shares[0]!)).toBe(0);
        });
      }),
    );
  });
});
