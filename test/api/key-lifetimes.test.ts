import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPTED_REGISTRATION_EXCEPTION } from '../../functions/core/access/agent-keys';
import { hashOf } from '../../functions/services/hashing';
import { apiClient, type ApiClient } from '../support/api-client';
import { organisationDetails, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { signedInPerson } from '../support/people';
import { expectProblem } from '../support/problems';
import { storeOwnerKey } from '../support/stored-keys';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

/** Milliseconds from `from` to the key's expiry. */
const lifetimeMs = (expiresAt: string, from: string) => Date.parse(expiresAt) - Date.parse(from);

/** Days from `from` to the key's expiry, to the nearest day. */
const daysUntil = (expiresAt: string, from: string) => Math.round((Date.parse(expiresAt) - Date.parse(from)) / DAY_MS);

/** A key as versions before this one stored it (`expiresAt: null`), created `ageDays` ago. */
const legacyKey = (organisationId: string, ageDays: number) =>
  storeOwnerKey(platform, { organisationId, label: 'legacy key', createdAt: new Date(Date.now() - ageDays * DAY_MS).toISOString(), expiresAt: null });

describe('key lifetimes', () => {
  it('gives a key minted without expiresInDays 30 days, and the first owner key one hour', async () => {
    const { organisation, token: owner } = await registerOrganisation(api, 'Lifetime Ltd');
    expect(lifetimeMs(owner.expiresAt!, owner.createdAt)).toBe(HOUR_MS);
    const minted = await api.post('/v1/tokens', { role: 'respondent', label: 'default lifetime' }, owner.secret);
    expect(minted.status).toBe(201);
    expect(daysUntil(minted.body.token.expiresAt, minted.body.token.createdAt)).toBe(30);
    const longest = await api.post('/v1/tokens', { role: 'respondent', label: 'longest lifetime', expiresInDays: 90 }, owner.secret);
    expect(daysUntil(longest.body.token.expiresAt, longest.body.token.createdAt)).toBe(90);
    // The list shows each key's expiry and last use.
    const listed = (await api.get('/v1/tokens', owner.secret)).body.tokens;
    expect(listed.find((t: { id: string }) => t.id === owner.id)).toMatchObject({ expiresAt: owner.expiresAt, lastUsedAt: expect.any(String) });
    expect(listed.every((t: { expiresAt: string | null }) => typeof t.expiresAt === 'string')).toBe(true);
    expect(organisation.verification).toBe('unverified');
  });

  it('refuses 91 days, and a key that never expires, pointing at expiresInDays', async () => {
    const { token: owner } = await registerOrganisation(api, 'Too Long Ltd');
    expectProblem(
      await api.post('/v1/tokens', { role: 'leader', label: 'too long', expiresInDays: 91 }, owner.secret),
      400,
      'validation_failed',
      '/body/expiresInDays',
    );
    expectProblem(
      await api.post('/v1/tokens', { role: 'leader', label: 'forever', expiresInDays: null }, owner.secret),
      400,
      'validation_failed',
      '/body/expiresInDays',
    );
    expectProblem(
      await api.post('/v1/invitations', { role: 'leader', label: 'too long', tokenExpiresInDays: 91 }, owner.secret),
      400,
      'validation_failed',
      '/body/tokenExpiresInDays',
    );
  });

  it('never mints a key for a person: people sign in, and every key is an agent', async () => {
    const { token: owner } = await registerOrganisation(api, 'No Person Keys Ltd');
    expect(owner.actorType).toBe('agent');
    for (const [body, token] of [
      [{ role: 'leader', actorType: 'human', label: 'Priya Shah' }, owner.secret],
      [{ role: 'owner', actorType: 'human', label: 'co-owner', exception: 'a person-run script needs owner' }, owner.secret],
      [{ role: 'analyst', actorType: 'human', label: 'analyst' }, platform.adminKey],
    ] as const) {
      const refused = await api.post('/v1/tokens', body, token);
      expectProblem(refused, 400, 'validation_failed', '/body/actorType');
      expect(JSON.stringify(refused.body.errors)).toContain('people sign in');
    }
    // Without actorType (or with agent) a key is an agent's.
    expect((await api.post('/v1/tokens', { role: 'leader', label: 'reader bot' }, owner.secret)).body.token.actorType).toBe('agent');
    expect((await api.post('/v1/tokens', { role: 'analyst', actorType: 'agent', label: 'analysis bot' }, platform.adminKey)).status).toBe(201);
  });

  it("never gives an agent's invitation a privileged role", async () => {
    const { token: owner } = await registerOrganisation(api, 'Agent Roles Ltd');
    expectProblem(
      await api.post('/v1/invitations', { role: 'owner', actorType: 'agent', label: 'owner bot' }, owner.secret),
      400,
      'validation_failed',
      '/body/role',
    );
  });

  it('gives the key an invitation mints 30 days unless the invitation says otherwise', async () => {
    const { token: owner } = await registerOrganisation(api, 'Invited Lifetime Ltd');
    for (const [asked, days] of [
      [undefined, 30],
      [7, 7],
    ] as const) {
      const created = await api.post(
        '/v1/invitations',
        { role: 'respondent', actorType: 'agent', label: `invitee ${days}`, ...(asked ? { tokenExpiresInDays: asked } : {}) },
        owner.secret,
      );
      expect(created.body.invitation.tokenExpiresInDays).toBe(days);
      const accepted = await api.post('/v1/invitations/accept', { code: created.body.code });
      expect(daysUntil(accepted.body.token.expiresAt, accepted.body.token.createdAt)).toBe(days);
    }
  });

  it('refuses a key stored without an expiry once it is 90 days old, with the invalid_token challenge', async () => {
    const { organisation, token: owner } = await registerOrganisation(api, 'Legacy Ltd');
    const young = await legacyKey(organisation.id, 89);
    expect((await api.get('/v1/session', young)).status).toBe(200);
    const old = await legacyKey(organisation.id, 91);
    const refused = await api.get('/v1/session', old);
    expectProblem(refused, 401, 'token_expired');
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer realm="aim", error="invalid_token", error_description="[^"]*expired[^"]*"$/);
    // A write is refused likewise.
    expectProblem(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, old), 401, 'token_expired');
    // The list shows when each such key stops (stopped) working: 90 days after its creation.
    const listed = (await api.get('/v1/tokens', owner.secret)).body.tokens.filter((t: { label: string }) => t.label === 'legacy key');
    expect(listed.map((t: { createdAt: string; expiresAt: string }) => daysUntil(t.expiresAt, t.createdAt))).toEqual([90, 90]);
  });
});

