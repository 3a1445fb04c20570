/**
 * The audit ledger's hash chain. A ledger (one per organisation, one for the platform) is
 * a sequence of segments written once each: segment n holds its sequence number, the hash
 * of segment n-1 (none for the first), and the entries (event id, sort key, digest) of one
 * stream batch. Its hash covers all of that, so changing, removing or reordering anything
 * already written breaks the chain from there on.
 */
import { z } from 'zod';
import { canonicalForm, type Sha256 } from './digest';

/** Names the segment form, as AUDIT_EVENT_FORM does for events. */
export const LEDGER_SEGMENT_FORM = 'aim-audit-ledger/1';

const HEX64 = /^[0-9a-f]{64}$/;

export const LedgerEntrySchema = z.strictObject({
  eventId: z.string().min(1),
  /** The event's sort key in the table (AUDIT#<time>#<id>): its time, and where to find it. */
  sortKey: z.string().startsWith('AUDIT#'),
  digest: z.string().regex(HEX64),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export const LedgerSegmentSchema = z.strictObject({
  form: z.literal(LEDGER_SEGMENT_FORM),
  /** The organisation id, or PLATFORM for the platform's own events. */
  ledger: z.string().min(1),
  sequence: z.number().int().min(1),
  previousHash: z.string().regex(HEX64).nullable(),
  appendedAt: z.string(),
  entries: z.array(LedgerEntrySchema).min(1),
  hash: z.string().regex(HEX64),
});
export type LedgerSegment = z.infer<typeof LedgerSegmentSchema>;
export type UnsealedSegment = Omit<LedgerSegment, 'hash' | 'form'>;

/** The hash of a segment: of everything in it but the hash itself. */
export function segmentHash(segment: Omit<LedgerSegment, 'hash'>, sha256: Sha256): string {
  const { form, ledger, sequence, previousHash, appendedAt, entries } = segment;
  return sha256(canonicalForm({ form, ledger, sequence, previousHash, appendedAt, entries }));
}

/** The next segment after `head` (the ledger's last segment, none for a new ledger), sealed with its hash. */
export function sealSegment(
  head: Pick<LedgerSegment, 'sequence' | 'hash'> | undefined,
  body: { ledger: string; appendedAt: string; entries: LedgerEntry[] },
  sha256: Sha256,
): LedgerSegment {
  const unsealed = { form: LEDGER_SEGMENT_FORM, ...body, sequence: (head?.sequence ?? 0) + 1, previousHash: head?.hash ?? null } as const;
  return { ...unsealed, hash: segmentHash(unsealed, sha256) };
}

/** A segment as stored (JSON text), or why it is not one. */
export function parseSegment(text: string): LedgerSegment | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = LedgerSegmentSchema.safeParse(json);
  return parsed.success ? parsed.data : { problem: 'not a ledger segment' };
}

export type ChainProblemKind = 'unreadable' | 'hash_mismatch' | 'link_mismatch' | 'wrong_position' | 'sequence_gap';
export interface ChainProblem {
  sequence: number;
  problem: ChainProblemKind;
}

/**
 * Checks the segments read for sequence numbers 1…n of one ledger, in order (`undefined`
 * text: a hole before a later segment that exists): each must parse, sit where it claims,
 * hash to its own hash, and name its predecessor's hash. Returns the problems found and
 * the entries of the segments that parsed (their digests are still compared by the
 * caller, but a broken chain means they prove nothing on their own).
 */
export function verifyChain(ledger: string, texts: readonly (string | undefined)[], sha256: Sha256): { problems: ChainProblem[]; entries: LedgerEntry[] } {
  const problems: ChainProblem[] = [];
  const entries: LedgerEntry[] = [];
  // The hash the next segment must name; unknown after a hole or an unreadable segment (already reported).
  let expected: { hash: string | null } | undefined = { hash: null };
  texts.forEach((text, index) => {
    const sequence = index + 1;
    const segment = text === undefined ? undefined : parseSegment(text);
    if (!segment || 'problem' in segment) {
      problems.push({ sequence, problem: segment ? 'unreadable' : 'sequence_gap' });
      expected = undefined;
      return;
    }
    entries.push(...segment.entries);
    if (segment.ledger !== ledger || segment.sequence !== sequence) problems.push({ sequence, problem: 'wrong_position' });
    else if (segmentHash(segment, sha256) !== segment.hash) problems.push({ sequence, problem: 'hash_mismatch' });
    else if (expected && segment.previousHash !== expected.hash) problems.push({ sequence, problem: 'link_mismatch' });
    expected = { hash: segment.hash };
  });
  return { problems, entries };
}

/** An event as the table holds it now: its id, sort key and recomputed digest. */
export interface StoredEventDigest {
  eventId: string;
  sortKey: string;
  digest: string;
}

/**
 * Compares the ledger's entries with the events in the table. Each list may stop early
 * (a capped read): `ledgerThrough` / `tableThrough` is then the last sort key it covers,
 * and events beyond the other side's reach are not judged.
 */
export function reconcile(
  ledgerEntries: readonly LedgerEntry[],
  tableEvents: readonly StoredEventDigest[],
  reach: { ledgerThrough?: string; tableThrough?: string } = {},
): { verified: string[]; altered: string[]; missing: string[]; unledgered: string[] } {
  const ledgered = new Map<string, LedgerEntry[]>();
  for (const entry of ledgerEntries) ledgered.set(entry.eventId, [...(ledgered.get(entry.eventId) ?? []), entry]);
  const inTable = new Set(tableEvents.map((e) => e.eventId));
  const verified: string[] = [];
  const altered: string[] = [];
  const unledgered: string[] = [];
  for (const event of tableEvents) {
    const entries = ledgered.get(event.eventId);
    if (!entries) {
      if (reach.ledgerThrough === undefined || event.sortKey <= reach.ledgerThrough) unledgered.push(event.eventId);
      continue;
    }
    // A redelivered stream batch may ledger an event twice; every copy must match.
    if (entries.every((entry) => entry.digest === event.digest && entry.sortKey === event.sortKey)) verified.push(event.eventId);
    else altered.push(event.eventId);
  }
  const missing = [...ledgered.entries()]
    .filter(([eventId, entries]) => !inTable.has(eventId) && (reach.tableThrough === undefined || entries[0]!.sortKey <= reach.tableThrough))
    .map(([eventId]) => eventId);
  return { verified, altered, missing, unledgered };
}
