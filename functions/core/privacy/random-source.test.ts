import { describe, expect, it } from 'vitest';
import { fairCoin, shuffled, uniformBelow, uniformSmallBelow, type RandomSource } from './random-source';
import { binomialFits, chiSquareFit, range, tally } from './testing/chi-square';
import { seededRandom } from './testing/seeded-random';

const DRAWS = 200_000;

describe('uniformBelow: unbiased by rejection', () => {
  it.each([2, 6, 7, 100, 255, 257])('n = %i: every value equally likely (chi-square, p = 1e-6)', (n) => {
    const source = seededRandom(n);
    const fit = chiSquareFit(
      tally(DRAWS, () => uniformSmallBelow(source, n)),
      () => 1 / n,
      range(0, n - 1),
    );
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });

  it('has power: the naive `byte % 100` fails the same test', () => {
    const source = seededRandom(1);
    const byte = new Uint8Array(1);
    const naive = () => {
      source.fill(byte);
      return byte[0]! % 100;
    };
    const fit = chiSquareFit(tally(DRAWS, naive), () => 1 / 100, range(0, 99));
    expect(fit.fits).toBe(false);
  });

  it('n = 3·2^30 (number path): the three thirds equally likely', () => {
    const source = seededRandom(2);
    const third = 2 ** 30;
    const fit = chiSquareFit(
      tally(DRAWS, () => Math.floor(uniformSmallBelow(source, 3 * third) / third)),
      () => 1 / 3,
      [0, 1, 2],
    );
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });

  it('n = 3·2^60 (bigint path): the thirds and the low bits equally likely, nothing out of range', () => {
    const source = seededRandom(3);
    const third = 1n << 60n;
    const thirds = new Map<number, number>();
    const lowBits = new Map<number, number>();
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = uniformBelow(source, 3n * third);
      if (v < 0n || v >= 3n * third) outOfRange++;
      const t = Number(v / third);
      thirds.set(t, (thirds.get(t) ?? 0) + 1);
      const low = Number(v & 7n);
      lowBits.set(low, (lowBits.get(low) ?? 0) + 1);
    }
    expect(outOfRange).toBe(0);
    expect(chiSquareFit(thirds, () => 1 / 3, [0, 1, 2]).fits).toBe(true);
    expect(chiSquareFit(lowBits, () => 1 / 8, range(0, 7)).fits).toBe(true);
  });

  it('n = 1 needs no randomness; n < 1 is refused', () => {
    const noRandomness: RandomSource = {
      fill() {
        throw new Error('should not draw');
      },
    };
    expect(uniformBelow(noRandomness, 1n)).toBe(0n);
    expect(uniformSmallBelow(noRandomness, 1)).toBe(0);
    expect(() => uniformBelow(noRandomness, 0n)).toThrow(RangeError);
    expect(() => uniformSmallBelow(noRandomness, 2 ** 33)).toThrow(RangeError);
  });
});

describe('fairCoin and shuffled', () => {
  it('fairCoin is fair', () => {
    const source = seededRandom(4);
    let heads = 0;
    for (let i = 0; i < DRAWS; i++) if (fairCoin(source)) heads++;
    expect(binomialFits(heads, DRAWS, 0.5)).toBe(true);
  });

  it('shuffled: all 24 orders of 4 items equally likely, and each is a permutation', () => {
    const source = seededRandom(5);
    const orders = tally(120_000, () => shuffled(source, [0, 1, 2, 3]).reduce((code, item) => code * 4 + item, 0));
    const isPermutation = (code: number) => new Set([code >> 6, (code >> 4) & 3, (code >> 2) & 3, code & 3]).size === 4;
    expect(orders.size).toBe(24);
    expect([...orders.keys()].every(isPermutation)).toBe(true);
    const fit = chiSquareFit(orders, () => 1 / 24, [...orders.keys()]);
    expect(fit.fits, JSON.stringify(fit)).toBe(true);
  });
});

describe('seededRandom (test-only source)', () => {
  const bytesOf = (seed: number) => {
    const bytes = new Uint8Array(37);
    seededRandom(seed).fill(bytes);
    return [...bytes];
  };

  it('replays: the same seed gives the same bytes, another seed others', () => {
    expect(bytesOf(42)).toEqual(bytesOf(42));
    expect(bytesOf(42)).not.toEqual(bytesOf(43));
  });

  it('its bytes are uniform (chi-square over 256 values)', () => {
    const bytes = new Uint8Array(DRAWS);
    seededRandom(6).fill(bytes);
    const counts = new Map<number, number>();
    for (const b of bytes) counts.set(b, (counts.get(b) ?? 0) + 1);
    expect(chiSquareFit(counts, () => 1 / 256, range(0, 255)).fits).toBe(true);
  });
});
