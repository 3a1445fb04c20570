import { describe, expect, it } from 'vitest';
import { permuteAndFlip } from './permute-and-flip';
import { ratio } from './rational';
import { chiSquareFit, range, tally } from './testing/chi-square';
import { permuteAndFlipProbabilities } from './testing/distributions';
import { seededRandom } from './testing/seeded-random';

describe('the closed form used as the reference', () => {
  it('two candidates: the worse one wins with probability p/2 (it must come first and flip heads)', () => {
    const [best, worse] = permuteAndFlipProbabilities([0, 3], 1, 1);
    const p = Math.exp(-3 / 2);
    expect(worse).toBeCloseTo(p / 2, 12);
    expect(best).toBeCloseTo(1 - p / 2, 12);
  });

  it('probabilities add up to 1 and fall with the error', () => {
    const probabilities = permuteAndFlipProbabilities([4, 0, 1, 2, 7, 1], 2, 1.3);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(probabilities[1]).toBeGreaterThan(probabilities[2]!);
    expect(probabilities[2]).toBeCloseTo(probabilities[5]!, 12);
    expect(probabilities[3]).toBeGreaterThan(probabilities[0]!);
    expect(probabilities[0]).toBeGreaterThan(probabilities[4]!);
  });
});

describe('permuteAndFlip', () => {
  it('selects with exactly the closed-form probabilities (chi-square over 200k draws, p = 1e-6)', () => {
    const errors = [5, 0, 1, 2, 3, 1, 8];
    const source = seededRandom(11);
    const observed = tally(200_000, () => permuteAndFlip(source, errors.map(BigInt), 2n, ratio(3, 2)));
    const expected = permuteAndFlipProbabilities(errors, 2, 1.5);
    const fit = chiSquareFit(observed, (i) => expected[i]!, range(0, errors.length - 1));
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });

  it('has power: the same draws fail against the exponential mechanism’s probabilities', () => {
    const errors = [5, 0, 1, 2, 3, 1, 8];
    const source = seededRandom(11);
    const observed = tally(200_000, () => permuteAndFlip(source, errors.map(BigInt), 2n, ratio(3, 2)));
    const weights = errors.map((e) => Math.exp((-1.5 * e) / 4));
    const total = weights.reduce((a, b) => a + b, 0);
    expect(chiSquareFit(observed, (i) => weights[i]! / total, range(0, errors.length - 1)).fits).toBe(false);
  });

  it('a single candidate is always chosen; errors far above the best are practically never chosen', () => {
    const source = seededRandom(12);
    expect(permuteAndFlip(source, [17n], 1n, ratio(1, 10))).toBe(0);
    const picks = tally(2000, () => permuteAndFlip(source, [0n, 10_000n, 10_000n], 1n, ratio(1)));
    expect(picks.get(0)).toBe(2000);
  });

  it('refuses empty candidates, non-positive sensitivity or ε', () => {
    const source = seededRandom(13);
    expect(() => permuteAndFlip(source, [], 1n, ratio(1))).toThrow(RangeError);
    expect(() => permuteAndFlip(source, [1n], 0n, ratio(1))).toThrow(RangeError);
    expect(() => permuteAndFlip(source, [1n], 1n, ratio(0))).toThrow(RangeError);
  });
});
