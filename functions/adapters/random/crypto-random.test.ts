import { describe, expect, it } from 'vitest';
import { uniformSmallBelow } from '../../core/privacy/random-source';
import { chiSquareFit, range, tally } from '../../core/privacy/testing/chi-square';
import { cryptoRandomSource } from './crypto-random';

describe('cryptoRandomSource', () => {
  it('bytes are uniform over 0..255, across many small fills (chi-square, p = 1e-6)', () => {
    const source = cryptoRandomSource();
    const one = new Uint8Array(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      source.fill(one);
      for (const b of one) counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    expect(chiSquareFit(counts, () => 1 / 256, range(0, 255)).fits).toBe(true);
  });

  it('fills buffers larger than its block and never hands out the same bytes twice', () => {
    const source = cryptoRandomSource();
    const a = new Uint8Array(10_000);
    const b = new Uint8Array(10_000);
    source.fill(a);
    source.fill(b);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    const small = Array.from({ length: 2000 }, () => {
      const bytes = new Uint8Array(8);
      source.fill(bytes);
      return Buffer.from(bytes).toString('hex');
    });
    expect(new Set(small).size).toBe(small.length);
  });

  it('drives the exact samplers: uniform integers below 10 are uniform', () => {
    const source = cryptoRandomSource();
    expect(
      chiSquareFit(
        tally(100_000, () => uniformSmallBelow(source, 10)),
        () => 1 / 10,
        range(0, 9),
      ).fits,
    ).toBe(true);
  });
});
