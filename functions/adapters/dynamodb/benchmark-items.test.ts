import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseCountsOf, denseOf } from '../../core/benchmark/dense-histogram';
import { histogramOf } from '../../core/benchmark/histogram';
import {
  cellItem,
  countsOfItem,
  denseCellItem,
  denseCountsOfItem,
  mergedCountsOfItems,
  packedCellItem,
  packedValues,
  packHistogram,
  unpackHistogram,
  withDelta,
  withDenseDelta,
} from './benchmark-items';

const scores = fc.array(
  fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
  { maxLength: 300 },
);

describe('packed cell histograms', () => {
  it('round-trips every histogram, at a constant size', () => {
    fc.assert(
      fc.property(scores, (values) => {
        const h = histogramOf(values);
        const packed = packHistogram(h);
        expect(packed.byteLength).toBe(503 * 4);
        expect(unpackHistogram(packed)).toEqual(h);
      }),
    );
  });

  it('stores and reads back a cell with its metric ids', () => {
    const counts = { n: 3, metrics: { overall: histogramOf([1, 2, 3]), 'identity-separation': histogramOf([0.5, 5, 5]) } };
    const item = cellItem('real#q#*#*#*#*#0', counts, 4);
    expect(item.v).toBe(4);
    expect(countsOfItem(item)).toEqual(counts);
  });

  it('applies a delta, dropping metrics that reach zero', () => {
    const current = { n: 1, metrics: { overall: histogramOf([2]) } };
    const minus = { n: -1, metrics: { overall: { count: -1, sum: -200, bins: { 200: -1 } } } };
    expect(withDelta(current, minus)).toEqual({ n: 0, metrics: {} });
  });
});

describe('compact cell items', () => {
  const cell = fc.record({
    n: fc.integer({ min: 0, max: 1000 }),
    metrics: fc.dictionary(fc.constantFrom('overall', 'auditing', 'access-scoping'), scores.filter((v) => v.length > 0).map(histogramOf)),
  });

  it('writes the compact form, and reads it and the packed form of older tables to the same counts', () => {
    fc.assert(
      fc.property(cell, (counts) => {
        const compact = cellItem('real#q#*#*#*#*#0', counts, 3);
        const packed = packedCellItem('real#q#*#*#*#*#0', counts, 3);
        expect(compact.h).toBeInstanceOf(Uint8Array);
        expect(Object.keys(compact).filter((k) => k.startsWith('p.') || k.startsWith('m.'))).toEqual([]);
        expect(countsOfItem(compact)).toEqual(counts);
        expect(countsOfItem(packed)).toEqual(counts);
        expect(mergedCountsOfItems([compact])).toEqual(denseCountsOf(counts));
        expect(mergedCountsOfItems([packed])).toEqual(denseCountsOf(counts));
      }),
    );
  });

  it('merges shards of either form (a table partly rewritten since the compact form)', () => {
    const a = { n: 2, metrics: { overall: histogramOf([1, 2]), auditing: histogramOf([3]) } };
    const b = { n: 1, metrics: { overall: histogramOf([2, 4.99]) } };
    expect(mergedCountsOfItems([packedCellItem('x#0', a), cellItem('x#1', b)])).toEqual(denseCountsOf(withDelta(a, b)));
    // a fold reads the packed item and writes the sum back compact
    const next = cellItem('x#0', withDelta(countsOfItem(packedCellItem('x#0', a)), b), 2);
    expect(next.h).toBeInstanceOf(Uint8Array);
    expect(countsOfItem(next)).toEqual(withDelta(a, b));
  });

  it('is a small fraction of the packed size for a sparse cell', () => {
    const counts = {
      n: 30,
      metrics: Object.fromEntries(
        ['overall', 'a', 'b', 'c', 'd', 'e', 'f', 'g'].map((m, i) => [m, histogramOf(Array.from({ length: 30 }, (_, j) => ((i * 7 + j * 13) % 501) / 100))]),
      ),
    };
    const compact = (cellItem('x#0', counts).h as Uint8Array).byteLength;
    expect(compact).toBeLessThan((8 * 503 * 4) / 20);
  });

  it('keeps the packed form for counts below zero, which the compact form cannot hold', () => {
    const counts = { n: 0, metrics: { overall: { count: -1, sum: -200, bins: { 200: -1 } } } };
    const item = cellItem('x#0', counts);
    expect(item.h).toBeUndefined();
    expect(countsOfItem(item)).toEqual(counts);
  });
});