describe('privileged keys are recorded exceptions', () => {
  const why = 'the nightly export script needs to manage keys';

  it('refuses an owner or admin key without an exception, pointing at exception', async () => {
    const { token: owner } = await registerOrganisation(api, 'Exceptions Ltd');
    for (const [body, token] of [
      [{ role: 'owner', label: 'no reason' }, owner.secret],
      [{ role: 'owner', label: 'too short', exception: 'because' }, owner.secret],
      [{ role: 'owner', label: 'blank', exception: '          ' }, owner.secret],
      [{ role: 'owner', label: 'too long', exception: 'x'.repeat(501) }, owner.secret],
      [{ role: 'admin', label: 'no reason' }, platform.adminKey],
      // An unprivileged key records no exception: it needs none.
      [{ role: 'respondent', label: 'not privileged', exception: why }, owner.secret],
    ] as const) {
      const refused = await api.post('/v1/tokens', body, token);
      expectProblem(refused, 400, 'validation_failed', '/body/exception');
    }
  });

  it('keeps the exception on the key, in the list and in the mint event', async () => {
    const { token: owner } = await registerOrganisation(api, 'Recorded Exceptions Ltd');
    const minted = await api.post('/v1/tokens', { role: 'owner', label: 'export script', exception: `  ${why}  ` }, owner.secret);
    expect(minted.status).toBe(201);
    // The classes a key can reach are derived from its role when shown, never stored, so the audited view has none.
    const { secret: _secret, reachableDataClasses, ...view } = minted.body.token;
    expect(reachableDataClasses).toContain('restricted');
    expect(view.exception).toBe(why);
    const listed = (await api.get('/v1/tokens', owner.secret)).body.tokens.find((t: { id: string }) => t.id === view.id);
    expect(listed).toMatchObject({ exception: why });
    const events = (await api.get('/v1/audit', owner.secret)).body.events;
    const mint = events.find((e: { operation: string; target: { id: string } }) => e.operation === 'token.mint' && e.target.id === view.id);
    expect(mint.afterHash).toBe(hashOf(view));
    // An unprivileged key shows none; an admin key minted with one keeps it.
    const leader = (await api.post('/v1/tokens', { role: 'leader', label: 'reader' }, owner.secret)).body.token;
    expect(leader.exception).toBeNull();
    const admin = await api.post(
      '/v1/tokens',
      { role: 'admin', label: 'platform script', exception: 'registers organisations for onboarding' },
      platform.adminKey,
    );
    expect(admin.status).toBe(201);
    expect(admin.body.token.exception).toBe('registers organisations for onboarding');
  });

  it('gives a privileged key one hour, and refuses a privileged key asked for days, pointing at expiresInDays', async () => {
    const { token: owner } = await registerOrganisation(api, 'Just In Time Ltd');
    const coOwner = await api.post('/v1/tokens', { role: 'owner', label: 'setup script', exception: why }, owner.secret);
    expect(coOwner.status).toBe(201);
    expect(lifetimeMs(coOwner.body.token.expiresAt, coOwner.body.token.createdAt)).toBe(HOUR_MS);
    for (const [body, token] of [
      [{ role: 'owner', label: 'long owner', exception: why, expiresInDays: 1 }, owner.secret],
      [{ role: 'admin', label: 'long admin', exception: why, expiresInDays: 90 }, platform.adminKey],
    ] as const)
      expectProblem(await api.post('/v1/tokens', body, token), 400, 'validation_failed', '/body/expiresInDays');
  });

  it("refuses a person's invitation without a session, and lets the person accept it signed in", async () => {
    const { token: owner } = await registerOrganisation(api, 'Invited Owner Ltd');
    for (const body of [
      { role: 'owner', label: 'invited owner' },
      { role: 'respondent', actorType: 'human', label: 'invited respondent' },
    ] as const) {
      const invitation = await api.post('/v1/invitations', body, owner.secret);
      const refused = await api.post('/v1/invitations/accept', { code: invitation.body.code });
      expectProblem(refused, 401, 'sign_in_required');
      expect(refused.body.detail).toContain('sign in');
      // Still unused: the person signs in and accepts it.
      const person = await signedInPerson(platform, 'Invited person');
      const accepted = await fetch(`${platform.url}/v1/invitations/accept`, {
        method: 'POST',
        headers: { ...person.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ code: invitation.body.code }),
      });
      expect(accepted.status).toBe(201);
      expect(((await accepted.json()) as { membership: { role: string } }).membership.role).toBe(body.role);
    }
    // An agent's invitation still yields the agent's key without a session, with no exception.
    const agent = await api.post('/v1/invitations', { role: 'respondent', actorType: 'agent', label: 'invited agent' }, owner.secret);
    const key = (await api.post('/v1/invitations/accept', { code: agent.body.code })).body.token;
    expect(key).toMatchObject({ role: 'respondent', actorType: 'agent', exception: null });
  });

  it('counts live keys and the privileged ones among them', async () => {
    const { organisation, token: owner } = await registerOrganisation(api, 'Summary Ltd');
    expect(owner.exception).toBe(SCRIPTED_REGISTRATION_EXCEPTION);
    await api.post('/v1/tokens', { role: 'respondent', label: 'survey' }, owner.secret);
    await api.post('/v1/tokens', { role: 'owner', label: 'second owner script', exception: why }, owner.secret);
    const revoked = (await api.post('/v1/tokens', { role: 'owner', label: 'revoked owner script', exception: why }, owner.secret)).body.token;
    await api.del(`/v1/tokens/${revoked.id}`, owner.secret);
    await legacyKey(organisation.id, 91);
    const listed = (await api.get('/v1/tokens', owner.secret)).body;
    expect(listed.tokens).toHaveLength(5);
    // Live: the first owner key, the survey key and the second owner script; two of them privileged.
    expect(listed.summary).toEqual({ live: 3, privileged: 2 });
  });
});

