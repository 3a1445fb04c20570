/**
 * Scripted onboarding under AIM_AGENT_CREDENTIALS=federated-only (docs/security.md,
 * "Federation only"): a platform admin registers a federated platform agent once; a
 * pipeline, holding no AIM secret, exchanges its platform's token for an AIM token and
 * registers organisations, each with an invitation for its first owner, which a signed-in
 * person accepts. The agent can do nothing beyond its scope, and is revocable. Where any
 * credential is taken, the same agent still gets the first owner key.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { grantMembership, signedInPerson, type SignedInPerson } from '../support/people';
import { startWorkloadIssuer, stopWorkloadIssuer, type WorkloadIssuer } from '../support/workload-issuer';
import { platformTrail } from '../support/platform-trail';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';

type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;
let strict: TestPlatform;
let open: TestPlatform;
let api: ApiClient;
let issuer: WorkloadIssuer;
/** A platform admin of the federated-only platform, signed in. */
let admin: SignedInPerson;

const ORGANISATION = { industry: 'technology', sizeBand: '50-249', region: 'europe' } as const;
const now = () => Math.floor(Date.now() / 1000);

/** The pipeline's platform token for `subject`, addressed to AIM's token endpoint. */
const platformToken = (baseUrl: string, subject: string) =>
  new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', kid: issuer.kid, typ: 'JWT' })
    .setIssuer(issuer.url)
    .setSubject(subject)
    .setAudience(tokenEndpointOf(baseUrl))
    .setIssuedAt(now())
    .setExpirationTime(now() + 300)
    .sign(issuer.privateKey);

/** An AIM access token for the platform agent of `subject`, for `scope`. */
async function accessToken(baseUrl: string, subject: string, scope = 'organisations.register'): Promise<string> {
  const issued = await postTokenForm(baseUrl, clientCredentialsGrant(await platformToken(baseUrl, subject), { scope }));
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return issued.body.access_token as string;
}

