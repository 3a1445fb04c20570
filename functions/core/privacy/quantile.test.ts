import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { privateQuantile, quantileErrors, quantileSensitivity } from './quantile';
import { ratio, rationalToNumber, type Rational } from './rational';
import { chiSquareFit, range, tally } from './testing/chi-square';
import { permuteAndFlipProbabilities } from './testing/distributions';
import { seededRandom } from './testing/seeded-random';

/** The exact output distribution of privateQuantile over all bins, from the closed form of Permute-and-Flip. */
function outputProbabilities(counts: readonly number[], alpha: Rational, epsilon: number, sensitivityOverride?: number): number[] {
  const errors = quantileErrors(counts, range(0, counts.length - 1), alpha).map(Number);
  return permuteAndFlipProbabilities(errors, sensitivityOverride ?? Number(quantileSensitivity(alpha)), epsilon);
}

/** Every histogram one person away: one value added to any bin, or removed from a non-empty one. */
function neighbours(counts: readonly number[]): number[][] {
  const result: number[][] = [];
  counts.forEach((count, bin) => {
    result.push(counts.map((c, i) => (i === bin ? c + 1 : c)));
    if (count > 0) result.push(counts.map((c, i) => (i === bin ? c - 1 : c)));
  });
  return result;
}

/** max over neighbours and outputs of |ln P(out | D) − ln P(out | D')|. */
function worstPrivacyLoss(counts: readonly number[], alpha: Rational, epsilon: number, sensitivityOverride?: number): number {
  const here = outputProbabilities(counts, alpha, epsilon, sensitivityOverride);
  let worst = 0;
  for (const other of neighbours(counts)) {
    const there = outputProbabilities(other, alpha, epsilon, sensitivityOverride);
    here.forEach((p, i) => {
      worst = Math.max(worst, Math.abs(Math.log(p) - Math.log(there[i]!)));
    });
  }
  return worst;
}

/** The same errors computed the slow way, from the list of values (OpenDP's definition). */
function errorsFromValues(values: readonly number[], candidates: readonly number[], alpha: Rational): bigint[] {
  return candidates.map((c) => {
    const below = BigInt(values.filter((v) => v < c).length);
    const notEqual = BigInt(values.filter((v) => v !== c).length);
    const e = alpha.den * below - alpha.num * notEqual;
    return e < 0n ? -e : e;
  });
}

const valuesOf = (counts: readonly number[]) => counts.flatMap((count, bin) => Array<number>(count).fill(bin));
const arbitraryCounts = fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 12 });
const arbitraryAlpha = fc.integer({ min: 1, max: 20 }).chain((den) => fc.integer({ min: 0, max: den }).map((num) => ratio(num, den)));

describe('quantileErrors (OpenDP’s rank-error score)', () => {
  it('matches the worked examples of OpenDP’s proof document (scaled by α’s denominator)', () => {
    expect(quantileErrors([1, 1, 1, 1, 1], range(0, 4), ratio(1, 2))).toEqual([4n, 2n, 0n, 2n, 4n]);
    expect(quantileErrors([1, 1, 1, 1, 1, 1], range(0, 5), ratio(1, 2))).toEqual([5n, 3n, 1n, 1n, 3n, 5n]);
    expect(quantileErrors([1, 1, 1, 1, 1, 1], range(0, 5), ratio(1, 4))).toEqual([5n, 1n, 3n, 7n, 11n, 15n]);
  });

  it('equals the definition computed from the raw values, for any histogram, α and grid', () => {
    fc.assert(
      fc.property(arbitraryCounts, arbitraryAlpha, (counts, alpha) => {
        const candidates = range(0, counts.length - 1).filter((c) => c % 2 === 0 || c === counts.length - 1);
        expect(quantileErrors(counts, candidates, alpha)).toEqual(errorsFromValues(valuesOf(counts), candidates, alpha));
      }),
    );
  });

  it('sensitivity: adding or removing one person moves no error by more than max(a, b − a)', () => {
    fc.assert(
      fc.property(arbitraryCounts, arbitraryAlpha, (counts, alpha) => {
        const candidates = range(0, counts.length - 1);
        const before = quantileErrors(counts, candidates, alpha);
        const bound = quantileSensitivity(alpha);
        for (const other of neighbours(counts)) {
          const after = quantileErrors(other, candidates, alpha);
          after.forEach((e, i) => {
            const moved = e > before[i]! ? e - before[i]! : before[i]! - e;
            expect(moved <= bound).toBe(true);
          });
        }
      }),
    );
  });

  it('the sensitivity bound is attained (so it is not loose): α = 1/4, Δ = 3', () => {
    expect(quantileSensitivity(ratio(1, 4))).toBe(3n);
    expect(quantileErrors([0, 5], [1], ratio(1, 4))).toEqual([0n]);
    expect(quantileErrors([1, 5], [1], ratio(1, 4))).toEqual([3n]);
  });

  it('refuses bad input: α outside [0, 1], unordered or out-of-grid candidates, negative counts', () => {
    expect(() => quantileErrors([1, 2], [0, 1], ratio(3, 2))).toThrow(RangeError);
    expect(() => quantileErrors([1, 2], [1, 0], ratio(1, 2))).toThrow(RangeError);
    expect(() => quantileErrors([1, 2], [0, 2], ratio(1, 2))).toThrow(RangeError);
    expect(() => quantileErrors([1, -2], [0, 1], ratio(1, 2))).toThrow(RangeError);
    expect(() => quantileErrors([1, 2.5], [0, 1], ratio(1, 2))).toThrow(RangeError);
  });
});

