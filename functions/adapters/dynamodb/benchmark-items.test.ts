import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseCountsOf, denseOf } from '../../core/benchmark/dense-histogram';
import { histogramOf } from '../../core/benchmark/histogram';
import { cellItem, countsOfItem, mergedCountsOfItems, packedValues, packHistogram, unpackHistogram, withDelta } from './benchmark-items';

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
        const item = cellItem('x#0', { n: values.length, metrics: { overall: histogramOf(values) } });
        const code = Object.keys(item).find((k) => k.startsWith('p.'))!;
        expect(mergedCountsOfItems([{ ...item, [code]: view }])).toEqual(denseCountsOf({ n: values.length, metrics: { overall: histogramOf(values) } }));
      }),
    );
    expect(() => packedValues(new Uint8Array(12))).toThrow(RangeError);
  });
});
