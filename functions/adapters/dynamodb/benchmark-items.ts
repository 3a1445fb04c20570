/**
 * How benchmark contributions, participation records and cohort cells are stored.
 * A cell item holds `n` (organisations), `v` (a version for optimistic writes) and `h`:
 * every metric's histogram in the compact form of core/benchmark/compact-histogram.ts
 * (varints, each metric sparse or dense, whichever is smaller). DynamoDB bills a write
 * by the size of the whole item, so the size of `h` is what folding costs per cell
 * (docs/benchmarks.md, "Past one partition's write limit").
 *
 * Items written before the compact form (and any cell whose counts went negative, which
 * the compact form cannot hold) keep the packed form, still read here: per metric (`overall`
 * or a domain id) under a short code, `m.<code>` (the metric id) and `p.<code>`: 503
 * little-endian int32 (count, sum of bins, then the 501 bin counts). A fold rewrites such an
 * item in the compact form; `npm run benchmarks:rebuild` rewrites them all.
 */
import { cellId, parseCellId, stableHash } from '../../core/benchmark/cells';
import {
  addEncodedCell,
  decodeCellHistograms,
  encodableCounts,
  encodableDense,
  encodeCellHistograms,
  encodeDenseCell,
} from '../../core/benchmark/compact-histogram';
import type { CellCounts, Contribution } from '../../core/benchmark/contributions';
import { addDense, addHistogram, denseMetric, emptyDense, emptyDenseCounts, histogramOfDense, type DenseCounts } from '../../core/benchmark/dense-histogram';
import { BIN_COUNT, mergeHistograms, type Histogram } from '../../core/benchmark/histogram';
import { verificationOf, type Participation, type ParticipationState } from '../../core/verification/verification';
import { orgPartition } from './keys';

export const BenchmarkItemType = {
  cell: 'benchmark-cell',
  contribution: 'benchmark-contribution',
  participation: 'benchmark-participation',
} as const;

export const benchmarkKeys = {
  cell: (id: string) => ({ PK: `BENCHCELL#${id}`, SK: 'CELL' }),
  contribution: (organisationId: string, questionnaireId: string, scope: string) => ({
    PK: orgPartition(organisationId),
    SK: `BENCHMARK#CONTRIBUTION#${questionnaireId}#${scope}`,
  }),
  participation: (organisationId: string) => ({ PK: orgPartition(organisationId), SK: 'BENCHMARK#PARTICIPATION' }),
};

/** A new participation record: what registration writes (docs/benchmarks.md, "Verification"). */
export function participationItem(organisationId: string, participation: Participation, at: string): Record<string, unknown> {
  return { ...benchmarkKeys.participation(organisationId), type: BenchmarkItemType.participation, organisationId, ...participation, at };
}

/** A stored participation record; records written before verification existed read as unverified. */
export function participationOfItem(item: Record<string, unknown>): Participation {
  return { state: item.state as ParticipationState, verification: verificationOf(item.verification) };
}

export const cellIdOfItem = (item: Record<string, unknown>) => cellId(parseCellId(String(item.PK).slice('BENCHCELL#'.length)));

export function contributionKeyParts(key: string) {
  const [organisationId, questionnaireId, scope] = key.split('#') as [string, string, string];
  return { organisationId, questionnaireId, scope };
}

export function contributionItem(c: Contribution): Record<string, unknown> {
  return { ...benchmarkKeys.contribution(c.organisationId, c.questionnaireId, c.scope), type: BenchmarkItemType.contribution, ...c };
}

export function contributionOfItem(item: Record<string, unknown>): Contribution {
  const { PK: _pk, SK: _sk, type: _type, ...rest } = item;
  return rest as unknown as Contribution;
}

const PACKED_LENGTH = 2 + BIN_COUNT;

export function packHistogram(h: Histogram): Uint8Array {
  const bytes = new Uint8Array(PACKED_LENGTH * 4);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, h.count, true);
  view.setInt32(4, h.sum, true);
  for (const [bin, c] of Object.entries(h.bins)) view.setInt32((2 + Number(bin)) * 4, c, true);
  return bytes;
}

export function unpackHistogram(bytes: Uint8Array): Histogram {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h: Histogram = { count: view.getInt32(0, true), sum: view.getInt32(4, true), bins: {} };
  for (let bin = 0; bin < BIN_COUNT; bin++) {
    const c = view.getInt32((2 + bin) * 4, true);
    if (c !== 0) h.bins[bin] = c;
  }
  return h;
}

/** A metric's short attribute code: 5 base-36 characters of its hash. */
export const metricCode = (metric: string) => stableHash(metric).toString(36).padStart(7, '0').slice(-5);

/** Reads a cell item, compact or packed, into counts (zero bins left out). */
export function countsOfItem(item: Record<string, unknown>): CellCounts {
  const counts: CellCounts = { n: Number(item.n ?? 0), metrics: {} };
  if (item.h instanceof Uint8Array) counts.metrics = decodeCellHistograms(item.h);
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith('m.')) continue;
    const packed = item[`p.${name.slice(2)}`];
    if (packed instanceof Uint8Array) counts.metrics[String(value)] = unpackHistogram(packed);
  }
  return counts;
}

