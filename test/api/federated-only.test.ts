/**
 * AIM_AGENT_CREDENTIALS=federated-only (docs/security.md, "Federation only"): agents hold no
 * stored AIM secret. A platform in the default mode (`any`) makes a key, a `jwk` agent and an
 * agent's invitation; a second platform on the same table, federated-only, refuses them all,
 * while people (sessions), the bootstrap credential and federated agents work as before.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api-client';
import { registerOrganisation } from '../support/api-steps';
import { signedInPerson, type SignedInPerson } from '../support/people';
import { startWorkloadIssuer, stopWorkloadIssuer, type WorkloadIssuer } from '../support/workload-issuer';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { API_KEY_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../support/key-exchange';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';

type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;
let open: TestPlatform;
let strict: TestPlatform;
let openApi: ApiClient;
let strictApi: ApiClient;
let issuer: WorkloadIssuer;

/** What was made before the switch: an owner key, a `jwk` agent and its private key, an agent's invitation code. */
let before: { key: string; agentId: string; agentKey: CryptoKey; invitationCode: string };

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  open = await startTestPlatform({ withAdminKey: false, dataDir: mkdtempSync(join(tmpdir(), 'aim-any-')) });
  openApi = apiClient(open.url);
  const { token: owner } = await registerOrganisation(openApi, 'Before The Switch Ltd');
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const agent = await openApi.post('/v1/agents', { label: 'keyed bot', role: 'respondent', jwk: await exportJWK(publicKey) }, owner.secret);
  expect(agent.status, JSON.stringify(agent.body)).toBe(201);
  const invitation = await openApi.post('/v1/invitations', { role: 'respondent', label: 'a script', actorType: 'agent' }, owner.secret);
  expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
  before = { key: owner.secret, agentId: agent.body.agent.id, agentKey: privateKey, invitationCode: invitation.body.code };

  strict = await startTestPlatform({
    withAdminKey: false,
    dataDir: mkdtempSync(join(tmpdir(), 'aim-federated-only-')),
    tableName: open.config.AIM_TABLE_NAME,
    env: { AIM_AGENT_CREDENTIALS: 'federated-only', AIM_AUTH_FAILURES_PER_MINUTE: '100000' },
  });
  strictApi = apiClient(strict.url);
  issuer = await startWorkloadIssuer();
});

afterAll(async () => {
  await strict?.stop();
  await open?.stop();
  if (issuer) await stopWorkloadIssuer(issuer);
});

function expectRefused(res: ApiResponse, oauthError?: string) {
  expectProblem(res, 403, 'static_credentials_disabled');
  expect(res.body.detail).toContain('AIM_AGENT_CREDENTIALS=federated-only');
  expect(res.body.detail).toContain('workload identity federation');
  if (oauthError) {
    expect(res.body.error).toBe(oauthError);
    expect(res.body.error_description).toContain('AIM_AGENT_CREDENTIALS=federated-only');
  }
}