describe('merging shards', () => {
  it('adds shard items up to the same counts as merging them one by one', () => {
    const a = { n: 2, metrics: { overall: histogramOf([1, 2]), auditing: histogramOf([3]) } };
    const b = { n: 1, metrics: { overall: histogramOf([2]) } };
    expect(mergedCountsOfItems([cellItem('x#0', a), cellItem('x#1', b)])).toEqual(denseCountsOf(withDelta(a, b)));
    expect(mergedCountsOfItems([])).toEqual({ n: 0, metrics: new Map() });
  });

  it('reads packed histograms at any byte offset (as unmarshalled from a response), and refuses a wrong size', () => {
    fc.assert(
      fc.property(scores, fc.integer({ min: 0, max: 7 }), (values, offset) => {
        const packed = packHistogram(histogramOf(values));
        const shifted = new Uint8Array(packed.byteLength + offset);
        shifted.set(packed, offset);
        const view = shifted.subarray(offset);
        expect([...packedValues(view)]).toEqual([...denseOf(histogramOf(values))]);
        const item = packedCellItem('x#0', { n: values.length, metrics: { overall: histogramOf(values) } });
        const code = Object.keys(item).find((k) => k.startsWith('p.'))!;
        expect(mergedCountsOfItems([{ ...item, [code]: view }])).toEqual(denseCountsOf({ n: values.length, metrics: { overall: histogramOf(values) } }));
      }),
    );
    expect(() => packedValues(new Uint8Array(12))).toThrow(RangeError);
  });
});

describe("folding's dense write path", () => {
  const counts = fc.record({
    n: fc.integer({ min: 0, max: 1000 }),
    metrics: fc.dictionary(fc.constantFrom('overall', 'auditing', 'access-scoping'), scores.filter((v) => v.length > 0).map(histogramOf)),
  });
  const signed = (c: { n: number; metrics: Record<string, ReturnType<typeof histogramOf>> }, sign: 1 | -1) => ({
    n: sign * c.n,
    metrics: Object.fromEntries(
      Object.entries(c.metrics).map(([m, h]) => [
        m,
        { count: sign * h.count, sum: sign * h.sum, bins: Object.fromEntries(Object.entries(h.bins).map(([b, x]) => [b, sign * x])) },
      ]),
    ),
  });

  it('writes the item the sparse path writes for the same cell and delta, either form, and leaves the current counts alone', () => {
    fc.assert(
      fc.property(counts, counts, fc.constantFrom(1, -1) as fc.Arbitrary<1 | -1>, fc.boolean(), (current, change, sign, packed) => {
        const delta = signed(change, sign);
        const stored = packed ? packedCellItem('x#0', current, 2) : cellItem('x#0', current, 2);
        const before = denseCountsOfItem(stored);
        const snapshot = new Map([...before.metrics].map(([m, d]) => [m, [...d]]));
        const item = denseCellItem('x#0', withDenseDelta(before, delta), 3);
        const expected = withDelta(countsOfItem(stored), delta);
        expect(countsOfItem(item)).toEqual(expected);
        expect(item.v).toBe(3);
        expect(item.h === undefined).toBe(cellItem('x#0', expected).h === undefined);
        expect(new Map([...before.metrics].map(([m, d]) => [m, [...d]]))).toEqual(snapshot);
      }),
    );
  });
});
