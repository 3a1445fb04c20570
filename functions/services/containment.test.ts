import { describe, expect, it } from 'vitest';
import { ContainmentService, MAX_REVOCATIONS_PER_TRANSACTION } from './containment';
import type { AgentRecord, AuditEvent, TokenRecord } from './entities';
import type { AgentHoldings, AgentStore, DelegationStore, TokenStore } from './ports';

const AT = '2026-12-03T12:00:00.000Z';

const agentRecord: AgentRecord = {
  id: 'agent-1',
  organisationId: 'org-1',
  label: 'bot',
  role: 'respondent',
  scopes: [],
  assessmentId: null,
  dpopRequired: false,
  createdBy: 'owner',
  createdAt: AT,
  expiresAt: '2027-01-01T00:00:00.000Z',
  revokedAt: null,
};

const key = (n: number, agentId: string | null): TokenRecord => ({
  id: `key-${n}`,
  hash: `hash-${n}`,
  organisationId: 'org-1',
  role: 'respondent',
  actorType: 'agent',
  label: `key ${n}`,
  createdBy: 'owner',
  createdAt: AT,
  expiresAt: '2027-01-01T00:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
  exception: null,
  agentId,
});

/** An agent and keys in memory; each revokeHoldings call is one "transaction", recorded. */
function world(keyCount: number) {
  const agents = new Map([[agentRecord.id, { ...agentRecord }]]);
  const keys = [...Array.from({ length: keyCount }, (_, i) => key(i, agentRecord.id)), key(999, null)];
  const transactions: { holdings: AgentHoldings; audit: AuditEvent }[] = [];
  const agentStore = {
    get: async (id: string) => agents.get(id) && { ...agents.get(id)! },
    async revokeHoldings(holdings: AgentHoldings, at: string, reason: string | null, audit: AuditEvent) {
      expect(holdings.keyHashes.length + holdings.delegationIds.length + (holdings.agentId ? 1 : 0)).toBeLessThanOrEqual(MAX_REVOCATIONS_PER_TRANSACTION);
      transactions.push({ holdings, audit });
      if (holdings.agentId) Object.assign(agents.get(holdings.agentId)!, { revokedAt: at, revokedReason: reason });
      for (const k of keys) if (holdings.keyHashes.includes(k.hash)) Object.assign(k, { revokedAt: at, revokedReason: reason });
      for (const d of delegations) if (holdings.delegationIds.includes(d.id)) d.revokedAt = at;
      return 'written' as const;
    },
  } as unknown as AgentStore;
  const tokenStore = { list: async () => keys.map((k) => ({ ...k })) } as unknown as TokenStore;
  const delegations = [{ id: 'delegation-1', agentId: agentRecord.id, revokedAt: null as string | null }];
  const delegationStore = { listForAgent: async () => delegations.map((d) => ({ ...d })) } as unknown as DelegationStore;
  const logs: Record<string, unknown>[] = [];
  let n = 0;
  const service = (mode: 'revoke' | 'alert' = 'revoke') =>
    new ContainmentService({
      agents: agentStore,
      tokens: tokenStore,
      delegations: delegationStore,
      mode,
      log: (entry) => logs.push(entry),
      clock: { now: () => new Date(AT) },
      ids: { id: () => `id-${n++}`, secret: () => 'secret' },
    });
  return { agents, keys, delegations, transactions, logs, service };
}

describe('containment', () => {
  it("revokes an agent's key's agent and all its keys, the agent in the first transaction, in batches under DynamoDB's limit", async () => {
    const w = world(150);
    const outcome = await w.service().contain({ organisationId: 'org-1', id: 'key-7' }, 'leaked');
    expect(outcome).toMatchObject({ mode: 'revoke', agentId: 'agent-1' });
    expect(outcome.revoked).toHaveLength(152);
    expect(w.delegations[0]?.revokedAt).toBe(AT);
    expect(w.transactions.map((t) => t.holdings.agentId)).toEqual(['agent-1', undefined]);
    expect(w.transactions.every((t) => t.audit.operation === 'credential.contained')).toBe(true);
    expect(w.agents.get('agent-1')).toMatchObject({ revokedAt: AT, revokedReason: 'leaked' });
    expect(w.keys.filter((k) => k.agentId && !k.revokedAt)).toEqual([]);
    expect(w.keys.find((k) => k.id === 'key-999')?.revokedAt).toBeNull();
    expect(w.logs).toHaveLength(1);

    // A second detection finds nothing live: no write, no log.
    expect((await w.service().contain({ organisationId: 'org-1', id: 'agent-1' }, 'again')).revoked).toEqual([]);
    expect(w.transactions).toHaveLength(2);
    expect(w.logs).toHaveLength(1);
  });

  it('revokes only a standalone key, and in alert mode nothing, while logging what it would revoke', async () => {
    const w = world(2);
    expect(await w.service('alert').contain({ organisationId: 'org-1', id: 'key-0' }, 'browser')).toMatchObject({
      mode: 'alert',
      revoked: ['agent-1', 'key-0', 'key-1', 'delegation-1'],
    });
    expect(w.transactions).toEqual([]);
    expect(w.logs).toEqual([expect.objectContaining({ level: 'warn', mode: 'alert' })]);
    expect((await w.service().contain({ organisationId: 'org-1', id: 'key-999' }, 'browser')).revoked).toEqual(['key-999']);
    expect(w.agents.get('agent-1')?.revokedAt).toBeNull();
    expect((await w.service().contain({ organisationId: 'org-1', id: 'unknown' }, 'browser')).revoked).toEqual([]);
  });
});
