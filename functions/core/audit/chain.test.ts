import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type LedgerEntry, type LedgerSegment, reconcile, sealSegment, verifyChain } from './chain';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const digest = (n: number) => sha256(`event ${n}`);
const entry = (n: number): LedgerEntry => ({ eventId: `e${n}`, sortKey: `AUDIT#2026-01-01T00:00:0${n}.000Z#e${n}`, digest: digest(n) });

function chainOf(...batches: number[][]): LedgerSegment[] {
  const segments: LedgerSegment[] = [];
  for (const batch of batches)
    segments.push(sealSegment(segments.at(-1), { ledger: 'o1', appendedAt: '2026-01-01T00:00:10.000Z', entries: batch.map(entry) }, sha256));
  return segments;
}
const texts = (segments: LedgerSegment[]) => segments.map((s) => JSON.stringify(s));

describe('the ledger chain', () => {
  it('links each segment to the one before and numbers them from 1', () => {
    const [first, second] = chainOf([1, 2], [3]);
    expect(first).toMatchObject({ sequence: 1, previousHash: null });
    expect(second).toMatchObject({ sequence: 2, previousHash: first!.hash });
    expect(verifyChain('o1', texts(chainOf([1, 2], [3], [4])), sha256).problems).toEqual([]);
  });

  it('finds a changed entry: the segment no longer hashes to its hash', () => {
    const segments = chainOf([1, 2], [3], [4]);
    segments[1]!.entries[0]!.digest = digest(9);
    expect(verifyChain('o1', texts(segments), sha256).problems).toEqual([{ sequence: 2, problem: 'hash_mismatch' }]);
  });

  it('finds a broken link: a segment resealed after a change no longer matches its successor', () => {
    const segments = chainOf([1, 2], [3], [4]);
    const forged = sealSegment(segments[0], { ledger: 'o1', appendedAt: segments[1]!.appendedAt, entries: [entry(5)] }, sha256);
    segments[1] = forged;
    expect(verifyChain('o1', texts(segments), sha256).problems).toEqual([{ sequence: 3, problem: 'link_mismatch' }]);
  });

  it('finds a segment moved, removed or made unreadable', () => {
    const segments = chainOf([1], [2], [3]);
    expect(verifyChain('o1', texts([segments[0]!, segments[2]!]), sha256).problems).toEqual([{ sequence: 2, problem: 'wrong_position' }]);
    expect(verifyChain('o2', texts(segments), sha256).problems.map((p) => p.problem)).toEqual(['wrong_position', 'wrong_position', 'wrong_position']);
    const [a, , c] = texts(segments);
    expect(verifyChain('o1', [a, undefined, c], sha256).problems).toEqual([{ sequence: 2, problem: 'sequence_gap' }]);
    expect(verifyChain('o1', [a, '{not json', c], sha256).problems).toEqual([{ sequence: 2, problem: 'unreadable' }]);
  });

  it('hands back the entries of every segment it could read', () => {
    expect(verifyChain('o1', texts(chainOf([1, 2], [3])), sha256).entries.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3']);
  });
});

describe('reconciling the ledger with the table', () => {
  const table = (...ns: number[]) => ns.map((n) => ({ ...entry(n) }));

  it('verifies matching events and names altered, missing and unledgered ones', () => {
    const events = table(1, 2, 4);
    events[1]!.digest = digest(7);
    expect(reconcile([entry(1), entry(2), entry(3)], events)).toEqual({ verified: ['e1'], altered: ['e2'], missing: ['e3'], unledgered: ['e4'] });
  });

  it('accepts an event ledgered twice by a redelivered batch, but not two different digests', () => {
    expect(reconcile([entry(1), entry(1)], table(1)).verified).toEqual(['e1']);
    expect(reconcile([entry(1), { ...entry(1), digest: digest(8) }], table(1)).altered).toEqual(['e1']);
  });

  it('counts an event moved to another sort key as altered', () => {
    expect(reconcile([entry(1)], [{ ...entry(1), sortKey: 'AUDIT#2027#e1' }]).altered).toEqual(['e1']);
  });

  it('judges nothing beyond the reach of a capped read', () => {
    const result = reconcile([entry(1), entry(3)], table(1, 2), { ledgerThrough: entry(1).sortKey, tableThrough: entry(2).sortKey });
    expect(result).toEqual({ verified: ['e1'], altered: [], missing: [], unledgered: [] });
  });
});
