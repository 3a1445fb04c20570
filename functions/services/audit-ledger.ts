/**
 * The audit ledger (docs/security.md, "The audit ledger: immutable and verifiable"): the
 * digest of every audit event, appended from the table's stream to a hash chain per
 * organisation in write-once storage, and the check that walks the chain and compares
 * it with the events the table holds now.
 */
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { type ChainProblem, type LedgerEntry, type LedgerSegment, parseSegment, reconcile, sealSegment, verifyChain } from '../core/audit/chain';
import { auditEventDigest } from '../core/audit/digest';
import { AUDIT_RETENTION_DAYS } from '../core/audit/retention';
import { sha256 } from './hashing';
import type { AuditEventItems, AuditLedgerStore, Clock } from './ports';

/** The ledger of the platform's own events (partition PLATFORM); every other ledger is named by its organisation id. */
export const PLATFORM_LEDGER = 'PLATFORM';

/** An audit event item out of a stream record (every attribute, keys included), or why it could not be read. */
export interface StreamedAuditEvent {
  recordId: string;
  item?: Record<string, unknown>;
  error?: string;
}

export interface IntegrityReport {
  ledger: string;
  verifiedEvents: number;
  ledgerSegments: number;
  chainIntact: boolean;
  chainProblems: ChainProblem[];
  altered: string[];
  missing: string[];
  /** Ledgered events gone from the table after their retention ended: removed as intended, not missing. */
  expired: string[];
  unledgered: string[];
  /** True when a limit stopped the walk: only events up to where both reads reached were judged. */
  partial: boolean;
  checkedAt: string;
}

/** How much one check reads: an HTTP request must answer in seconds (the CLI raises them). */
export interface VerificationLimits {
  segments: number;
  events: number;
}
export const DEFAULT_VERIFICATION_LIMITS: VerificationLimits = { segments: 500, events: 10_000 };

/** Holes this wide after the last segment found are looked past (a removed segment, locally). */
const HOLE_PROBE = 3;
/** Segments read at once while walking the chain. */
const READ_AHEAD = 8;
/** Appends tried again after another writer took the next sequence number. */
const APPEND_TRIES = 5;

export interface AuditLedgerDeps {
  ledger: AuditLedgerStore;
  events: AuditEventItems;
  clock: Clock;
  log?: (entry: Record<string, unknown>) => void;
  limits?: VerificationLimits;
  /** Days audit events are kept (AIM_AUDIT_RETENTION_DAYS): older ones may be gone from the table. */
  retentionDays?: number;
}

/** The ledger an event item belongs to, from its partition key. */
function ledgerOf(item: Record<string, unknown>): string | undefined {
  if (item.PK === PLATFORM_LEDGER) return PLATFORM_LEDGER;
  return typeof item.PK === 'string' && item.PK.startsWith('ORG#') && item.PK.length > 4 ? item.PK.slice(4) : undefined;
}

/** The ledger entry of an audit event item: its id, sort key and digest. */
export function ledgerEntryOf(item: Record<string, unknown>): LedgerEntry {
  if (typeof item.id !== 'string' || typeof item.SK !== 'string' || !item.SK.startsWith('AUDIT#')) throw new Error('not an audit event item');
  return { eventId: item.id, sortKey: item.SK, digest: auditEventDigest(item, sha256) };
}

export class AuditLedgerService {
  /** The last segment of each ledger this process appended to or found (a hint: a conditional write settles it). */
  private readonly heads = new Map<string, LedgerSegment>();

  constructor(private readonly deps: AuditLedgerDeps) {}

  /**
   * Appends the events of a stream batch, one segment per ledger. Returns the records
   * that could not be appended (poison records, storage failures): the stream delivers
   * them again. An event already in the ledger's last segment (a batch delivered again)
   * is not appended twice.
   */
  async append(records: readonly StreamedAuditEvent[], log = this.deps.log): Promise<{ failed: string[] }> {
    const failed: string[] = [];
    const byLedger = new Map<string, { recordIds: string[]; entries: LedgerEntry[] }>();
    for (const record of records) {
      try {
        if (record.error || !record.item) throw new Error(record.error ?? 'empty audit record');
        const ledger = ledgerOf(record.item);
        if (!ledger) throw new Error('audit event outside an organisation or the platform partition');
        const batch = byLedger.get(ledger) ?? { recordIds: [], entries: [] };
        batch.recordIds.push(record.recordId);
        batch.entries.push(ledgerEntryOf(record.item));
        byLedger.set(ledger, batch);
      } catch (error) {
        log?.({ level: 'error', msg: 'could not ledger audit event', recordId: record.recordId, error: String(error) });
        failed.push(record.recordId);
      }
    }
    for (const [ledger, batch] of byLedger) {
      try {
        await this.appendSegment(ledger, batch.entries);
      } catch (error) {
        log?.({ level: 'error', msg: 'could not append to the audit ledger', ledger, records: batch.recordIds.length, error: String(error) });
        failed.push(...batch.recordIds);
      }
    }
    return { failed };
  }

