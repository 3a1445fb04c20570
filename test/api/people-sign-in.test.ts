/**
 * People sign in through the OpenID Provider (here the embedded one) and act through a
 * session cookie: the cookie's attributes, CSRF on state-changing requests, registration
 * making the person an owner, invitations accepted by a signed-in person once, the last
 * owner protected, admins granting memberships (audited), 404 across organisations, sign
 * out, and the idle and absolute limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { callbackUrlFor, CookieJar, grantMembership, newAccount, send, signedInPerson, signInAs, type SignedInPerson } from '../support/people';
import { startTestPlatform } from '../support/platform-fixture';

/** The platform's clock, stepped by the expiry tests. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

const as = (person: SignedInPerson, method: string, path: string, body?: unknown, headers: Record<string, string> = person.headers) =>
  api.call(method, path, { body, headers });

const newOrganisation = { name: 'Signed-in Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' };

async function ownerOfNewOrganisation(name = 'Owner') {
  const owner = await signedInPerson(platform, name);
  const registered = await as(owner, 'POST', '/v1/organisations', { ...newOrganisation, name: `${name}'s organisation` });
  expect(registered.status).toBe(201);
  return { owner, organisationId: registered.body.organisation.id as string, registered };
}

async function invite(owner: SignedInPerson, role: string) {
  const created = await as(owner, 'POST', '/v1/invitations', { role, label: `a ${role}` });
  expect(created.status).toBe(201);
  return created.body.code as string;
}

beforeAll(async () => {
  platform = await startTestPlatform({ clock, env: { AIM_SESSION_IDLE_MINUTES: '30', AIM_SESSION_MAX_HOURS: '8' } });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

describe('signing in', () => {
  it('ends with an HttpOnly, Secure, SameSite=Strict __Host- session cookie and a person without memberships', async () => {
    const person = await signedInPerson(platform, 'Ada Lovelace');
    const attributes = person.sessionSetCookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/']));
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
    const session = await as(person, 'GET', '/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.person).toMatchObject({
      name: 'Ada Lovelace',
      email: person.email,
      issuer: platform.identityProvider!.issuer,
      subject: person.subject,
    });
    expect(session.body.memberships).toEqual([]);
    expect(session.body.active).toBeNull();
    // Signed in but a member of nothing: organisation routes say so.
    const assessments = await as(person, 'GET', '/v1/assessments');
    expect(assessments.status).toBe(403);
    expect(assessments.body.code).toBe('no_membership');
  });

  it('refuses a callback whose state this browser did not start, and a callback used twice', async () => {
    const account = await newAccount(platform);
    // A browser that started a sign-in, and an attacker's browser that gets its callback URL.
    const jar = new CookieJar();
    const callbackUrl = await callbackUrlFor(platform.url, jar, { fields: { email: account.email, password: account.password } });
    const elsewhere = await fetch(callbackUrl, { redirect: 'manual' });
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get('location')).toBe('/#/sign-in-failed/sign_in_failed');
    expect(elsewhere.headers.getSetCookie().some((c) => c.startsWith('__Host-aim-session='))).toBe(false);
    // The browser that started it finishes it once; the same callback again fails.
    const first = await send(jar, callbackUrl);
    expect(first.headers.get('location')).toBe('/');
    expect(jar.get(platform.url, '__Host-aim-session')).toBeTruthy();
    const replay = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: `__Host-aim-signin=${new URL(callbackUrl).searchParams.get('state')}` } });
    expect(replay.headers.get('location')).toBe('/#/sign-in-failed/sign_in_failed');
  });

  it('refuses a sign-in that comes back after ten minutes', async () => {
    const account = await newAccount(platform);
    const jar = new CookieJar();
    const callbackUrl = await callbackUrlFor(platform.url, jar, { fields: { email: account.email, password: account.password } });
    offsetMs += 11 * 60_000;
    const late = await send(jar, callbackUrl);
    expect(late.headers.get('location')).toBe('/#/sign-in-failed/sign_in_failed');
    expect(jar.get(platform.url, '__Host-aim-session')).toBeUndefined();
  });

  it('keeps returnTo to paths on this site', async () => {
    const outside = await fetch(`${platform.url}/auth/login?returnTo=${encodeURIComponent('//evil.example/')}`, { redirect: 'manual' });
    expect(outside.status).toBe(400);
    expect((await outside.json()).errors[0].pointer).toBe('/query/returnTo');
    const inside = await fetch(`${platform.url}/auth/login?returnTo=${encodeURIComponent('/#/join/inv_x')}`, { redirect: 'manual' });
    expect(inside.status).toBe(302);
    const authorize = new URL(inside.headers.get('location')!);
    expect(authorize.origin).toBe(platform.identityProvider!.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(inside.headers.getSetCookie().find((c) => c.startsWith('__Host-aim-signin='))).toMatch(/HttpOnly/i);
  });
});

describe('acting with a session', () => {
  it('registers an organisation with the person as its owner, and no key', async () => {
    const { owner, registered, organisationId } = await ownerOfNewOrganisation('Grace');
    expect(registered.body.token).toBeUndefined();
    expect(registered.body.membership).toMatchObject({ organisationId, role: 'owner' });
    const session = await as(owner, 'GET', '/auth/session');
    expect(session.body.active).toMatchObject({ organisationId, role: 'owner', organisationName: "Grace's organisation" });
    const members = await as(owner, 'GET', '/v1/members');
    expect(members.body.members).toEqual([expect.objectContaining({ role: 'owner', person: expect.objectContaining({ name: 'Grace', email: owner.email }) })]);
    const audit = await as(owner, 'GET', '/v1/audit');
    expect(
      audit.body.events.map((e: { operation: string; actor: { label: string; actorType: string } }) => [e.operation, e.actor.label, e.actor.actorType]),
    ).toContainEqual(['organisation.register', 'Grace', 'human']);
  });

  it('refuses state-changing requests without the session CSRF token, and reads without it', async () => {
    const { owner } = await ownerOfNewOrganisation();
    const withoutToken = await as(owner, 'POST', '/v1/invitations', { role: 'leader', label: 'x' }, { cookie: owner.cookie });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.code).toBe('csrf_failed');
    const wrongToken = await as(owner, 'POST', '/v1/invitations', { role: 'leader', label: 'x' }, { cookie: owner.cookie, 'x-aim-csrf': 'guess' });
    expect(wrongToken.body.code).toBe('csrf_failed');
    expect((await as(owner, 'GET', '/v1/invitations', undefined, { cookie: owner.cookie })).status).toBe(200);
    const logout = await as(owner, 'POST', '/auth/logout', undefined, { cookie: owner.cookie });
    expect(logout.status).toBe(403);
    expect((await as(owner, 'GET', '/auth/session')).status).toBe(200);
  });

  it('lets a signed-in person accept an invitation once; it is spent for everyone else', async () => {
    const { owner, organisationId } = await ownerOfNewOrganisation();
    const code = await invite(owner, 'respondent');
    const colleague = await signedInPerson(platform, 'Colleague');
    const accepted = await as(colleague, 'POST', '/v1/invitations/accept', { code });
    expect(accepted.status).toBe(201);
    expect(accepted.body.token).toBeUndefined();
    expect(accepted.body.membership).toMatchObject({ organisationId, role: 'respondent' });
    expect((await as(colleague, 'GET', '/auth/session')).body.active).toMatchObject({ organisationId, role: 'respondent' });
    // Both answer the same assessment.
    const created = await as(owner, 'POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.1.0' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const questionnaire = (await api.get(`/v1/questionnaires/agent-identity/versions/${created.body.version}`)).body;
    const [first, second] = questionnaire.domains[0].questions.filter((q: { type: string; showIf?: unknown }) => q.type === 'single' && !q.showIf);
    const saved = await as(owner, 'PATCH', `/v1/assessments/${id}/answers`, { revision: 0, answers: { [first.id]: { value: first.options[1].id } } });
    expect(saved.status).toBe(200);
    const savedToo = await as(colleague, 'PATCH', `/v1/assessments/${id}/answers`, {
      revision: saved.body.revision,
      answers: { [second.id]: { value: second.options[2].id } },
    });
    expect(savedToo.status).toBe(200);
    const audit = (await as(owner, 'GET', '/v1/audit')).body.events.filter((e: { operation: string }) => e.operation.startsWith('assessment.answer'));
    expect(audit.map((e: { actor: { label: string } }) => e.actor.label).sort()).toEqual(['Colleague', 'Owner']);
    // Spent: a third person cannot use it; the colleague cannot join twice with another.
    const third = await signedInPerson(platform);
    expect((await as(third, 'POST', '/v1/invitations/accept', { code })).status).toBe(404);
    const again = await as(colleague, 'POST', '/v1/invitations/accept', { code: await invite(owner, 'leader') });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_member');
  });

  it('never removes or demotes the last owner; several owners may hand over', async () => {
    const { owner } = await ownerOfNewOrganisation();
    const me = (await as(owner, 'GET', '/auth/session')).body.person.id as string;
    const demote = await as(owner, 'PATCH', `/v1/members/${me}`, { role: 'leader' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_owner');
    expect((await as(owner, 'DELETE', `/v1/members/${me}`)).body.code).toBe('last_owner');
    const colleague = await signedInPerson(platform, 'Next owner');
    expect((await as(colleague, 'POST', '/v1/invitations/accept', { code: await invite(owner, 'owner') })).status).toBe(201);
    // Two owners now: either may step down, but not both.
    expect((await as(owner, 'PATCH', `/v1/members/${me}`, { role: 'leader' })).status).toBe(204);
    expect((await as(owner, 'GET', '/auth/session')).body.active.role).toBe('leader');
    const next = (await as(colleague, 'GET', '/auth/session')).body.person.id as string;
    expect((await as(colleague, 'DELETE', `/v1/members/${next}`)).body.code).toBe('last_owner');
    // The new owner removes the old one, whose session loses access at once.
    expect((await as(colleague, 'DELETE', `/v1/members/${me}`)).status).toBe(204);
    expect((await as(owner, 'GET', '/v1/assessments')).body.code).toBe('no_membership');
  });

  it('answers 404 for another organisation, as for keys', async () => {
    const a = await ownerOfNewOrganisation('A');
    const b = await ownerOfNewOrganisation('B');
    const created = await as(b.owner, 'POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.1.0' });
    expect(created.status).toBe(201);
    expect((await as(a.owner, 'GET', `/v1/assessments/${created.body.id}`)).status).toBe(404);
    const bMember = (await as(b.owner, 'GET', '/auth/session')).body.person.id;
    expect((await as(a.owner, 'PATCH', `/v1/members/${bMember}`, { role: 'leader' })).status).toBe(404);
  });
});

describe('platform admins', () => {
  it('grant memberships for recovery and platform roles, audited, and nobody else may', async () => {
    const { owner, organisationId } = await ownerOfNewOrganisation();
    const account = await newAccount(platform, 'Recovered owner');
    const refused = await as(owner, 'POST', '/v1/memberships', {
      issuer: account.issuer,
      subject: account.subject,
      organisationId,
      role: 'owner',
      reason: 'takeover',
    });
    expect(refused.status).toBe(403);
    const granted = await grantMembership(platform, account, organisationId, 'owner', 'the only owner left the company');
    expect(granted.status).toBe(201);
    const recovered = await signInAs(platform, account);
    expect((await as(recovered, 'GET', '/auth/session')).body.active).toMatchObject({ organisationId, role: 'owner' });
    const audit = (await as(recovered, 'GET', '/v1/audit')).body.events;
    expect(audit.find((e: { operation: string }) => e.operation === 'membership.grant')).toMatchObject({
      actor: { role: 'admin' },
      target: { type: 'person' },
    });
    // A platform admin membership: the person then acts as admin.
    const adminAccount = await newAccount(platform, 'Platform admin');
    expect((await grantMembership(platform, adminAccount, null, 'admin', 'first platform admin')).status).toBe(201);
    const admin = await signInAs(platform, adminAccount);
    expect((await as(admin, 'GET', '/v1/admin/organisations?status=unverified')).status).toBe(200);
    // Roles must fit: a platform role with an organisation is refused.
    const misfit = await grantMembership(platform, adminAccount, organisationId, 'admin');
    expect(misfit.status).toBe(400);
  });
});

describe('ending sessions', () => {
  it('signs out here and points at the provider to sign out there', async () => {
    const person = await signedInPerson(platform);
    const out = await as(person, 'POST', '/auth/logout');
    expect(out.status).toBe(200);
    expect(out.body.endSessionUrl).toMatch(new RegExp(`^${platform.identityProvider!.issuer}/`));
    expect(out.headers.getSetCookie().find((c) => c.startsWith('__Host-aim-session='))).toMatch(/Max-Age=0/i);
    const after = await as(person, 'GET', '/auth/session');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('session_expired');
  });

  it('ends a session after its idle limit, and after its absolute limit even when used', async () => {
    const idle = await signedInPerson(platform);
    offsetMs += 31 * 60_000;
    expect((await as(idle, 'GET', '/auth/session')).body.code).toBe('session_expired');

    const busy = await signedInPerson(platform);
    // Used every 20 minutes: never idle, yet over after 8 hours.
    for (let minutes = 20; minutes < 8 * 60; minutes += 20) {
      offsetMs += 20 * 60_000;
      expect((await as(busy, 'GET', '/auth/session')).status).toBe(200);
    }
    offsetMs += 20 * 60_000;
    expect((await as(busy, 'GET', '/auth/session')).body.code).toBe('session_expired');
  });
});