/** Whether this machine stores int32 little-endian, as the packed histograms are. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A packed histogram as int32 values without copying when it is aligned (the usual case). */
export function packedValues(bytes: Uint8Array): Int32Array {
  if (bytes.byteLength !== PACKED_LENGTH * 4) throw new RangeError(`a packed histogram has ${PACKED_LENGTH * 4} bytes, not ${bytes.byteLength}`);
  if (LITTLE_ENDIAN) return bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, PACKED_LENGTH) : new Int32Array(bytes.slice().buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: PACKED_LENGTH }, (_, i) => view.getInt32(i * 4, true));
}

/**
 * Several cell items (the shards of one cell) added up into dense histograms, for the
 * query path: fixed work per item (a few metrics × 503 slots), no sparse maps.
 */
export function mergedCountsOfItems(items: readonly Record<string, unknown>[]): DenseCounts {
  const counts = emptyDenseCounts();
  const into = (metric: string) => denseMetric(counts, metric);
  for (const item of items) {
    counts.n += Number(item.n ?? 0);
    if (item.h instanceof Uint8Array) addEncodedCell(item.h, into);
    for (const name in item) {
      if (!name.startsWith('m.')) continue;
      const packed = item[`p.${name.slice(2)}`];
      if (packed instanceof Uint8Array) addDense(denseMetric(counts, String(item[name])), packedValues(packed));
    }
  }
  return counts;
}

export const cellVersion = (item: Record<string, unknown> | undefined) => (item ? Number(item.v ?? 0) : 0);

/** The cell item holding these counts, at a version: compact, or packed when a count is negative. */
export function cellItem(id: string, counts: CellCounts, version = 1): Record<string, unknown> {
  const item: Record<string, unknown> = { ...benchmarkKeys.cell(id), type: BenchmarkItemType.cell, n: counts.n, v: version };
  if (encodableCounts(counts.metrics)) {
    item.h = encodeCellHistograms(counts.metrics);
    return item;
  }
  return packedCellItem(id, counts, version);
}

/** The cell item in the packed form written before the compact one (tests of reading old tables). */
export function packedCellItem(id: string, counts: CellCounts, version = 1): Record<string, unknown> {
  const item: Record<string, unknown> = { ...benchmarkKeys.cell(id), type: BenchmarkItemType.cell, n: counts.n, v: version };
  for (const [m, h] of Object.entries(counts.metrics)) {
    const code = metricCode(m);
    item[`m.${code}`] = m;
    item[`p.${code}`] = packHistogram(h);
  }
  return item;
}

/** Counts plus a delta (new object). */
export function withDelta(current: CellCounts | undefined, delta: CellCounts): CellCounts {
  const next: CellCounts = { n: (current?.n ?? 0) + delta.n, metrics: {} };
  for (const source of [current?.metrics ?? {}, delta.metrics])
    for (const [m, h] of Object.entries(source)) {
      next.metrics[m] ??= { count: 0, sum: 0, bins: {} };
      mergeHistograms(next.metrics[m], h);
    }
  for (const [m, h] of Object.entries(next.metrics)) if (h.count === 0 && Object.keys(h.bins).length === 0) delete next.metrics[m];
  return next;
}

/*
 * The write path of folding keeps each cell it read or wrote as dense counts (one array of
 * 503 slots per metric: count, sum, bins), not sparse maps: adding a delta copies only the
 * metrics the delta touches and encoding scans fixed arrays. Sparse maps (withDelta) made
 * the fold spend about as long in allocation and garbage collection as waiting for the
 * database (docs/benchmarks.md, "Folding throughput").
 */

/** A stored cell item, compact or packed, as dense counts. */
export const denseCountsOfItem = (item: Record<string, unknown>): DenseCounts => mergedCountsOfItems([item]);

/** Dense counts plus a sparse delta (new object; metrics the delta leaves alone are shared, never changed). */
export function withDenseDelta(current: DenseCounts | undefined, delta: CellCounts): DenseCounts {
  const next: DenseCounts = { n: (current?.n ?? 0) + delta.n, metrics: new Map(current?.metrics) };
  for (const [metric, h] of Object.entries(delta.metrics)) {
    const before = next.metrics.get(metric);
    next.metrics.set(metric, addHistogram(before ? before.slice() : emptyDense(), h));
  }
  return next;
}

/** Dense counts as sparse ones: zero bins and metrics without values left out (as withDelta leaves them). */
export function sparseOfDense(counts: DenseCounts): CellCounts {
  const out: CellCounts = { n: counts.n, metrics: {} };
  for (const [metric, d] of counts.metrics) {
    const h = histogramOfDense(d);
    if (h.count !== 0 || Object.keys(h.bins).length > 0) out.metrics[metric] = h;
  }
  return out;
}

/** The cell item holding dense counts: the same item cellItem writes for the same counts. */
export function denseCellItem(id: string, counts: DenseCounts, version = 1): Record<string, unknown> {
  if (!encodableDense(counts.metrics)) return packedCellItem(id, sparseOfDense(counts), version);
  return { ...benchmarkKeys.cell(id), type: BenchmarkItemType.cell, n: counts.n, v: version, h: encodeDenseCell(counts.metrics) };
}
