import { describe, expect, it } from 'vitest';
import { discreteLaplaceHalfWidth, discreteLaplaceTail, laplaceScale, noisyCount, noisyHistogram } from './noisy-count';
import { ratio, rationalToNumber, type Rational } from './rational';
import { binomialFits, chiSquareFit, range, tally } from './testing/chi-square';
import { discreteLaplacePmf } from './testing/distributions';
import { seededRandom } from './testing/seeded-random';

const SCALES: [string, Rational][] = [
  ['1/2', ratio(1, 2)],
  ['1', ratio(1)],
  ['7/2', ratio(7, 2)],
  ['10', ratio(10)],
];

describe('laplaceScale', () => {
  it('is Δ/ε exactly', () => {
    expect(laplaceScale(1, ratio(1, 2))).toEqual({ num: 2n, den: 1n });
    expect(laplaceScale(3, ratio(2, 5))).toEqual({ num: 15n, den: 2n });
    expect(() => laplaceScale(0, ratio(1))).toThrow(RangeError);
    expect(() => laplaceScale(1, ratio(0))).toThrow(RangeError);
  });
});

describe('discreteLaplaceTail: P(|X| > w) = 2·e^{−(w+1)/t}/(1 + e^{−1/t})', () => {
  it.each(SCALES)('t = %s: agrees with 1 − Σ_{|x| ≤ w} pmf(x), w = 0..30', (_, scale) => {
    const t = rationalToNumber(scale);
    for (let w = 0; w <= 30; w++) {
      let inside = 0;
      for (let x = -w; x <= w; x++) inside += discreteLaplacePmf(t, x);
      expect(discreteLaplaceTail(scale, w)).toBeCloseTo(1 - inside, 12);
    }
  });
});

describe('discreteLaplaceHalfWidth', () => {
  it.each(SCALES)('t = %s: the smallest w with P(|X| > w) ≤ β, for several β', (_, scale) => {
    for (const beta of [0.5, 0.1, 0.05, 0.01, 0.001]) {
      const w = discreteLaplaceHalfWidth(scale, beta);
      expect(discreteLaplaceTail(scale, w)).toBeLessThanOrEqual(beta);
      if (w > 0) expect(discreteLaplaceTail(scale, w - 1)).toBeGreaterThan(beta);
    }
  });

  it('agrees with OpenDP’s documented accuracy: scale 3, α = 0.05 gives 9.4457…, so w = 9', () => {
    expect(discreteLaplaceHalfWidth(ratio(3), 0.05)).toBe(9);
  });

  it('covers: 200k noisy counts fall outside ±w as often as the tail formula says (t = 7/2, β = 0.05)', () => {
    const source = seededRandom(41);
    const scale = ratio(7, 2);
    const w = discreteLaplaceHalfWidth(scale, 0.05);
    let outside = 0;
    const draws = 200_000;
    for (let i = 0; i < draws; i++) if (Math.abs(noisyCount(source, 100, 7, ratio(2)) - 100) > w) outside++;
    expect(binomialFits(outside, draws, discreteLaplaceTail(scale, w))).toBe(true);
    expect(outside / draws).toBeLessThanOrEqual(0.05 + 0.003);
  });

  it('refuses β outside (0, 1)', () => {
    expect(() => discreteLaplaceHalfWidth(ratio(1), 0)).toThrow(RangeError);
    expect(() => discreteLaplaceHalfWidth(ratio(1), 1)).toThrow(RangeError);
  });
});

describe('noisyCount and noisyHistogram', () => {
  it('noise on a count is discrete Laplace with scale Δ/ε (Δ = 2, ε = 1/2: t = 4; chi-square, p = 1e-6)', () => {
    const source = seededRandom(42);
    const fit = chiSquareFit(
      tally(200_000, () => noisyCount(source, 37, 2, ratio(1, 2)) - 37),
      (x) => discreteLaplacePmf(4, x),
      range(-300, 300),
    );
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });

  it('every histogram bin gets independent noise of scale Δ/ε, centred on its count', () => {
    const source = seededRandom(43);
    const counts = [0, 5, 12, 3, 0, 40];
    const noise = new Map<number, number>();
    const sums = counts.map(() => 0);
    const releases = 30_000;
    let fractional = 0;
    for (let i = 0; i < releases; i++) {
      const released = noisyHistogram(source, counts, 1, ratio(1, 3));
      released.forEach((value, bin) => {
        if (!Number.isInteger(value)) fractional++;
        sums[bin]! += value - counts[bin]!;
        noise.set(value - counts[bin]!, (noise.get(value - counts[bin]!) ?? 0) + 1);
      });
    }
    expect(fractional).toBe(0);
    expect(chiSquareFit(noise, (x) => discreteLaplacePmf(3, x), range(-200, 200)).fits).toBe(true);
    // Var = 2q/(1−q)² with q = e^{−1/3}; the mean of each bin's noise is within 4.9 sd of 0.
    const q = Math.exp(-1 / 3);
    const sd = Math.sqrt((2 * q) / (1 - q) ** 2 / releases);
    sums.forEach((s) => {
      expect(Math.abs(s / releases)).toBeLessThanOrEqual(4.9 * sd);
    });
  });
});
