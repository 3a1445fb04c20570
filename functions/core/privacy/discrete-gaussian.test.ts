import { describe, expect, it } from 'vitest';
import { discreteGaussian, integerSquareRoot } from './discrete-gaussian';
import { ratio, rationalToNumber, type Rational } from './rational';
import { chiSquareFit, range, tally } from './testing/chi-square';
import { discreteGaussianPmf } from './testing/distributions';
import { seededRandom } from './testing/seeded-random';

describe('discreteGaussian: P(X = x) ∝ exp(−x²/(2σ²)) (CKS20 Algorithm 3)', () => {
  it.each<[string, Rational]>([
    ['1/4', ratio(1, 4)],
    ['1', ratio(1)],
    ['9/2', ratio(9, 2)],
    ['50', ratio(50)],
  ])('σ² = %s (chi-square over 150k draws, p = 1e-6)', (_, sigmaSquared) => {
    const source = seededRandom(Number(sigmaSquared.num * 17n + sigmaSquared.den));
    const pmf = discreteGaussianPmf(rationalToNumber(sigmaSquared));
    const fit = chiSquareFit(
      tally(150_000, () => Number(discreteGaussian(source, sigmaSquared))),
      pmf,
      range(-200, 200),
    );
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });

  it('has power: σ² = 1 samples fail a fit to σ² = 1.1', () => {
    const source = seededRandom(5);
    const fit = chiSquareFit(
      tally(150_000, () => Number(discreteGaussian(source, ratio(1)))),
      discreteGaussianPmf(1.1),
      range(-20, 20),
    );
    expect(fit.fits).toBe(false);
  });

  it('refuses σ² ≤ 0', () => {
    expect(() => discreteGaussian(seededRandom(1), ratio(0))).toThrow(RangeError);
  });
});

describe('integerSquareRoot', () => {
  it('is ⌊√m⌋: r² ≤ m < (r+1)², for small m and around large squares', () => {
    const check = (m: bigint) => {
      const r = integerSquareRoot(m);
      expect(r * r <= m && m < (r + 1n) * (r + 1n), `m = ${m}, r = ${r}`).toBe(true);
    };
    for (let m = 0n; m < 2000n; m++) check(m);
    const big = 123_456_789_012_345_678_901n;
    for (const m of [big * big - 1n, big * big, big * big + 1n, big * big + 2n * big]) check(m);
  });
});
