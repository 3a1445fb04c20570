/**
 * The compact stored form of a cell's histograms (docs/benchmarks.md, "Reading cost").
 * DynamoDB bills every write by the size of the whole item, and most cells are sparse
 * (a few dozen distinct scores among 501 bins), so a cell's histograms are stored as
 * varints, each metric in whichever of two layouts is smaller:
 *
 *     cell    = 0x01 (format), varint metrics, metric…
 *     metric  = varint name length, name (UTF-8), then
 *               0x00 (sparse), varint k, k × (varint gap, varint count)   bins with a count, ascending;
 *                                                                         gap = bin − previous bin − 1 (previous starts at −1)
 *             | 0x01 (dense), varint first bin, varint n, n × varint count   bins first … first + n − 1
 *
 * Varints are unsigned LEB128 (7 bits a byte): a count below 128 takes one byte, below
 * 16,384 two. The count and the sum of a histogram are not stored: they follow from the
 * bins. Only non-negative counts can be stored (a cell's totals never go below zero);
 * `encodableCounts` says whether a cell qualifies.
 *
 * Decoding on the query path adds straight into dense arrays (`addEncodedCell`), one pass
 * over the bytes, no per-bin maps.
 */
import { BIN_COUNT, type Histogram } from './histogram';

export const COMPACT_FORMAT = 1;
const SPARSE = 0;
const DENSE = 1;
/** Layout of a dense histogram (dense-histogram.ts): count, sum, then the bins. */
const COUNT = 0;
const SUM = 1;
const FIRST_BIN = 2;