/** A person who registered an organisation on the federated-only platform: its owner, by session. */
async function signedInOwner(name: string): Promise<SignedInPerson> {
  const person = await signedInPerson(strict, name);
  const registered = await strictApi.call('POST', '/v1/organisations', {
    body: { name, industry: 'technology', sizeBand: '50-249', region: 'europe' },
    headers: person.headers,
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  expect(registered.body.token).toBeUndefined();
  return person;
}

const as = (person: SignedInPerson, method: string, path: string, body?: unknown) => strictApi.call(method, path, { body, headers: person.headers });

describe('AIM_AGENT_CREDENTIALS=federated-only', () => {
  it('mints no key: 403 static_credentials_disabled, pointing to federation', async () => {
    const owner = await signedInOwner('No Keys Ltd');
    expectRefused(await as(owner, 'POST', '/v1/tokens', { role: 'respondent', label: 'ci script', actorType: 'agent' }));
    // People are unaffected: the session reads on, and tells the web app the mode.
    const session = await as(owner, 'GET', '/v1/session');
    expect(session.status).toBe(200);
    expect(session.body.agentCredentials).toBe('federated-only');
  });

  it('registers no organisation anonymously, which would mint its first owner key; signed in, people register keyless', async () => {
    expectRefused(await strictApi.post('/v1/organisations', { name: 'Anonymous Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' }));
  });

  it('says `any` where every credential is taken (the default)', async () => {
    const person = await signedInPerson(open, 'Default Mode');
    const registered = await openApi.call('POST', '/v1/organisations', {
      body: { name: 'Default Mode Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' },
      headers: person.headers,
    });
    expect(registered.status).toBe(201);
    expect((await openApi.call('GET', '/v1/session', { headers: person.headers })).body.agentCredentials).toBe('any');
  });

  it('registers no agent by a public key, and still registers one by workload identity that gets tokens', async () => {
    const owner = await signedInOwner('Federated Only Ltd');
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    expectRefused(await as(owner, 'POST', '/v1/agents', { label: 'keyed', role: 'respondent', jwk: await exportJWK(publicKey) }));

    const subject = `repo:aim-tests/${randomUUID()}:environment:prod`;
    const registered = await as(owner, 'POST', '/v1/agents', { label: 'pipeline', role: 'respondent', federation: { issuer: issuer.url, subject } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: issuer.kid, typ: 'JWT' })
      .setIssuer(issuer.url)
      .setSubject(subject)
      .setAudience(tokenEndpointOf(strict.url))
      .setIssuedAt(now())
      .setExpirationTime(now() + 300)
      .sign(issuer.privateKey);
    const issued = await postTokenForm(strict.url, clientCredentialsGrant(assertion));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect((await strictApi.get('/v1/session', issued.body.access_token)).status).toBe(200);
  });

  it('exchanges no existing key: invalid_grant naming the setting', async () => {
    const form = { grant_type: TOKEN_EXCHANGE_GRANT, subject_token: before.key, subject_token_type: API_KEY_TOKEN_TYPE, scope: 'assessments.read' };
    expectRefused(await postTokenForm(strict.url, form), 'invalid_grant');
    // The same key still exchanges where any credential is taken: the refusal is the setting's.
    expect((await postTokenForm(open.url, form)).status).toBe(200);
  });

  it('takes no raw key on the API', async () => {
    expectRefused(await strictApi.call('GET', '/v1/session', { token: before.key, raw: true }));
  });

  it('refuses the private_key_jwt client assertion of an existing jwk agent', async () => {
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(before.agentId)
      .setSubject(before.agentId)
      .setAudience(tokenEndpointOf(strict.url))
      .setIssuedAt(now())
      .setExpirationTime(now() + 60)
      .sign(before.agentKey);
    expectRefused(await postTokenForm(strict.url, clientCredentialsGrant(assertion)), 'invalid_client');
  });

  it("accepts no agent's invitation and makes none; a person's invitation is unaffected", async () => {
    expectRefused(await strictApi.post('/v1/invitations/accept', { code: before.invitationCode }));
    const owner = await signedInOwner('Invites People Ltd');
    expectRefused(await as(owner, 'POST', '/v1/invitations', { role: 'respondent', label: 'a script', actorType: 'agent' }));
    expect((await as(owner, 'POST', '/v1/invitations', { role: 'respondent', label: 'a colleague' })).status).toBe(201);
  });

  it('still takes the bootstrap credential, a person’s first way in', async () => {
    const person = await signedInPerson(strict, 'Operator');
    const granted = await fetch(`${strict.url}/v1/memberships`, {
      method: 'POST',
      headers: { authorization: `Bearer ${strict.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issuer: person.issuer, subject: person.subject, organisationId: null, role: 'admin', reason: 'first operator' }),
    });
    expect(granted.status).toBe(201);
  });
});