  private async appendSegment(ledger: string, entries: LedgerEntry[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const head = this.heads.get(ledger) ?? (await this.findHead(ledger));
      const known = new Set(head?.entries.map((e) => e.eventId));
      const fresh = entries.filter((e, i) => !known.has(e.eventId) && entries.findIndex((f) => f.eventId === e.eventId) === i);
      if (!fresh.length) return;
      const segment = sealSegment(head, { ledger, appendedAt: this.deps.clock.now().toISOString(), entries: fresh }, sha256);
      if ((await this.deps.ledger.create(ledger, segment.sequence, JSON.stringify(segment))) === 'written') {
        this.heads.set(ledger, segment);
        return;
      }
      // Someone else appended meanwhile: find the new head and chain after it.
      this.heads.delete(ledger);
      if (attempt >= APPEND_TRIES) throw new Error(`sequence ${segment.sequence} of ledger ${ledger} kept being taken`);
    }
  }

  /** The ledger's last segment: doubling, then halving, over sequence numbers (O(log n) reads, no listing). */
  private async findHead(ledger: string): Promise<LedgerSegment | undefined> {
    const exists = async (sequence: number) => (await this.deps.ledger.read(ledger, sequence)) !== undefined;
    if (!(await exists(1))) return undefined;
    let low = 1;
    let high = 2;
    while (await exists(high)) [low, high] = [high, high * 2];
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await exists(middle)) low = middle;
      else high = middle;
    }
    const segment = parseSegment((await this.deps.ledger.read(ledger, low)) ?? '');
    // Never chain onto something that is not a segment: the check reports it, an operator decides.
    if ('problem' in segment) throw new Error(`the last segment (${low}) of ledger ${ledger} is ${segment.problem}`);
    return segment;
  }

  /** The check for the caller's organisation (owners and leaders, as the audit trail). */
  async verify(principal: Principal): Promise<IntegrityReport> {
    authorize(principal, 'audit.read');
    return this.verifyLedger(organisationOf(principal));
  }

  /** Walks one ledger's chain and compares its entries with the events in the table (also the operators' CLI). */
  async verifyLedger(ledger: string, limits: VerificationLimits = this.deps.limits ?? DEFAULT_VERIFICATION_LIMITS): Promise<IntegrityReport> {
    const { texts, more: moreSegments } = await this.readChain(ledger, limits.segments);
    const chain = verifyChain(ledger, texts, sha256);
    const events: { eventId: string; sortKey: string; digest: string }[] = [];
    let after: string | undefined;
    let moreEvents = false;
    do {
      const page = await this.deps.events.page(ledger, after, Math.min(1000, limits.events - events.length));
      for (const item of page.items) {
        try {
          events.push(ledgerEntryOf(item));
        } catch {
          // An item under AUDIT# that is no event (its id changed or removed) cannot match its entry.
          events.push({ eventId: String(item.id ?? item.SK), sortKey: String(item.SK), digest: '' });
        }
      }
      after = page.next;
      moreEvents = after !== undefined && events.length >= limits.events;
    } while (after !== undefined && !moreEvents);
    // Sort keys are strings: the greatest is the last in sorted order.
    const lastSortKey = (keys: string[]) => keys.sort().at(-1) ?? '';
    const result = reconcile(chain.entries, events, {
      ...(moreSegments ? { ledgerThrough: lastSortKey(chain.entries.map((e) => e.sortKey)) } : {}),
      ...(moreEvents ? { tableThrough: events.at(-1)?.sortKey ?? '' } : {}),
    });
    // An event whose retention has ended is removed by the table's TTL: its absence is the policy, not a deletion.
    const now = this.deps.clock.now();
    const retainedFrom = new Date(now.getTime() - (this.deps.retentionDays ?? AUDIT_RETENTION_DAYS.default) * 86_400_000).toISOString();
    const sortKeys = new Map(chain.entries.map((e) => [e.eventId, e.sortKey]));
    const isExpired = (eventId: string) => (sortKeys.get(eventId) ?? '') < `AUDIT#${retainedFrom}`;
    return {
      ledger,
      verifiedEvents: result.verified.length,
      ledgerSegments: texts.filter((t) => t !== undefined).length,
      chainIntact: chain.problems.length === 0,
      chainProblems: chain.problems,
      altered: result.altered,
      missing: result.missing.filter((id) => !isExpired(id)),
      expired: result.missing.filter(isExpired),
      unledgered: result.unledgered,
      partial: moreSegments || moreEvents,
      checkedAt: now.toISOString(),
    };
  }

  /** The segments' texts from sequence 1 on (undefined for a hole before a later segment), at most `limit`. */
  private async readChain(ledger: string, limit: number): Promise<{ texts: (string | undefined)[]; more: boolean }> {
    const texts: (string | undefined)[] = [];
    const read = (from: number, count: number) => Promise.all(Array.from({ length: count }, (_, i) => this.deps.ledger.read(ledger, from + i)));
    for (;;) {
      const from = texts.length + 1;
      if (from > limit) return { texts, more: (await read(from, 1))[0] !== undefined };
      const chunk = await read(from, Math.min(READ_AHEAD, limit - texts.length));
      const end = chunk.indexOf(undefined);
      if (end === -1) {
        texts.push(...chunk);
        continue;
      }
      texts.push(...chunk.slice(0, end));
      // A missing sequence ends the chain unless a later one exists (a segment removed).
      const beyond = await read(texts.length + 2, HOLE_PROBE);
      const next = beyond.findIndex((t) => t !== undefined);
      if (next === -1) return { texts, more: false };
      texts.push(...Array.from({ length: next + 1 }, () => undefined));
    }
  }
}
