import { describe, expect, it } from 'vitest';
import type { Principal } from '../core/access/principal';
import { ManualClock } from '../../test/support/memory-stores';
import { AuditLedgerService, PLATFORM_LEDGER } from './audit-ledger';
import type { AuditEventItems, AuditLedgerStore, WriteOutcome } from './ports';

/** Segments by ledger and sequence, created once each, as the bucket and the directory keep them. */
class MemoryLedger implements AuditLedgerStore {
  readonly segments = new Map<string, string>();
  /** Runs before each create: a test's rival appender. */
  beforeCreate?: () => Promise<void>;
  async read(ledger: string, sequence: number) {
    return this.segments.get(`${ledger}/${sequence}`);
  }
  async create(ledger: string, sequence: number, text: string): Promise<WriteOutcome> {
    await this.beforeCreate?.();
    const key = `${ledger}/${sequence}`;
    if (this.segments.has(key)) return 'conflict';
    this.segments.set(key, text);
    return 'written';
  }
}

/** The table's audit items of each partition, oldest first. */
class MemoryEvents implements AuditEventItems {
  readonly items: Record<string, unknown>[] = [];
  async page(ledger: string, after: string | undefined, limit: number) {
    const partition = ledger === PLATFORM_LEDGER ? PLATFORM_LEDGER : `ORG#${ledger}`;
    const all = this.items
      .filter((i) => i.PK === partition && (after === undefined || String(i.SK) > after))
      .sort((a, b) => String(a.SK).localeCompare(String(b.SK)));
    const items = all.slice(0, limit);
    return { items, ...(all.length > limit ? { next: String(items.at(-1)!.SK) } : {}) };
  }
}

let counter = 0;
function event(organisationId: string | null, operation = 'assessment.create') {
  const id = `e${String(++counter).padStart(4, '0')}`;
  const at = `2026-06-01T09:00:${String(counter % 60).padStart(2, '0')}.000Z`;
  return { PK: organisationId ? `ORG#${organisationId}` : 'PLATFORM', SK: `AUDIT#${at}#${id}`, type: 'audit', id, organisationId, at, operation };
}

function setUp(limits?: { segments: number; events: number }) {
  const ledger = new MemoryLedger();
  const events = new MemoryEvents();
  const service = new AuditLedgerService({ ledger, events, clock: new ManualClock(), ...(limits ? { limits } : {}) });
  /** Events written to the table and carried by the stream in one batch. */
  const write = async (...items: ReturnType<typeof event>[]) => {
    events.items.push(...items);
    return service.append(items.map((item, i) => ({ recordId: `r${counter}-${i}`, item })));
  };
  return { ledger, events, service, write };
}

const principal = (role: Principal['role'], organisationId = 'o1'): Principal => ({ tokenId: 't', label: 'key', role, actorType: 'human', organisationId });

describe('appending to the audit ledger', () => {
  it('writes one segment per organisation per batch, chained in order', async () => {
    const { ledger, write } = setUp();
    expect(await write(event('o1'), event('o1'), event('o2'), event(null))).toEqual({ failed: [] });
    await write(event('o1'));
    expect([...ledger.segments.keys()].sort()).toEqual(['PLATFORM/1', 'o1/1', 'o1/2', 'o2/1']);
    const [first, second] = [JSON.parse(ledger.segments.get('o1/1')!), JSON.parse(ledger.segments.get('o1/2')!)];
    expect(first.entries).toHaveLength(2);
    expect(second.previousHash).toBe(first.hash);
  });

  it('does not ledger an event twice when a batch is delivered again', async () => {
    const { ledger, service, write } = setUp();
    const batch = [event('o1'), event('o1')];
    await write(...batch);
    await service.append(batch.map((item, i) => ({ recordId: `again-${i}`, item })));
    expect(ledger.segments.size).toBe(1);
  });

  it('chains after a segment another appender wrote meanwhile, never over it', async () => {
    const { ledger, events, write } = setUp();
    await write(event('o1'));
    // A second process appends segment 2 just before this one tries to.
    const rival = new AuditLedgerService({ ledger, events, clock: new ManualClock() });
    const rivalEvent = event('o1');
    ledger.beforeCreate = async () => {
      ledger.beforeCreate = undefined;
      events.items.push(rivalEvent);
      await rival.append([{ recordId: 'rival', item: rivalEvent }]);
    };
    await write(event('o1'));
    expect(ledger.segments.size).toBe(3);
    expect(JSON.parse(ledger.segments.get('o1/3')!).previousHash).toBe(JSON.parse(ledger.segments.get('o1/2')!).hash);
  });

  it('reports poison records and storage failures for another delivery, and takes the rest', async () => {
    const { ledger, service } = setUp();
    const good = event('o1');
    const result = await service.append([
      { recordId: 'bad', error: 'could not unmarshall' },
      { recordId: 'nowhere', item: { ...event('o1'), PK: 'TOKEN#x' } },
      { recordId: 'good', item: good },
    ]);
    expect(result.failed).toEqual(['bad', 'nowhere']);
    ledger.create = async () => {
      throw new Error('storage down');
    };
    expect((await service.append([{ recordId: 'later', item: event('o2') }])).failed).toEqual(['later']);
  });
});