describe('401 challenges', () => {
  it('answers a request without credentials with the bare Bearer challenge', async () => {
    const res = await api.get('/v1/session');
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aim"');
  });

  it('answers an unknown or revoked key with invalid_token', async () => {
    const unknown = await api.get('/v1/tokens', 'aim_no-such-key-was-ever-minted');
    expectProblem(unknown, 401, 'unauthenticated');
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer realm="aim", error="invalid_token", error_description="the bearer token is not valid"');
    const { token: owner } = await registerOrganisation(api, 'Revoked Challenge Ltd');
    const other = (await api.post('/v1/tokens', { role: 'leader', label: 'to revoke' }, owner.secret)).body.token;
    await api.del(`/v1/tokens/${other.id}`, owner.secret);
    const revoked = await api.get('/v1/session', other.secret);
    expectProblem(revoked, 401, 'token_revoked');
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer realm="aim", error="invalid_token", error_description=".*revoked.*"$/);
  });
});

describe('registering with a credential', () => {
  it("lets a platform admin register an organisation: its owner key is a script's, expires in an hour, and the admin is the audited actor", async () => {
    const admin = (await api.get('/v1/session', platform.adminKey)).body;
    const res = await api.post('/v1/organisations', organisationDetails('Scripted Onboarding Ltd'), platform.adminKey);
    expect(res.status).toBe(201);
    const { organisation, token } = res.body;
    expect(token).toMatchObject({ role: 'owner', organisationId: organisation.id, createdBy: admin.tokenId, secret: expect.stringMatching(/^aim_/) });
    // A script holding an owner key is an exception, and this one says so.
    expect(token.exception).toBe(SCRIPTED_REGISTRATION_EXCEPTION);
    expect((await api.get('/v1/tokens', token.secret)).body.tokens[0].exception).toBe(SCRIPTED_REGISTRATION_EXCEPTION);
    expect(token.actorType).toBe('agent');
    expect(lifetimeMs(token.expiresAt, token.createdAt)).toBe(HOUR_MS);
    // Unverified like any registration: it counts in benchmarks only once verified.
    expect(organisation.verification).toBe('unverified');
    const audit = await api.get('/v1/audit', token.secret);
    const registered = audit.body.events.find((e: { operation: string }) => e.operation === 'organisation.register');
    expect(registered.actor).toMatchObject({ tokenId: admin.tokenId, role: 'admin' });
    expect(registered.target).toEqual({ type: 'organisation', id: organisation.id, name: 'Scripted Onboarding Ltd' });
  });

  it('refuses any other credential with 403 and an invalid one with 401', async () => {
    const { token: owner } = await registerOrganisation(api, 'Not A Registrar Ltd');
    const leader = (await api.post('/v1/tokens', { role: 'leader', label: 'leader' }, owner.secret)).body.token;
    expectProblem(await api.post('/v1/organisations', organisationDetails('By A Leader Ltd'), leader.secret), 403, 'forbidden');
    expectProblem(await api.post('/v1/organisations', organisationDetails('By An Owner Ltd'), owner.secret), 403, 'forbidden');
    const invalid = await api.post('/v1/organisations', organisationDetails('By Nobody Ltd'), 'aim_not-a-key');
    expectProblem(invalid, 401, 'unauthenticated');
    expect(invalid.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('keys stored for people before people signed in', () => {
  it('authenticate as agents, and the audit trail records them as agents', async () => {
    const { organisation } = await registerOrganisation(api, 'Stored Person Key Ltd');
    // storeOwnerKey writes the key as `human`, as earlier versions did.
    const stored = await storeOwnerKey(platform, {
      organisationId: organisation.id,
      label: 'old person key',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
    });
    const session = await api.get('/v1/session', stored);
    expect(session.status).toBe(200);
    expect(session.body.actorType).toBe('agent');
    const minted = (await api.post('/v1/tokens', { role: 'leader', label: 'minted by the old key' }, stored)).body.token;
    const events = (await api.get('/v1/audit', stored)).body.events;
    const mint = events.find((e: { operation: string; target: { id: string } }) => e.operation === 'token.mint' && e.target.id === minted.id);
    expect(mint.actor).toMatchObject({ label: 'old person key', actorType: 'agent' });
    // Filtering the trail by people finds none of its actions.
    const people = (await api.get('/v1/audit?actorType=human', stored)).body.events;
    expect(people.filter((e: { target: { id: string } }) => e.target.id === minted.id)).toEqual([]);
  });
});