class Writer {
  private bytes = new Uint8Array(256);
  length = 0;
  private room(n: number) {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  byte(b: number) {
    this.room(1);
    this.bytes[this.length++] = b;
  }
  varint(value: number) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot store ${value} as an unsigned varint`);
    this.room(8);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }
  raw(bytes: Uint8Array) {
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

const varintBytes = (value: number) => {
  let n = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) n++;
  return n;
};

/** Whether every bin count is a non-negative integer (what the compact form can hold). */
export function encodableCounts(metrics: Record<string, Histogram>): boolean {
  for (const h of Object.values(metrics)) for (const key in h.bins) if (!(Number.isSafeInteger(h.bins[key]) && h.bins[key]! >= 0)) return false;
  return true;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** One metric: its name, then its bins (ascending, counts non-zero) in whichever layout is smaller. */
function writeMetric(out: Writer, metric: string, bins: readonly number[], countOf: (bin: number) => number): void {
  for (const b of bins) if (!(Number.isInteger(b) && b >= 0 && b < BIN_COUNT)) throw new RangeError(`bin ${b} is outside 0…${BIN_COUNT - 1}`);
  const name = utf8.encode(metric);
  out.varint(name.length);
  out.raw(name);
  const first = bins[0]!;
  const last = bins.at(-1)!;
  let sparse = varintBytes(bins.length);
  let previous = -1;
  for (const b of bins) {
    sparse += varintBytes(b - previous - 1) + varintBytes(countOf(b));
    previous = b;
  }
  let dense = varintBytes(first) + varintBytes(last - first + 1);
  for (let b = first; b <= last; b++) dense += varintBytes(countOf(b));
  if (sparse <= dense) {
    out.byte(SPARSE);
    out.varint(bins.length);
    previous = -1;
    for (const b of bins) {
      out.varint(b - previous - 1);
      out.varint(countOf(b));
      previous = b;
    }
  } else {
    out.byte(DENSE);
    out.varint(first);
    out.varint(last - first + 1);
    for (let b = first; b <= last; b++) out.varint(countOf(b));
  }
}

/** A cell's histograms (metric → histogram) in the compact form; metrics without values are left out. */
export function encodeCellHistograms(metrics: Record<string, Histogram>): Uint8Array {
  const out = new Writer();
  const entries = Object.entries(metrics)
    .map(([metric, h]) => {
      const bins = Object.keys(h.bins)
        .map(Number)
        .filter((b) => h.bins[b] !== 0)
        .sort((a, b) => a - b);
      return { metric, h, bins };
    })
    .filter((e) => e.bins.length > 0);
  out.byte(COMPACT_FORMAT);
  out.varint(entries.length);
  for (const { metric, h, bins } of entries) writeMetric(out, metric, bins, (b) => h.bins[b] ?? 0);
  return out.done();
}

/**
 * The same bytes from dense histograms (dense-histogram.ts layout: count, sum, then the
 * bins), the write path of folding: no per-bin maps. Check `encodableDense` first.
 */
export function encodeDenseCell(metrics: ReadonlyMap<string, ArrayLike<number>>): Uint8Array {
  const out = new Writer();
  const entries: { metric: string; d: ArrayLike<number>; bins: number[] }[] = [];
  for (const [metric, d] of metrics) {
    const bins: number[] = [];
    for (let b = 0; b < BIN_COUNT; b++) if (d[FIRST_BIN + b] !== 0) bins.push(b);
    if (bins.length > 0) entries.push({ metric, d, bins });
  }
  out.byte(COMPACT_FORMAT);
  out.varint(entries.length);
  for (const { metric, d, bins } of entries) writeMetric(out, metric, bins, (b) => d[FIRST_BIN + b]!);
  return out.done();
}

/** Whether every bin of these dense histograms is a non-negative integer (what the compact form can hold). */
export function encodableDense(metrics: ReadonlyMap<string, ArrayLike<number>>): boolean {
  for (const d of metrics.values())
    for (let b = 0; b < BIN_COUNT; b++) {
      const c = d[FIRST_BIN + b]!;
      if (!(c >= 0 && Number.isSafeInteger(c))) return false;
    }
  return true;
}

/** Reads a compact cell, calling `visit(metric, bin, count)` for every bin with a count. */
function walk(bytes: Uint8Array, onMetric: (metric: string) => (bin: number, count: number) => void): void {
  let at = 0;
  const fail = (why: string): never => {
    throw new RangeError(`not a compact cell (${why} at byte ${at} of ${bytes.length})`);
  };
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) fail('truncated varint');
      const b = bytes[at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 49) fail('varint too long');
    }
  };
  if (bytes[at++] !== COMPACT_FORMAT) fail('unknown format');
  const metrics = varint();
  for (let m = 0; m < metrics; m++) {
    const length = varint();
    if (at + length > bytes.length) fail('truncated name');
    const add = onMetric(fromUtf8.decode(bytes.subarray(at, at + length)));
    at += length;
    const kind = bytes[at++];
    if (kind === SPARSE) {
      const k = varint();
      let bin = -1;
      for (let i = 0; i < k; i++) {
        bin += varint() + 1;
        if (bin >= BIN_COUNT) fail(`bin ${bin}`);
        add(bin, varint());
      }
    } else if (kind === DENSE) {
      const first = varint();
      const n = varint();
      if (first + n > BIN_COUNT) fail(`bins ${first}…${first + n - 1}`);
      for (let i = 0; i < n; i++) {
        const c = varint();
        if (c !== 0) add(first + i, c);
      }
    } else fail(`layout ${kind}`);
  }
  if (at !== bytes.length) fail('trailing bytes');
}

/** The histograms of a compact cell (the write path: sparse maps). */
export function decodeCellHistograms(bytes: Uint8Array): Record<string, Histogram> {
  const out: Record<string, Histogram> = {};
  walk(bytes, (metric) => {
    const h: Histogram = { count: 0, sum: 0, bins: {} };
    out[metric] = h;
    return (bin, c) => {
      h.count += c;
      h.sum += bin * c;
      h.bins[bin] = c;
    };
  });
  return out;
}

/** Adds a compact cell into dense histograms (the query path): `dense(metric)` gives the array to add into. */
export function addEncodedCell(bytes: Uint8Array, dense: (metric: string) => Float64Array): void {
  walk(bytes, (metric) => {
    const d = dense(metric);
    return (bin, c) => {
      d[COUNT]! += c;
      d[SUM]! += bin * c;
      d[FIRST_BIN + bin]! += c;
    };
  });
}