/** A platform admin of `platform` registers a platform agent for a new subject; the subject and the agent. */
async function registerPlatformAgent(platform: TestPlatform, person: SignedInPerson, label = 'onboarding pipeline') {
  const subject = `repo:aim-tests/${randomUUID()}:environment:prod`;
  const registered = await apiClient(platform.url).call('POST', '/v1/admin/agents', {
    body: { label, federation: { issuer: issuer.url, subject } },
    headers: person.headers,
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { subject, agent: registered.body.agent };
}

async function platformAdmin(platform: TestPlatform): Promise<SignedInPerson> {
  const person = await signedInPerson(platform, 'Platform Operator');
  expect((await grantMembership(platform, person, null, 'admin', 'operator of this test')).status).toBe(201);
  return person;
}

beforeAll(async () => {
  strict = await startTestPlatform({
    withAdminKey: false,
    dataDir: mkdtempSync(join(tmpdir(), 'aim-federated-onboarding-')),
    env: { AIM_AGENT_CREDENTIALS: 'federated-only', AIM_AUTH_FAILURES_PER_MINUTE: '100000' },
  });
  api = apiClient(strict.url);
  issuer = await startWorkloadIssuer();
  admin = await platformAdmin(strict);
});

afterAll(async () => {
  await strict?.stop();
  await open?.stop();
  if (issuer) await stopWorkloadIssuer(issuer);
});

describe('scripted onboarding under federation only', () => {
  it('a platform admin registers a federated platform agent: no organisation, admin narrowed to registering organisations, listed, on the platform trail', async () => {
    const { agent } = await registerPlatformAgent(strict, admin);
    expect(agent).toMatchObject({
      organisationId: null,
      role: 'admin',
      scopes: ['session.read', 'organisations.register'],
      federation: { issuer: issuer.url },
    });
    expect(agent.jwk).toBeUndefined();
    const listed = await api.call('GET', '/v1/admin/agents', { headers: admin.headers });
    expect(listed.status).toBe(200);
    expect(listed.body.agents.map((a: { id: string }) => a.id)).toContain(agent.id);
    const events = await platformTrail(strict.config);
    expect(events.find((e) => e.operation === 'agent.register' && e.target.id === agent.id)).toMatchObject({
      organisationId: null,
      actor: { actorType: 'human', role: 'admin' },
    });
  });

  it('the agent registers an organisation with its federated token: an invitation for the first owner, no key; a signed-in person accepts it and owns the organisation', async () => {
    const { subject, agent } = await registerPlatformAgent(strict, admin);
    const token = await accessToken(strict.url, subject, 'session.read organisations.register');
    const session = await api.get('/v1/session', token);
    expect(session.body).toMatchObject({ tokenId: agent.id, role: 'admin', actorType: 'agent', organisationId: null });

    const registered = await api.post('/v1/organisations', { name: 'Onboarded By Pipeline Ltd', ...ORGANISATION }, token);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.token).toBeUndefined();
    const { organisation, invitation } = registered.body;
    expect(invitation.invitation).toMatchObject({ organisationId: organisation.id, role: 'owner', actorType: 'human', status: 'pending', createdBy: agent.id });
    expect(invitation.code).toMatch(/^inv_/);

    // No stored secret serves as the owner: only a person, signed in, can spend the code.
    expectProblem(await api.post('/v1/invitations/accept', { code: invitation.code }), 401, 'sign_in_required');
    const person = await signedInPerson(strict, 'First Owner');
    const accepted = await api.call('POST', '/v1/invitations/accept', { body: { code: invitation.code }, headers: person.headers });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.membership).toMatchObject({ organisationId: organisation.id, role: 'owner' });
    const own = await api.call('GET', '/v1/session', { headers: person.headers });
    expect(own.body).toMatchObject({ role: 'owner', organisationId: organisation.id });
    // The owner invites colleagues as any owner does, and the code is spent.
    expect((await api.call('POST', '/v1/invitations', { body: { role: 'respondent', label: 'a colleague' }, headers: person.headers })).status).toBe(201);
    const second = await signedInPerson(strict, 'Latecomer');
    expectProblem(await api.call('POST', '/v1/invitations/accept', { body: { code: invitation.code }, headers: second.headers }), 404, 'not_found');

    // The platform trail names the agent and the organisation it registered.
    const events = await platformTrail(strict.config);
    expect(events.find((e) => e.operation === 'organisation.register' && e.target.id === organisation.id)).toMatchObject({
      organisationId: null,
      actor: { tokenId: agent.id, actorType: 'agent', role: 'admin' },
    });
  });

  it('the agent can do nothing beyond registering organisations', async () => {
    const { subject } = await registerPlatformAgent(strict, admin);
    // No token for a wider task.
    const wider = await postTokenForm(strict.url, clientCredentialsGrant(await platformToken(strict.url, subject), { scope: 'memberships.grant' }));
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');

    const token = await accessToken(strict.url, subject);
    const registered = await api.post('/v1/organisations', { name: 'Scoped Ltd', ...ORGANISATION }, token);
    expect(registered.status).toBe(201);
    const person = await signedInPerson(strict, 'Scoped Owner');
    expect((await api.call('POST', '/v1/invitations/accept', { body: { code: registered.body.invitation.code }, headers: person.headers })).status).toBe(201);
    const assessment = await api.call('POST', '/v1/assessments', { body: { questionnaireId: 'agent-identity', version: '1.0.0' }, headers: person.headers });
    expect(assessment.status, JSON.stringify(assessment.body)).toBe(201);

    // Not the organisation's assessments, not memberships, not other agents, not the verification queue.
    for (const path of ['/v1/assessments', `/v1/assessments/${assessment.body.id}`, '/v1/admin/agents', '/v1/admin/organisations', '/v1/tokens'])
      expect([403, 404], path).toContain((await api.get(path, token)).status);
    expectProblem(
      await api.post(
        '/v1/memberships',
        { issuer: person.issuer, subject: person.subject, organisationId: registered.body.organisation.id, role: 'leader', reason: 'escalation attempt' },
        token,
      ),
      403,
      'forbidden',
    );
    expectProblem(
      await api.post('/v1/admin/agents', { label: 'another', federation: { issuer: issuer.url, subject: 'repo:x/y:ref:main' } }, token),
      403,
      'forbidden',
    );
    expectProblem(await api.post('/v1/invitations', { role: 'owner', label: 'me' }, token), 403, 'forbidden');
  });

  it('a platform agent holds no static credential: no admin key is minted, no public key is registered', async () => {
    const minted = await api.call('POST', '/v1/tokens', {
      body: { role: 'admin', label: 'pipeline key', exception: 'the pipeline onboards organisations' },
      headers: admin.headers,
    });
    expectProblem(minted, 403, 'static_credentials_disabled');
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const keyed = await api.call('POST', '/v1/admin/agents', { body: { label: 'keyed pipeline', jwk: await exportJWK(publicKey) }, headers: admin.headers });
    expectProblem(keyed, 400, 'validation_failed');
    // And anonymous registration, which would mint a first owner key, stays refused.
    expectProblem(await api.post('/v1/organisations', { name: 'Anonymous Ltd', ...ORGANISATION }), 403, 'static_credentials_disabled');
  });

  it('only platform admins register, list and revoke platform agents; revoked, it gets no token and its token stops working', async () => {
    const owner = await signedInPerson(strict, 'Organisation Owner');
    expect((await api.call('POST', '/v1/organisations', { body: { name: 'Owners Ltd', ...ORGANISATION }, headers: owner.headers })).status).toBe(201);
    const asOwner = await api.call('POST', '/v1/admin/agents', {
      body: { label: 'x', federation: { issuer: issuer.url, subject: 'repo:a/b:ref:main' } },
      headers: owner.headers,
    });
    expectProblem(asOwner, 403, 'forbidden');
    expectProblem(await api.call('GET', '/v1/admin/agents', { headers: owner.headers }), 403, 'forbidden');
    const organisationAgent = await api.call('POST', '/v1/agents', {
      body: { label: 'org bot', role: 'respondent', federation: { issuer: issuer.url, subject: `repo:org/${randomUUID()}:ref:main` } },
      headers: owner.headers,
    });
    expect(organisationAgent.status).toBe(201);
    // An organisation's agent is not a platform agent: not found here.
    expectProblem(await api.call('DELETE', `/v1/admin/agents/${organisationAgent.body.agent.id}`, { headers: admin.headers }), 404, 'not_found');

    const { subject, agent } = await registerPlatformAgent(strict, admin);
    const token = await accessToken(strict.url, subject);
    expect((await api.call('DELETE', `/v1/admin/agents/${agent.id}`, { headers: admin.headers })).status).toBe(204);
    expectProblem(await api.call('GET', '/v1/session', { token, raw: true }), 401, 'token_revoked');
    const refused = await postTokenForm(strict.url, clientCredentialsGrant(await platformToken(strict.url, subject), { scope: 'organisations.register' }));
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
    const listed = await api.call('GET', '/v1/admin/agents', { headers: admin.headers });
    expect(listed.body.agents.find((a: { id: string }) => a.id === agent.id).revokedAt).toEqual(expect.any(String));
    expect((await platformTrail(strict.config)).some((e) => e.operation === 'agent.revoke' && e.target.id === agent.id)).toBe(true);
  });

  it('where any credential is taken, the platform agent still gets the first owner key', async () => {
    open = await startTestPlatform({ withAdminKey: false, dataDir: mkdtempSync(join(tmpdir(), 'aim-any-onboarding-')) });
    const openAdmin = await platformAdmin(open);
    const { subject } = await registerPlatformAgent(open, openAdmin);
    const registered = await apiClient(open.url).post(
      '/v1/organisations',
      { name: 'Keyed Onboarding Ltd', ...ORGANISATION },
      await accessToken(open.url, subject),
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.invitation).toBeUndefined();
    expect(registered.body.token).toMatchObject({ role: 'owner', organisationId: registered.body.organisation.id, secret: expect.stringMatching(/^aim_/) });
  });
});
