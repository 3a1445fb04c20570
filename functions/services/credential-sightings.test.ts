import { describe, expect, it, vi } from 'vitest';
import type { Principal } from '../core/access/principal';
import { CredentialSightingService, SHARED_USE_MESSAGE } from './credential-sightings';
import type { SightingsRecord, SightingStore, WatchedCredential } from './ports';

const principal: Principal = { tokenId: 'key-1', label: 'ci key', role: 'respondent', actorType: 'agent', organisationId: 'org-1' };
const credential: WatchedCredential = { kind: 'token', id: 'key-1', organisationId: 'org-1', hash: 'h' };

/** An in-memory store that counts its writes, with the adapter's optimistic version check. */
function memoryStore() {
  const records = new Map<string, SightingsRecord>();
  const store = {
    puts: 0,
    marked: [] as { sharedUse: unknown; operation: string }[],
    get: async (c: WatchedCredential) => records.get(c.id),
    put: async (c: WatchedCredential, record: SightingsRecord) => {
      if ((records.get(c.id)?.version ?? 0) !== record.version - 1) return false;
      store.puts++;
      records.set(c.id, structuredClone(record));
      return true;
    },
    markSuspected: async (_c: WatchedCredential, sharedUse: unknown, audit: { operation: string }) => {
      store.marked.push({ sharedUse, operation: audit.operation });
      return true;
    },
  };
  return store satisfies SightingStore;
}

function setUp(store: SightingStore = memoryStore()) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const log = vi.fn();
  const service = new CredentialSightingService({ sightings: store, clock: { now: () => new Date(now) }, ids: { id: () => 'id', secret: () => 's' }, log });
  return { service, log, advance: (minutes: number) => (now += minutes * 60_000) };
}

describe('CredentialSightingService', () => {
  it('writes once per new source: a known (credential, source) pair within the window writes nothing', async () => {
    const store = memoryStore();
    const { service, advance } = setUp(store);
    for (let i = 0; i < 20; i++) await service.record(principal, credential, { address: '198.51.100.7' });
    expect(store.puts).toBe(1);
    // Half a window on, the pair is written again, so that its stored time stays recent.
    advance(8);
    await service.record(principal, credential, { address: '198.51.100.7' });
    expect(store.puts).toBe(2);
  });

  it('raises a suspicion once per window: audit, warn log line and the hook, with counts only', async () => {
    const store = memoryStore();
    const { service, log, advance } = setUp(store);
    const hook = vi.fn();
    service.onSuspected(hook);
    for (const address of ['198.51.100.7', '203.0.113.7', '192.0.2.7', '10.9.9.9']) await service.record(principal, credential, { address });
    expect(store.marked).toEqual([{ sharedUse: { suspectedAt: '2026-01-01T00:00:00.000Z', sources: 3 }, operation: 'credential.shared_use_suspected' }]);
    expect(hook).toHaveBeenCalledTimes(1);
    expect(hook).toHaveBeenCalledWith(credential, { suspectedAt: '2026-01-01T00:00:00.000Z', sources: 3 });
    const warnings = log.mock.calls.filter(([entry]) => entry.msg === SHARED_USE_MESSAGE);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain('192.0.2');
    // A window later, still shared: raised again.
    advance(16);
    for (const address of ['198.51.100.7', '203.0.113.7', '192.0.2.7']) await service.record(principal, credential, { address });
    expect(store.marked).toHaveLength(2);
  });

  it('never fails the request when the store fails: logs and continues', async () => {
    const failing: SightingStore = {
      get: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      put: async () => true,
      markSuspected: async () => true,
    };
    const { service, log } = setUp(failing);
    await expect(service.record(principal, credential, { address: '198.51.100.7' })).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ level: 'warn', msg: 'credential sighting not recorded' }));
  });

  it('a write lost to another process is read again, not dropped', async () => {
    const store = memoryStore();
    let interleaved = false;
    // Another process writes its source between this one's read and its write.
    const racing: SightingStore = {
      ...store,
      get: async (c) => {
        const read = await store.get(c);
        if (!interleaved) {
          interleaved = true;
          await store.put(c, { sightings: [{ source: 'net:203.0.113.0/24', at: '2026-01-01T00:00:00.000Z' }], suspectedAt: null, version: 1 });
        }
        return read;
      },
    };
    const { service } = setUp(racing);
    await service.record(principal, credential, { address: '198.51.100.7' });
    const stored = await store.get(credential);
    expect(stored?.version).toBe(2);
    expect(stored?.sightings.map((s) => s.source).sort()).toEqual(['net:198.51.100.0/24', 'net:203.0.113.0/24']);
  });
});
