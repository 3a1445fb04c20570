import { describe, expect, it } from 'vitest';
import { bernoulliExpMinus, bernoulliRational, discreteLaplace, geometricExp } from './exact-samplers';
import { ratio, rationalToNumber, type Rational } from './rational';
import { binomialFits, chiSquareFit, range, tally } from './testing/chi-square';
import { discreteLaplacePmf, geometricPmf } from './testing/distributions';
import { seededRandom } from './testing/seeded-random';

const DRAWS = 200_000;

function frequency(draws: number, trial: () => boolean): number {
  let successes = 0;
  for (let i = 0; i < draws; i++) if (trial()) successes++;
  return successes;
}

describe('bernoulliRational', () => {
  it.each([
    [1, 3],
    [999, 1000],
    [1, 1000],
    [5, 8],
  ])('P(true) = %i/%i (within 4.9 sd)', (num, den) => {
    const source = seededRandom(num * 7919 + den);
    const successes = frequency(DRAWS, () => bernoulliRational(source, ratio(num, den)));
    expect(binomialFits(successes, DRAWS, num / den)).toBe(true);
  });

  it('0 and 1 are certain; probabilities outside [0, 1] are refused', () => {
    const source = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      expect(bernoulliRational(source, ratio(0, 5))).toBe(false);
      expect(bernoulliRational(source, ratio(5, 5))).toBe(true);
    }
    expect(() => bernoulliRational(source, ratio(6, 5))).toThrow(RangeError);
  });
});

describe('bernoulliExpMinus: P(true) = exp(−γ) exactly (CKS20 Algorithm 1)', () => {
  it.each<[string, Rational]>([
    ['0', ratio(0)],
    ['1/10', ratio(1, 10)],
    ['1/2', ratio(1, 2)],
    ['1', ratio(1)],
    ['3/2', ratio(3, 2)],
    ['5/2', ratio(5, 2)],
    ['4', ratio(4)],
    ['7/3', ratio(7, 3)],
  ])('γ = %s (within 4.9 sd)', (_, gamma) => {
    const source = seededRandom(Number(gamma.num * 31n + gamma.den));
    const successes = frequency(DRAWS, () => bernoulliExpMinus(source, gamma));
    const p = Math.exp(-rationalToNumber(gamma));
    expect(binomialFits(successes, DRAWS, p), `${successes / DRAWS} vs ${p}`).toBe(true);
  });

  it('γ = 0 is always true, and a huge γ is (practically) always false', () => {
    const source = seededRandom(2);
    for (let i = 0; i < 1000; i++) expect(bernoulliExpMinus(source, ratio(0, 7))).toBe(true);
    expect(frequency(1000, () => bernoulliExpMinus(source, ratio(10_000, 3)))).toBe(0);
  });

  it('has power: exp(−1/2) samples are told apart from exp(−0.52)', () => {
    const source = seededRandom(3);
    const successes = frequency(DRAWS, () => bernoulliExpMinus(source, ratio(1, 2)));
    expect(binomialFits(successes, DRAWS, Math.exp(-0.52))).toBe(false);
  });
});

describe('geometricExp', () => {
  it.each<[string, Rational]>([
    ['3/2', ratio(3, 2)],
    ['1/5', ratio(1, 5)],
  ])('rate %s: P(Y = y) = (1 − e^{−rate})·e^{−rate·y} (chi-square, p = 1e-6)', (_, rate) => {
    const source = seededRandom(Number(rate.num * 101n + rate.den));
    const x = rationalToNumber(rate);
    const fit = chiSquareFit(
      tally(DRAWS, () => Number(geometricExp(source, rate))),
      (y) => geometricPmf(x, y),
      range(0, 200),
    );
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });
});

describe('discreteLaplace: P(X = x) ∝ exp(−|x|/t) (CKS20 Algorithm 2)', () => {
  it.each<[string, Rational]>([
    ['1/2', ratio(1, 2)],
    ['1', ratio(1)],
    ['7/2', ratio(7, 2)],
    ['20', ratio(20)],
  ])('t = %s (chi-square, p = 1e-6)', (_, scale) => {
    const source = seededRandom(Number(scale.num * 13n + scale.den));
    const t = rationalToNumber(scale);
    const fit = chiSquareFit(
      tally(DRAWS, () => Number(discreteLaplace(source, scale))),
      (x) => discreteLaplacePmf(t, x),
      range(-400, 400),
    );
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
    expect(fit.degreesOfFreedom).toBeGreaterThan(2);
  });

  it('has power: t = 1 samples fail a fit to t = 1.1', () => {
    const source = seededRandom(4);
    const fit = chiSquareFit(
      tally(DRAWS, () => Number(discreteLaplace(source, ratio(1)))),
      (x) => discreteLaplacePmf(1.1, x),
      range(-50, 50),
    );
    expect(fit.fits).toBe(false);
  });

  it('replays under a seeded source and refuses a non-positive scale', () => {
    const draw = (seed: number) => {
      const source = seededRandom(seed);
      return Array.from({ length: 50 }, () => discreteLaplace(source, ratio(3, 2)));
    };
    expect(draw(9)).toEqual(draw(9));
    expect(draw(9)).not.toEqual(draw(10));
    expect(() => discreteLaplace(seededRandom(1), ratio(0, 1))).toThrow(RangeError);
  });
});
