/**
 * The audit trail, token minting and the version diff against in-memory stores: plain
 * values back, and refusals that name the fields of the service's own input (`cursor`,
 * `role`, `to`), whatever part of a request they came from.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import type { Principal } from '../core/access/principal';
import { domainErrorOf, domainErrorThrownBy } from '../../test/support/domain-errors';
import { ManualClock, memoryStores, sequentialIds, type MemoryStores } from '../../test/support/memory-stores';
import { AuditTrailService } from './audit-trail';
import { OrganisationService } from './organisations';
import { diffQuestionnaireVersions } from './questionnaire-versions';
import { TokenService } from './tokens';

let stores: MemoryStores;
let clock: ManualClock;
let tokens: TokenService;
let trail: AuditTrailService;
let owner: Principal;

/** An audit query as the service takes it (its request schema has filled in the default limit). */
const query = (input: Partial<Parameters<AuditTrailService['list']>[1]> = {}) => ({ limit: 50, kind: 'all' as const, ...input });

beforeEach(async () => {
  stores = memoryStores();
  clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
  const ids = sequentialIds();
  tokens = new TokenService({ tokens: stores.tokens, clock, ids });
  const organisations = new OrganisationService({ organisations: stores.organisations, tokenService: tokens, clock, ids });
  trail = new AuditTrailService({ audit: stores.audit });
  const { token } = await organisations.register({ name: 'Trail Ltd', industry: 'financial-services', sizeBand: '250-999', region: 'europe' });
  owner = await tokens.authenticate(token.secret);
  for (const label of ['Agent A', 'Agent B', 'Agent C']) {
    clock.advance(60_000);
    await tokens.mint(owner, { role: 'respondent', actorType: 'agent', label });
  }
});

describe('token minting', () => {
  it('returns the token view with its secret once, and the record is stored without it', async () => {
    const minted = await tokens.mint(owner, { role: 'leader', actorType: 'agent', label: 'Lead' });
    expect(minted).toMatchObject({ role: 'leader', label: 'Lead', organisationId: owner.organisationId, secret: expect.stringMatching(/^aim_/) });
    expect(minted).not.toHaveProperty('hash');
    expect((await tokens.authenticate(minted.secret)).tokenId).toBe(minted.id);
  });

  it('refuses a platform role for an organisation, naming the `role` field', async () => {
    const error = await domainErrorOf(tokens.mint(owner, { role: 'admin', actorType: 'agent', label: 'Nope' }));
    expect(error.code).toBe('validation_failed');
    expect(error.errors).toEqual([{ field: ['role'], message: expect.stringContaining('owner') }]);
  });
});

describe('audit trail', () => {
  it('pages the trail newest first, and a page continues where the previous one ended', async () => {
    const page1 = await trail.list(owner, query({ limit: 2 }));
    expect(page1.events.map((e) => e.operation)).toEqual(['token.mint', 'token.mint']);
    expect(page1.next).toEqual(expect.any(String));
    const page2 = await trail.list(owner, query({ limit: 2, cursor: page1.next }));
    expect(page2.events.map((e) => e.operation)).toEqual(['token.mint', 'organisation.register']);
    expect(page2.next).toBeUndefined();
    const all = [...page1.events, ...page2.events];
    expect(new Set(all.map((e) => e.id)).size).toBe(4);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
  });

  it('filters by actor type and time', async () => {
    // Every key is a script's or an agent's: the owner key's registration and mints are no person's.
    expect((await trail.list(owner, query({ actorType: 'human' }))).events).toEqual([]);
    expect((await trail.list(owner, query({ actorType: 'agent' }))).events).toHaveLength(4);
    const late = await trail.list(owner, query({ from: '2026-06-01T09:01:30.000Z' }));
    expect(late.events).toHaveLength(2);
  });

  it('names the `cursor` of the query it was given when the cursor is not one of its own', async () => {
    const error = await domainErrorOf(trail.list(owner, query({ cursor: 'not-a-cursor' })));
    expect(error.code).toBe('validation_failed');
    expect(error.errors).toEqual([{ field: ['cursor'], message: expect.stringContaining('unchanged') }]);
  });

  it('names the `cursor` when it came from a query with another time range, and `from` when it is after `to`', async () => {
    const { next } = await trail.list(owner, query({ limit: 1 }));
    const mismatched = await domainErrorOf(trail.list(owner, query({ limit: 1, cursor: next, to: '2026-06-01T09:00:30.000Z' })));
    expect(mismatched.errors.map((e) => e.field)).toEqual([['cursor']]);
    const reversed = await domainErrorOf(trail.list(owner, query({ from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' })));
    expect(reversed.errors).toEqual([{ field: ['from'], message: expect.any(String) }]);
  });
});

describe('questionnaire version diff', () => {
  const catalogue = loadCatalogue();

  it('returns the diff as a value', () => {
    const diff = diffQuestionnaireVersions(catalogue, 'agent-identity', { from: '1.0.0', to: '1.1.0' });
    expect(diff).toMatchObject({ from: '1.0.0', to: '1.1.0' });
  });

  it('names `to` when it is not newer than `from`', () => {
    const error = domainErrorThrownBy(() => diffQuestionnaireVersions(catalogue, 'agent-identity', { from: '1.1.0', to: '1.0.0' }));
    expect(error.errors).toEqual([{ field: ['to'], message: '1.0.0 is not newer than 1.1.0' }]);
  });
});