describe('checking the audit ledger', () => {
  it('verifies an untouched trail for owners and leaders of the caller’s organisation only', async () => {
    const { service, write } = setUp();
    await write(event('o1'), event('o1'));
    await write(event('o1'));
    await write(event('o2'));
    const report = await service.verify(principal('leader'));
    expect(report).toMatchObject({
      ledger: 'o1',
      verifiedEvents: 3,
      ledgerSegments: 2,
      chainIntact: true,
      altered: [],
      missing: [],
      unledgered: [],
      partial: false,
    });
    await expect(service.verify(principal('respondent'))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.verify(principal('admin', null as unknown as string))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('names an event the stream has not carried yet as unledgered', async () => {
    const { events, service, write } = setUp();
    await write(event('o1'));
    const late = event('o1');
    events.items.push(late);
    expect((await service.verifyLedger('o1')).unledgered).toEqual([late.id]);
  });

  it('names an event gone after its retention ended as expired, and one gone before as missing', async () => {
    const ledger = new MemoryLedger();
    const events = new MemoryEvents();
    const clock = new ManualClock();
    const service = new AuditLedgerService({ ledger, events, clock, retentionDays: 400 });
    const [first, second] = [event('o1'), event('o1')];
    events.items.push(first, second);
    await service.append([first, second].map((item, i) => ({ recordId: `x${i}`, item })));
    events.items.splice(events.items.indexOf(first), 1);
    // Within the period (399 days on), a removed event is missing: someone deleted it.
    clock.advance(399 * 86_400_000);
    expect(await service.verifyLedger('o1')).toMatchObject({ missing: [first.id], expired: [], verifiedEvents: 1 });
    // Past the period, the table's TTL removes events: expired, not missing.
    clock.advance(2 * 86_400_000);
    expect(await service.verifyLedger('o1')).toMatchObject({ missing: [], expired: [first.id], verifiedEvents: 1 });
  });

  it('finds a removed segment even when later ones exist', async () => {
    const { ledger, service, write } = setUp();
    for (let i = 0; i < 4; i++) await write(event('o1'));
    ledger.segments.delete('o1/2');
    const report = await service.verifyLedger('o1');
    expect(report.chainIntact).toBe(false);
    expect(report.chainProblems).toEqual([{ sequence: 2, problem: 'sequence_gap' }]);
    expect(report.ledgerSegments).toBe(3);
    expect(report.unledgered).toHaveLength(1);
  });

  it('stops at its limits, says so, and judges only what both reads reached', async () => {
    const { events, service, write } = setUp({ segments: 2, events: 100 });
    for (let i = 0; i < 4; i++) await write(event('o1'));
    const report = await service.verifyLedger('o1');
    expect(report).toMatchObject({ partial: true, ledgerSegments: 2, verifiedEvents: 2, unledgered: [], missing: [] });
    const capped = await service.verifyLedger('o1', { segments: 100, events: 3 });
    expect(capped).toMatchObject({ partial: true, verifiedEvents: 3, missing: [] });
    expect(events.items).toHaveLength(4);
  });

  it('appends after the last segment of a long ledger it has not seen before', async () => {
    const { ledger, events, write } = setUp();
    for (let i = 0; i < 11; i++) await write(event('o1'));
    const fresh = new AuditLedgerService({ ledger, events, clock: new ManualClock() });
    const item = event('o1');
    events.items.push(item);
    await fresh.append([{ recordId: 'r', item }]);
    expect(JSON.parse(ledger.segments.get('o1/12')!).previousHash).toBe(JSON.parse(ledger.segments.get('o1/11')!).hash);
    expect((await fresh.verifyLedger('o1')).verifiedEvents).toBe(12);
  });
});
