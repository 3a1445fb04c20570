import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addEncodedCell, decodeCellHistograms, encodableCounts, encodableDense, encodeCellHistograms, encodeDenseCell } from './compact-histogram';
import { denseOf, emptyDense } from './dense-histogram';
import { histogramOf, type Histogram } from './histogram';

const scores = fc.array(
  fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
  { minLength: 1, maxLength: 400 },
);
const cells = fc.dictionary(fc.constantFrom('overall', 'auditing', 'access-scoping', 'identity-separation@2.0.0', 'é-metric'), scores.map(histogramOf), {
  minKeys: 1,
});

/** A histogram with every bin filled `times` times (a full cell). */
const full = (times: number): Histogram => {
  const h: Histogram = { count: 501 * times, sum: 0, bins: {} };
  for (let bin = 0; bin < 501; bin++) {
    h.bins[bin] = times;
    h.sum += bin * times;
  }
  return h;
};

describe('compact cell histograms', () => {
  it('round-trips any cell, sparse or dense, on both read paths', () => {
    fc.assert(
      fc.property(cells, (metrics) => {
        const bytes = encodeCellHistograms(metrics);
        expect(decodeCellHistograms(bytes)).toEqual(metrics);
        const dense = new Map<string, Float64Array>();
        addEncodedCell(bytes, (m) => dense.get(m) ?? dense.set(m, emptyDense()).get(m)!);
        expect(Object.fromEntries(dense)).toEqual(Object.fromEntries(Object.entries(metrics).map(([m, h]) => [m, denseOf(h)])));
      }),
    );
  });

  it("writes the same bytes from dense histograms as from sparse ones (the fold's write path)", () => {
    fc.assert(
      fc.property(cells, (metrics) => {
        const dense = new Map(Object.entries(metrics).map(([m, h]) => [m, denseOf(h)]));
        expect(encodableDense(dense)).toBe(true);
        expect(encodeDenseCell(dense)).toEqual(encodeCellHistograms(metrics));
      }),
    );
    const negative = denseOf(histogramOf([2]));
    negative[2 + 200] = -1;
    expect(encodableDense(new Map([['overall', negative]]))).toBe(false);
    expect(encodeDenseCell(new Map([['overall', emptyDense()]]))).toEqual(encodeCellHistograms({}));
  });

  it('stores a sparse histogram as gap and count pairs (a few bytes a score)', () => {
    const h = histogramOf([0, 0, 2.5, 5]);
    const bytes = encodeCellHistograms({ overall: h });
    // format, 1 metric, name length + 'overall', sparse, 3 bins, (0,2) (249,1) (249,1): 249 needs two bytes
    expect([...bytes]).toEqual([1, 1, 7, ...new TextEncoder().encode('overall'), 0, 3, 0, 2, 0xf9, 0x01, 1, 0xf9, 0x01, 1]);
    expect(decodeCellHistograms(bytes)).toEqual({ overall: h });
  });

  it('stores a full histogram densely: one byte a bin below 128, two below 16,384', () => {
    for (const [times, perBin] of [
      [1, 1],
      [127, 1],
      [128, 2],
      [16_383, 2],
    ] as const) {
      const h = full(times);
      const bytes = encodeCellHistograms({ overall: h });
      // format, metric count, name (1 + 7), dense marker, first bin 0, 501 bins (2 bytes), the bins
      expect(bytes.length).toBe(1 + 1 + 8 + 1 + 1 + 2 + 501 * perBin);
      expect(bytes[10]).toBe(1);
      expect(decodeCellHistograms(bytes)).toEqual({ overall: h });
    }
  });

  it('takes only the range of bins in use when dense', () => {
    const h = histogramOf(Array.from({ length: 200 }, (_, i) => 2 + (i % 100) / 100));
    const bytes = encodeCellHistograms({ overall: h });
    expect(bytes.length).toBe(1 + 1 + 8 + 1 + 2 + 1 + 100);
    expect(decodeCellHistograms(bytes)).toEqual({ overall: h });
  });

  it('leaves out metrics without values and refuses what it cannot hold', () => {
    expect(decodeCellHistograms(encodeCellHistograms({ overall: { count: 0, sum: 0, bins: {} } }))).toEqual({});
    const negative = { overall: { count: -1, sum: -200, bins: { 200: -1 } } };
    expect(encodableCounts(negative)).toBe(false);
    expect(encodableCounts({ overall: histogramOf([1]) })).toBe(true);
    expect(() => encodeCellHistograms(negative)).toThrow(RangeError);
    expect(() => encodeCellHistograms({ overall: { count: 1, sum: 501, bins: { 501: 1 } } })).toThrow(RangeError);
  });

  it('refuses bytes that are not a compact cell', () => {
    const good = encodeCellHistograms({ overall: histogramOf([1, 2]) });
    expect(() => decodeCellHistograms(good.subarray(0, good.length - 1))).toThrow(RangeError);
    expect(() => decodeCellHistograms(new Uint8Array([...good, 0]))).toThrow(RangeError);
    expect(() => decodeCellHistograms(new Uint8Array([2, 0]))).toThrow(RangeError);
    // dense bins 500 and 501: past the last bin
    expect(() => decodeCellHistograms(new Uint8Array([1, 1, 1, 0x61, 1, 0xf4, 0x03, 2, 1, 1]))).toThrow(RangeError);
  });
});