describe('privateQuantile: ε-DP, exactly', () => {
  it('exact privacy: for every neighbouring histogram, P(output) changes by at most e^ε (closed form, any data and α)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 7 }), arbitraryAlpha, fc.constantFrom(0.1, 0.5, 1, 2), (counts, alpha, epsilon) => {
        expect(worstPrivacyLoss(counts, alpha, epsilon)).toBeLessThanOrEqual(epsilon + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('the privacy check has teeth: the same mechanism with half the sensitivity breaks e^ε', () => {
    const counts = [3, 0, 0, 4, 1];
    const alpha = ratio(1, 2);
    expect(worstPrivacyLoss(counts, alpha, 1)).toBeLessThanOrEqual(1 + 1e-9);
    expect(worstPrivacyLoss(counts, alpha, 1, 0.5)).toBeGreaterThan(1.05);
  });

  it('its outputs follow the closed-form probabilities (chi-square over 200k draws, p = 1e-6)', () => {
    const counts = [3, 1, 0, 4, 2, 0, 1];
    const alpha = ratio(1, 2);
    const source = seededRandom(21);
    const observed = tally(200_000, () => privateQuantile(source, { counts, alpha, epsilon: ratio(1, 2) }));
    const expected = outputProbabilities(counts, alpha, 0.5);
    const fit = chiSquareFit(observed, (i) => expected[i]!, range(0, counts.length - 1));
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });

  it('empirically, one added person changes no output frequency by more than e^ε (with sampling tolerance)', () => {
    const counts = [3, 1, 0, 4, 2];
    const neighbour = [4, 1, 0, 4, 2];
    const query = { alpha: ratio(1, 4), epsilon: ratio(1, 2) };
    const draws = 200_000;
    const here = tally(
      draws,
      (
        (s) => () =>
          privateQuantile(s, { counts, ...query })
      )(seededRandom(22)),
    );
    const there = tally(
      draws,
      (
        (s) => () =>
          privateQuantile(s, { counts: neighbour, ...query })
      )(seededRandom(23)),
    );
    const epsilon = rationalToNumber(query.epsilon);
    let compared = 0;
    for (const bin of range(0, counts.length - 1)) {
      const a = here.get(bin) ?? 0;
      const b = there.get(bin) ?? 0;
      if (a < 1000 || b < 1000) continue;
      compared++;
      const tolerance = 5 * Math.sqrt(1 / a + 1 / b); // ≈ 5 standard errors of a log-ratio of counts
      expect(Math.abs(Math.log(a / b))).toBeLessThanOrEqual(epsilon + tolerance);
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it('outputs are always candidates of the grid, whatever the data, α, ε and randomness', () => {
    fc.assert(
      fc.property(
        arbitraryCounts,
        arbitraryAlpha,
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer(),
        (counts, alpha, epsilonNum, epsilonDen, seed) => {
          const candidates = range(0, counts.length - 1).filter((c) => c % 3 === 1 || c === 0);
          const source = seededRandom(seed);
          for (let i = 0; i < 20; i++) {
            const value = privateQuantile(source, { counts, candidates, alpha, epsilon: ratio(epsilonNum, epsilonDen) });
            expect(candidates).toContain(value);
          }
        },
      ),
    );
  });

  it('is useful on AIM-sized data: 1000 scores on bins 0..500, ε = 1, the median is always within 20 ranks', () => {
    const source = seededRandom(24);
    const counts = new Array<number>(501).fill(0);
    for (let i = 0; i < 1000; i++) counts[150 + ((i * 7919) % 251)]! += 1;
    const values = valuesOf(counts);
    for (let i = 0; i < 200; i++) {
      const median = privateQuantile(source, { counts, alpha: ratio(1, 2), epsilon: ratio(1) });
      const below = values.filter((v) => v < median).length;
      const atOrBelow = values.filter((v) => v <= median).length;
      expect(below).toBeLessThanOrEqual(520);
      expect(atOrBelow).toBeGreaterThanOrEqual(480);
    }
  });

  it('replays under the same seed', () => {
    const run = (seed: number) => {
      const source = seededRandom(seed);
      return Array.from({ length: 30 }, () => privateQuantile(source, { counts: [5, 3, 8, 1, 0, 4], alpha: ratio(3, 4), epsilon: ratio(1, 5) }));
    };
    expect(run(31)).toEqual(run(31));
    expect(run(31)).not.toEqual(run(32));
  });
});
