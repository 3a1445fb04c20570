import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, memoryStores, sequentialIds, type MemoryStores } from '../../test/support/memory-stores';
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';
import { LEAK_OPERATIONS, LeakedSecretService, refuseSecretsInText, reporterOf } from './leaked-secrets';
import { TokenService } from './tokens';

let stores: MemoryStores;
let deps: { tokens: MemoryStores['tokens']; clock: ManualClock; ids: ReturnType<typeof sequentialIds> };
let tokens: TokenService;

const caller: Principal = { tokenId: 'caller', label: 'respondent bot', role: 'respondent', actorType: 'agent', organisationId: 'org-a' };

/** A stored key of `organisationId` and its secret (AIM-shaped: the sequential secrets are 43 characters). */
async function key(organisationId: string | null, role: 'respondent' | 'analyst' = 'respondent') {
  const { record, secret } = tokens.newToken({ organisationId, role, actorType: 'human', label: 'a key', createdBy: null });
  await stores.tokens.create(record, { ...(await placeholderEvent()), organisationId });
  return { record, secret };
}
const placeholderEvent = async () => ({
  id: deps.ids.id(),
  organisationId: null,
  at: deps.clock.now().toISOString(),
  actor: { tokenId: 'setup', label: 'setup', role: 'admin' as const, actorType: 'human' as const },
  operation: 'token.mint',
  target: { type: 'token', id: 'setup' },
  beforeHash: null,
  afterHash: null,
});
const leakEvents = () => stores.table.events.filter((e) => e.operation.startsWith('token.revoke.'));

async function refusal(run: Promise<unknown>): Promise<DomainError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

beforeEach(() => {
  stores = memoryStores();
  deps = { tokens: stores.tokens, clock: new ManualClock(), ids: sequentialIds() };
  tokens = new TokenService(deps);
});

describe('refuseSecretsInText', () => {
  it('lets text without secrets through, writing nothing', async () => {
    await refuseSecretsInText(deps, caller, [{ field: ['comment'], text: 'the aim_ prefix, aim_short, Bearer aim_…' }]);
    expect(leakEvents()).toEqual([]);
  });

  it("revokes a key of any organisation found in the text, audited in the key's organisation with the caller as actor, and names every field", async () => {
    const other = await key('org-b');
    const error = await refusal(
      refuseSecretsInText(deps, caller, [
        { field: ['answers', 'q1', 'comment'], text: `see ${other.secret}` },
        { field: ['answers', 'q2', 'reason'], text: `again ${other.secret}` },
        { field: ['answers', 'q3', 'comment'], text: 'clean' },
      ]),
    );
    expect(error.code).toBe('secret_in_text');
    expect(error.errors.map((e) => e.field)).toEqual([
      ['answers', 'q1', 'comment'],
      ['answers', 'q2', 'reason'],
    ]);
    expect(error.extra).toEqual({ revokedKeys: 1, revokedInvitations: 0, revokedAgents: 0 });
    expect(JSON.stringify(error)).not.toContain(other.secret);
    expect((await stores.tokens.findByHash(other.record.hash))?.revokedAt).toBe(deps.clock.now().toISOString());
    expect(leakEvents()).toEqual([
      expect.objectContaining({
        organisationId: 'org-b',
        operation: LEAK_OPERATIONS.inText,
        target: { type: 'token', id: other.record.id },
        actor: expect.objectContaining({ tokenId: 'caller' }),
      }),
    ]);
  });

  it('refuses an AIM-shaped secret AIM does not know, and an already revoked key, revoking nothing more', async () => {
    const revoked = await key('org-a');
    await stores.tokens.revoke('org-a', revoked.record.id, '2026-01-01T00:00:00.000Z', await placeholderEvent());
    const error = await refusal(refuseSecretsInText(deps, caller, [{ field: ['comment'], text: `${revoked.secret} aim_${'z'.repeat(43)}` }]));
    expect(error.extra).toEqual({ revokedKeys: 0, revokedInvitations: 0, revokedAgents: 0 });
    expect((await stores.tokens.findByHash(revoked.record.hash))?.revokedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(leakEvents()).toEqual([]);
  });
});

describe('LeakedSecretService.report', () => {
  it('revokes the live keys among the secrets (also inside a line of text), under a pseudonymous reporter, and answers only the count', async () => {
    const service = new LeakedSecretService(deps);
    const [a, platform] = [await key('org-a'), await key(null, 'analyst')];
    const answer = await service.report([`TOKEN=${a.secret}`, platform.secret, 'nothing', a.secret], '203.0.113.7');
    expect(answer).toEqual({ received: 4 });
    expect((await stores.tokens.findByHash(a.record.hash))?.revokedAt).not.toBeNull();
    expect((await stores.tokens.findByHash(platform.record.hash))?.revokedAt).not.toBeNull();
    const reporter = reporterOf('203.0.113.7');
    expect(reporter).toMatch(/^[0-9a-f]{16}$/);
    expect(leakEvents().map((e) => [e.organisationId, e.operation, e.actor])).toEqual([
      [
        'org-a',
        LEAK_OPERATIONS.reported,
        { tokenId: `leak-report:${reporter}`, label: `leak report from client ${reporter}`, role: 'respondent', actorType: 'human' },
      ],
      [
        null,
        LEAK_OPERATIONS.reported,
        { tokenId: `leak-report:${reporter}`, label: `leak report from client ${reporter}`, role: 'analyst', actorType: 'human' },
      ],
    ]);
    expect(JSON.stringify(stores.table.events)).not.toContain('203.0.113.7');
    // The same answer for a report of nothing AIM knows.
    expect(await service.report(['x', 'y', 'z', 'w'], '203.0.113.7')).toEqual({ received: 4 });
  });
});
