/**
 * People, not identifiers: before accepting, a signed-in person holding an invitation code
 * sees who invited them, to which organisation, as what role and until when
 * (POST /v1/invitations/preview); unknown, spent, revoked and expired codes all get the same
 * 404, and previews are throttled with acceptances. The last owner cannot lock the
 * organisation out by removing or demoting themself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { signedInPerson, type SignedInPerson } from '../support/people';
import { startTestPlatform } from '../support/platform-fixture';

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

const as = (person: SignedInPerson, method: string, path: string, body?: unknown) => api.call(method, path, { body, headers: person.headers });

async function ownerOf(organisationName: string, ownerName: string) {
  const owner = await signedInPerson(platform, ownerName);
  const registered = await as(owner, 'POST', '/v1/organisations', { name: organisationName, industry: 'technology', sizeBand: '50-249', region: 'europe' });
  expect(registered.status).toBe(201);
  return { owner, organisationId: registered.body.organisation.id as string };
}

async function invite(owner: SignedInPerson, role: string, expiresInDays = 7) {
  const created = await as(owner, 'POST', '/v1/invitations', { role, label: `Invitee as ${role}`, expiresInDays });
  expect(created.status).toBe(201);
  return { code: created.body.code as string, id: created.body.invitation.id as string, expiresAt: created.body.invitation.expiresAt as string };
}

/** The one answer for every code that cannot be used: nothing tells them apart. */
const unusable = (res: { status: number; body: Record<string, unknown> }) => ({ status: res.status, code: res.body.code, detail: res.body.detail });

beforeAll(async () => {
  platform = await startTestPlatform({ clock, env: { AIM_INVITATION_ACCEPTS_PER_HOUR: '1000' } });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

describe('invitation preview', () => {
  it('names the organisation, the person who invited, the role and the expiry, without spending the code', async () => {
    const { owner, organisationId } = await ownerOf('Preview Works Ltd', 'Olivia Owner');
    const invitation = await invite(owner, 'leader');
    const invitee = await signedInPerson(platform, 'Ivan Invitee');
    const preview = await as(invitee, 'POST', '/v1/invitations/preview', { code: invitation.code });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      organisationName: 'Preview Works Ltd',
      invitedBy: 'Olivia Owner',
      role: 'leader',
      expiresAt: invitation.expiresAt,
      alreadyMember: false,
    });
    // The preview leaves the code usable: the invitee then accepts it.
    const accepted = await as(invitee, 'POST', '/v1/invitations/accept', { code: invitation.code });
    expect(accepted.status).toBe(201);
    expect(accepted.body.membership).toMatchObject({ organisationId, role: 'leader' });
  });

  it('tells a member they belong already', async () => {
    const { owner } = await ownerOf('Members Already Ltd', 'Mia Owner');
    const { code } = await invite(owner, 'respondent');
    const preview = await as(owner, 'POST', '/v1/invitations/preview', { code });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ organisationName: 'Members Already Ltd', alreadyMember: true });
  });

  it('answers unknown, accepted, revoked and expired codes with the same 404', async () => {
    const { owner } = await ownerOf('No Enumeration Ltd', 'Nora Owner');
    const person = await signedInPerson(platform, 'Curious Person');
    const accepted = await invite(owner, 'respondent');
    expect((await as(await signedInPerson(platform, 'First taker'), 'POST', '/v1/invitations/accept', { code: accepted.code })).status).toBe(201);
    const revoked = await invite(owner, 'respondent');
    expect((await as(owner, 'DELETE', `/v1/invitations/${revoked.id}`)).status).toBe(204);
    const expiring = await invite(owner, 'respondent', 1);
    const agentInvitation = await as(owner, 'POST', '/v1/invitations', { role: 'respondent', actorType: 'agent', label: 'An agent' });
    expect(agentInvitation.status).toBe(201);

    const unknown = unusable(await as(person, 'POST', '/v1/invitations/preview', { code: 'inv_this-code-was-never-issued' }));
    expect(unknown).toMatchObject({ status: 404, code: 'not_found' });
    expect(unusable(await as(person, 'POST', '/v1/invitations/preview', { code: accepted.code }))).toEqual(unknown);
    expect(unusable(await as(person, 'POST', '/v1/invitations/preview', { code: revoked.code }))).toEqual(unknown);
    // An agent's invitation is not one a person joins with.
    expect(unusable(await as(person, 'POST', '/v1/invitations/preview', { code: agentInvitation.body.code }))).toEqual(unknown);
    offsetMs = 2 * 86_400_000;
    try {
      const stillSignedIn = await signedInPerson(platform, 'Late Person');
      expect(unusable(await as(stillSignedIn, 'POST', '/v1/invitations/preview', { code: expiring.code }))).toEqual(unknown);
    } finally {
      offsetMs = 0;
    }
  });

  it('is only for a signed-in person: a key or nobody gets 401 sign_in_required', async () => {
    const { owner } = await ownerOf('Signed In Only Ltd', 'Sam Owner');
    const { code } = await invite(owner, 'respondent');
    const anonymous = await api.call('POST', '/v1/invitations/preview', { body: { code } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('sign_in_required');
    const withKey = await api.call('POST', '/v1/invitations/preview', { body: { code }, headers: { authorization: 'Bearer some-agent-token' } });
    expect(withKey.status).toBe(401);
    expect(withKey.body.code).toBe('sign_in_required');
  });

  it('is throttled with acceptances', async () => {
    const strict = await startTestPlatform({ env: { AIM_INVITATION_ACCEPTS_PER_HOUR: '2' } });
    try {
      const strictApi = apiClient(strict.url);
      const person = await signedInPerson(strict, 'Prober');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await strictApi.call('POST', '/v1/invitations/preview', { body: { code: `inv_guess-number-${i}-xxxx` }, headers: person.headers })).status,
        );
      expect(statuses).toEqual([404, 404, 429]);
      // Accepting shares the budget.
      expect((await strictApi.call('POST', '/v1/invitations/accept', { body: { code: 'inv_guess-number-x-xxxx' }, headers: person.headers })).status).toBe(429);
    } finally {
      await strict.stop();
    }
  });
});

describe('the last owner cannot lock the organisation out', () => {
  it('refuses the only owner removing or demoting themself with 409 last_owner', async () => {
    const { owner } = await ownerOf('Locked Out Never Ltd', 'Lone Owner');
    const me = (await as(owner, 'GET', '/auth/session')).body.person.id as string;
    for (const [method, body] of [
      ['DELETE', undefined],
      ['PATCH', { role: 'respondent' }],
      ['PATCH', { role: 'leader' }],
    ] as const) {
      const refused = await as(owner, method, `/v1/members/${me}`, body);
      expect({ method, status: refused.status, code: refused.body.code }).toEqual({ method, status: 409, code: 'last_owner' });
    }
    // Still the owner, still able to manage the organisation.
    expect((await as(owner, 'GET', '/auth/session')).body.active.role).toBe('owner');
    const members = await as(owner, 'GET', '/v1/members');
    expect(members.body.members).toEqual([expect.objectContaining({ person: expect.objectContaining({ id: me }), role: 'owner' })]);
  });
});
