import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../functions/core/benchmark/reference/answers';
import { normalCdf, normalQuantile, standardNormal } from '../../functions/core/benchmark/reference/normal';

describe('the standard normal helpers', () => {
  it('give known values of Φ and its inverse', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.16)).toBeCloseTo(-0.994458, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it('draws with mean 0 and variance 1', () => {
    const random = seededRandom(1);
    const draws = Array.from({ length: 20_000 }, () => standardNormal(random));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
    expect(draws.every(Number.isFinite)).toBe(true);
  });
});
