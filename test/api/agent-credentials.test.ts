/**
 * Agents with their own keys (issue 16, "Agents get short-lived, audience-bound
 * credentials"): registration, the token endpoint (client credentials with
 * private_key_jwt), JWT access tokens at the API, DPoP, revocation and bad input,
 * through a real server on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { bodyOf, createDraft, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { CLIENT_ASSERTION_TYPE, clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;
let dataDir: string;
/** The platform's clock runs this many milliseconds ahead of the real one. */
let clockOffset = 0;
const platformNow = () => new Date(Date.now() + clockOffset);
const tokenEndpoint = () => tokenEndpointOf(platform.url);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aim-agents-'));
  // A data directory (for AIM's signing key file) on the shared DynamoDB Local.
  // Many refusals from one client on purpose: the brake on failed authentication is raised.
  platform = await startTestPlatform({ dataDir, clock: { now: platformNow }, env: { AIM_AUTH_FAILURES_PER_MINUTE: '100000' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

interface AgentKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(alg: 'ES256' | 'PS256' = 'ES256'): Promise<AgentKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

async function registerAgent(owner: string, body: Record<string, unknown>) {
  return api.post('/v1/agents', body, owner);
}

/** An owner and an agent registered with a new key. */
async function setUp(name: string, agent: Record<string, unknown> = {}) {
  const { token: owner } = await registerOrganisation(api, name);
  const key = await newKey();
  const registered = await registerAgent(owner.secret, { label: 'survey bot', role: 'respondent', jwk: key.jwk, ...agent });
  expect(registered.status).toBe(201);
  return { owner: owner.secret, key, agent: registered.body.agent as { id: string; scopes: string[] } };
}

function assertion(clientId: string, key: AgentKey, claims: { aud?: string; exp?: number; jti?: string; iss?: string } = {}) {
  const now = Math.floor(platformNow().getTime() / 1000);
  return new SignJWT({ jti: claims.jti ?? randomUUID() })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(claims.iss ?? clientId)
    .setSubject(clientId)
    .setAudience(claims.aud ?? tokenEndpoint())
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 120)
    .sign(key.privateKey);
}

const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) => postTokenForm(platform.url, form, headers);
const grant = clientCredentialsGrant;

/** A token for the task `scope` (default: all a respondent agent may do). */
async function accessToken(agentId: string, key: AgentKey, headers: Record<string, string> = {}, scope?: string) {
  const res = await tokenRequest(grant(await assertion(agentId, key), scope ? { scope } : {}), headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { access_token: string; token_type: string; expires_in: number; scope: string };
}

async function dpopProof(key: AgentKey, method: string, url: string, accessTokenValue?: string, jti = randomUUID()) {
  const ath = accessTokenValue
    ? base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessTokenValue))))
    : undefined;
  return new SignJWT({ htm: method, htu: url, jti, ...(ath ? { ath } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .setIssuedAt(Math.floor(platformNow().getTime() / 1000))
    .sign(key.privateKey);
}

/** AIM's own signing key, from the data directory: to make tokens AIM would sign, but with wrong claims. */
async function aimKey() {
  const jwk = JSON.parse(readFileSync(join(dataDir, 'agent-token-key.jwk'), 'utf8')) as JWK & { kid: string };
  return { key: await importJWK(jwk, 'ES256'), kid: jwk.kid };
}

async function aimSigned(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { key, kid } = await aimKey();
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid, ...header }).sign(key);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('registration', () => {
  it('registers an agent with a public key, lists it, and audits it', async () => {
    const { owner, agent } = await setUp('Agent Reg Ltd');
    expect(agent).toMatchObject({ role: 'respondent', dpopRequired: false, revokedAt: null, jkt: expect.any(String) });
    expect(agent.scopes).toEqual(expect.arrayContaining(['assessments.answer', 'assessments.submit', 'session.read']));
    const listed = bodyOf(await api.contract(owner).GET('/v1/agents'));
    expect(listed.agents.map((a) => a.id)).toEqual([agent.id]);
    const audit = await api.get('/v1/audit', owner);
    expect(audit.body.events.map((e: { operation: string }) => e.operation)).toContain('agent.register');
  });

  it('accepts RSA keys of 2048 bits', async () => {
    const { token: owner } = await registerOrganisation(api, 'Agent RSA Ltd');
    const res = await registerAgent(owner.secret, { label: 'rsa bot', role: 'leader', jwk: (await newKey('PS256')).jwk });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/agents/${res.body.agent.id}`);
  });

  it('refuses private, symmetric, unknown, small and oversized keys with pointers', async () => {
    const { token: owner } = await registerOrganisation(api, 'Agent Bad Keys Ltd');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const cases: [JWK | Record<string, unknown>, string][] = [
      [await exportJWK(privateKey), '/body/jwk/d'],
      [{ kty: 'oct', k: 'c2VjcmV0' }, '/body/jwk/k'],
      [{ kty: 'OKP', crv: 'Ed25519', x: 'abc' }, '/body/jwk/kty'],
      // A 1024-bit modulus.
      [{ kty: 'RSA', n: Buffer.alloc(128, 0xc5).toString('base64url'), e: 'AQAB' }, '/body/jwk/n'],
      [{ kty: 'EC', crv: 'P-256', x: 'a'.repeat(43), y: 'b'.repeat(43), pad: 'x'.repeat(5000) }, '/body/jwk'],
    ];
    for (const [jwk, pointer] of cases) {
      const res = await registerAgent(owner.secret, { label: 'bad', role: 'respondent', jwk });
      expectProblem(res, 400, 'validation_failed', pointer);
    }
    const scope = await registerAgent(owner.secret, { label: 'bad', role: 'leader', scopes: ['assessments.submit'], jwk: (await newKey()).jwk });
    expectProblem(scope, 400, 'validation_failed', '/body/scopes/0');
  });

  it('is for owners only', async () => {
    const { owner, key, agent } = await setUp('Agent Owners Ltd');
    const { access_token } = await accessToken(agent.id, key);
    expectProblem(
      await api.call('POST', '/v1/agents', { headers: bearer(access_token), body: { label: 'x', role: 'respondent', jwk: key.jwk } }),
      403,
      'forbidden',
    );
    expect((await api.get('/v1/agents', owner)).status).toBe(200);
  });
});

describe('the token endpoint and the API', () => {
  it('gives an agent a short-lived, audience-bound token with which it answers and submits', async () => {
    const { agent, key } = await setUp('Agent Answers Ltd');
    const issued = await tokenRequest(grant(await assertion(agent.id, key)));
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const token = issued.body.access_token as string;
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({ iss: platform.url, aud: `${platform.url}/v1`, sub: agent.id, role: 'respondent' });
    expect(claims.exp - claims.iat).toBe(600);

    const session = await api.call('GET', '/v1/session', { headers: bearer(token) });
    expect(session.body).toMatchObject({ tokenId: agent.id, actorType: 'agent', role: 'respondent' });
    const draft = await api.call('POST', '/v1/assessments', { headers: bearer(token), body: { questionnaireId: 'agent-identity', version: '1.0.0' } });
    expect(draft.status).toBe(201);
    const answers = completeAnswers(questionnaire, (n) => n - 1);
    const saved = await api.call('PATCH', `/v1/assessments/${draft.body.id}/answers`, { headers: bearer(token), body: { revision: 0, answers } });
    expect(saved.status).toBe(200);
    // Twice: the second save of the same token takes the write path that re-checks credentials.
    const [firstId, firstAnswer] = Object.entries(answers)[0]!;
    const again = await api.call('PATCH', `/v1/assessments/${draft.body.id}/answers`, {
      headers: bearer(token),
      body: { revision: saved.body.revision, answers: { [firstId]: firstAnswer } },
    });
    expect(again.status).toBe(200);
    const submitted = await api.call('POST', `/v1/assessments/${draft.body.id}/submit`, { headers: bearer(token) });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
  });

  it('refuses expired, replayed and wrong-audience assertions with their codes', async () => {
    const { agent, key } = await setUp('Agent Assertions Ltd');
    const now = Math.floor(platformNow().getTime() / 1000);
    const expired = await tokenRequest(grant(await assertion(agent.id, key, { exp: now - 120 })));
    expectProblem(expired, 401, 'assertion_expired');
    expect(expired.body.error).toBe('invalid_client');

    const once = await assertion(agent.id, key);
    expect((await tokenRequest(grant(once))).status).toBe(200);
    const replayed = await tokenRequest(grant(once));
    expectProblem(replayed, 401, 'assertion_replayed');
    expect(replayed.body.error).toBe('invalid_client');

    // Sent several times at once, an assertion still yields one token.
    const raced = await assertion(agent.id, key);
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => tokenRequest(grant(raced))))).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 401, 401, 401, 401, 401]);

    const elsewhere = await tokenRequest(grant(await assertion(agent.id, key, { aud: 'https://elsewhere.example/token' })));
    expectProblem(elsewhere, 401, 'invalid_client');
    expect(elsewhere.body.error).toBe('invalid_client');
    // The issuer identifier is an accepted audience too (RFC 7523 §3).
    expect((await tokenRequest(grant(await assertion(agent.id, key, { aud: platform.url })))).status).toBe(200);
    // Too long-lived, or signed by another key.
    expectProblem(await tokenRequest(grant(await assertion(agent.id, key, { exp: now + 3600 }))), 401, 'invalid_client');
    expectProblem(await tokenRequest(grant(await assertion(agent.id, await newKey()))), 401, 'invalid_client');
    expectProblem(await tokenRequest(grant(await assertion(randomUUID(), key))), 401, 'invalid_client');
  });

  it('answers malformed token requests with 400 and the OAuth error, never 5xx', async () => {
    const { agent, key } = await setUp('Agent Requests Ltd');
    const good = await assertion(agent.id, key);
    const cases: [Record<string, string>, number, string, string][] = [
      [{ ...grant(good), grant_type: 'password' }, 400, 'validation_failed', 'unsupported_grant_type'],
      [{ client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: good }, 400, 'validation_failed', 'invalid_request'],
      [{ ...grant(good), client_assertion_type: 'basic' }, 400, 'validation_failed', 'invalid_request'],
      [{ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE }, 400, 'validation_failed', 'invalid_request'],
      [grant('not.a.jwt'), 401, 'invalid_client', 'invalid_client'],
      [grant('x'.repeat(9000)), 401, 'invalid_client', 'invalid_client'],
      [grant(good, { scope: 'organisation.delete' }), 400, 'validation_failed', 'invalid_scope'],
      [{ ...grant(good), client_assertion: 'y'.repeat(20_000) }, 400, 'validation_failed', 'invalid_request'],
    ];
    for (const [form, status, code, error] of cases) {
      const res = await tokenRequest(form);
      expectProblem(res, status, code);
      expect(res.body.error).toBe(error);
    }
    const json = await api.post('/v1/oauth/token', grant(good));
    expectProblem(json, 415, 'unsupported_media_type', '/headers/content-type');
    expect(json.body.error).toBe('invalid_request');
  });

  it('refuses access tokens for another audience or issuer, expired ones, and unknown keys', async () => {
    const { agent, key } = await setUp('Agent Audience Ltd');
    const now = Math.floor(platformNow().getTime() / 1000);
    const claims = {
      iss: platform.url,
      aud: `${platform.url}/v1`,
      sub: agent.id,
      iat: now,
      exp: now + 600,
      jti: randomUUID(),
      org: 'x',
      scope: 'session.read',
    };
    // Sanity: these claims with the right organisation are accepted, so each refusal below is for its one change.
    const { access_token } = await accessToken(agent.id, key);
    const realOrg = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()).org as string;
    const right = { ...claims, org: realOrg };
    expect((await api.call('GET', '/v1/session', { headers: bearer(await aimSigned(right)) })).status).toBe(200);

    expectProblem(
      await api.call('GET', '/v1/session', { headers: bearer(await aimSigned({ ...right, aud: 'https://other.example/api' })) }),
      401,
      'unauthenticated',
    );
    expectProblem(
      await api.call('GET', '/v1/session', { headers: bearer(await aimSigned({ ...right, iss: 'https://other.example' })) }),
      401,
      'unauthenticated',
    );
    expectProblem(
      await api.call('GET', '/v1/session', { headers: bearer(await aimSigned({ ...right, iat: now - 1300, exp: now - 700 })) }),
      401,
      'token_expired',
    );
    expectProblem(await api.call('GET', '/v1/session', { headers: bearer(await aimSigned(right, { typ: 'JWT' })) }), 401, 'unauthenticated');
  });

  it('expires access tokens after their lifetime', async () => {
    const { agent, key } = await setUp('Agent Expiry Ltd');
    const { access_token } = await accessToken(agent.id, key);
    expect((await api.call('GET', '/v1/session', { headers: bearer(access_token) })).status).toBe(200);
    clockOffset = 11 * 60_000;
    try {
      expectProblem(await api.call('GET', '/v1/session', { headers: bearer(access_token) }), 401, 'token_expired');
    } finally {
      clockOffset = 0;
    }
  });

  it("ends with the agent's registration: 30 days by default, then no token and outstanding ones refused", async () => {
    const { agent: standard } = await setUp('Agent Registration Default Ltd');
    const created = standard as unknown as { createdAt: string; expiresAt: string };
    expect((Date.parse(created.expiresAt) - Date.parse(created.createdAt)) / 86_400_000).toBe(30);
    const { owner, key } = await setUp('Agent Registration Ltd');
    const oneDay = await registerAgent(owner, { label: 'day bot', role: 'respondent', jwk: key.jwk, expiresInDays: 1 });
    expect(oneDay.status).toBe(201);
    const id = oneDay.body.agent.id as string;
    // At most 90 days, like every key.
    expectProblem(await registerAgent(owner, { label: 'forever bot', role: 'respondent', jwk: key.jwk, expiresInDays: 91 }), 400, 'validation_failed');
    try {
      // Five minutes before the end: a token, still valid for ten minutes by its own clock…
      clockOffset = 86_400_000 - 5 * 60_000;
      const { access_token } = await accessToken(id, key);
      expect((await api.call('GET', '/v1/session', { headers: bearer(access_token) })).status).toBe(200);
      // …refused once the registration has ended, and no new one.
      clockOffset = 86_400_000 + 60_000;
      expectProblem(await api.call('GET', '/v1/session', { headers: bearer(access_token) }), 401, 'token_expired');
      expectProblem(await tokenRequest(grant(await assertion(id, key))), 401, 'invalid_client');
    } finally {
      clockOffset = 0;
    }
  });

  it('keeps its signing key in the data directory, readable by its owner only', () => {
    const mode = statSync(join(dataDir, 'agent-token-key.jwk')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('publishes its keys and metadata', async () => {
    const jwks = await api.contract().GET('/.well-known/jwks.json');
    expect(bodyOf(jwks).keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String) });
    expect(bodyOf(jwks).keys[0]).not.toHaveProperty('d');
    const metadata = bodyOf(await api.contract().GET('/.well-known/oauth-authorization-server'));
    expect(metadata).toMatchObject({ issuer: platform.url, token_endpoint: tokenEndpoint(), jwks_uri: `${platform.url}/.well-known/jwks.json` });
  });
});

describe('DPoP', () => {
  it('binds tokens to the key of the proof and refuses them without a valid one', async () => {
    const { agent, key } = await setUp('Agent DPoP Ltd', { dpopRequired: true });
    const dpopKey = await newKey();
    // Required: no proof, no token.
    const without = await tokenRequest(grant(await assertion(agent.id, key)));
    expectProblem(without, 400, 'validation_failed');
    expect(without.body.error).toBe('invalid_dpop_proof');

    const issued = await accessToken(agent.id, key, { dpop: await dpopProof(dpopKey, 'POST', tokenEndpoint()) });
    expect(issued.token_type).toBe('DPoP');
    const token = issued.access_token;
    const url = `${platform.url}/v1/session`;

    expectProblem(await api.call('GET', '/v1/session', { headers: bearer(token) }), 401, 'invalid_dpop_proof');
    expectProblem(await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${token}` } }), 401, 'invalid_dpop_proof');

    const proof = await dpopProof(dpopKey, 'GET', url, token);
    const ok = await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ tokenId: agent.id, actorType: 'agent' });

    const replayed = await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expectProblem(replayed, 401, 'invalid_dpop_proof');
    const otherUrl = await dpopProof(dpopKey, 'GET', `${platform.url}/v1/assessments`, token);
    expectProblem(await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${token}`, dpop: otherUrl } }), 401, 'invalid_dpop_proof');
    const otherMethod = await dpopProof(dpopKey, 'POST', url, token);
    expectProblem(await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${token}`, dpop: otherMethod } }), 401, 'invalid_dpop_proof');
    const otherKey = await dpopProof(await newKey(), 'GET', url, token);
    expectProblem(await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${token}`, dpop: otherKey } }), 401, 'invalid_dpop_proof');
    const noAth = await dpopProof(dpopKey, 'GET', url);
    expectProblem(await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${token}`, dpop: noAth } }), 401, 'invalid_dpop_proof');
    // Writes too: a proof for PATCH on the assessment's answers URL.
    const draft = await api.call('POST', '/v1/assessments', {
      headers: { authorization: `DPoP ${token}`, dpop: await dpopProof(dpopKey, 'POST', `${platform.url}/v1/assessments`, token) },
      body: { questionnaireId: 'agent-identity', version: '1.0.0' },
    });
    expect(draft.status).toBe(201);
    const answersUrl = `${platform.url}/v1/assessments/${draft.body.id}/answers`;
    const answers = Object.fromEntries(Object.entries(completeAnswers(questionnaire, () => 0)).slice(0, 1));
    const saved = await api.call('PATCH', `/v1/assessments/${draft.body.id}/answers`, {
      headers: { authorization: `DPoP ${token}`, dpop: await dpopProof(dpopKey, 'PATCH', answersUrl, token) },
      body: { revision: 0, answers },
    });
    expect(saved.status).toBe(200);
    // A proof at the token endpoint for another URL gets no token.
    const wrongEndpoint = await tokenRequest(grant(await assertion(agent.id, key)), { dpop: await dpopProof(dpopKey, 'POST', `${platform.url}/v1/other`) });
    expect(wrongEndpoint.body.error).toBe('invalid_dpop_proof');
  });
});

describe('revocation', () => {
  it('stops new tokens and existing ones at once', async () => {
    const { owner, agent, key } = await setUp('Agent Revoke Ltd');
    const { access_token } = await accessToken(agent.id, key);
    expect((await api.call('GET', '/v1/session', { headers: bearer(access_token) })).status).toBe(200);
    expect((await api.del(`/v1/agents/${agent.id}`, owner)).status).toBe(204);
    expectProblem(await api.call('GET', '/v1/session', { headers: bearer(access_token) }), 401, 'token_revoked');
    expectProblem(await tokenRequest(grant(await assertion(agent.id, key))), 401, 'invalid_client');
    const listed = await api.get('/v1/agents', owner);
    expect(listed.body.agents[0].revokedAt).toEqual(expect.any(String));
    expect((await api.del(`/v1/agents/${randomUUID()}`, owner)).status).toBe(404);
    const audit = await api.get('/v1/audit', owner);
    expect(audit.body.events.map((e: { operation: string }) => e.operation)).toContain('agent.revoke');
  });

  it('does not let an owner revoke another organisation’s agent', async () => {
    const { agent } = await setUp('Agent Theirs Ltd');
    const { token: other } = await registerOrganisation(api, 'Agent Mine Ltd');
    expect((await api.del(`/v1/agents/${agent.id}`, other.secret)).status).toBe(404);
  });
});

describe('scopes', () => {
  it('requires each grant to name its task: without scope invalid_scope, with one a token for no more than it', async () => {
    const { owner, agent, key } = await setUp('Agent Task Ltd');
    for (const scope of ['', ' ']) {
      const refused = await tokenRequest(grant(await assertion(agent.id, key), { scope }));
      expectProblem(refused, 400, 'validation_failed', '/body/scope');
      expect(refused.body).toMatchObject({ error: 'invalid_scope', error_description: expect.stringContaining('scope is required') });
    }
    const { scope: absent, ...withoutScope } = grant(await assertion(agent.id, key));
    expect(absent).toBeTruthy();
    expect((await tokenRequest(withoutScope)).body).toMatchObject({ error: 'invalid_scope' });

    const draft = await createDraft(api, owner);
    const reader = await accessToken(agent.id, key, {}, 'assessments.read');
    expect(reader.scope).toBe('assessments.read');
    expect((await api.call('GET', `/v1/assessments/${draft.id}`, { headers: bearer(reader.access_token) })).status).toBe(200);
    expectProblem(
      await api.call('PATCH', `/v1/assessments/${draft.id}/answers`, {
        headers: bearer(reader.access_token),
        body: { revision: 0, answers: completeAnswers(questionnaire, (n) => n - 1) },
      }),
      403,
      'forbidden',
    );
  });

  it('lets an answer-only agent answer but not submit', async () => {
    const { owner, agent, key } = await setUp('Agent Answer Only Ltd', { scopes: ['assessments.read', 'assessments.answer'] });
    const draft = await createDraft(api, owner);
    const { access_token, scope } = await accessToken(agent.id, key, {}, agent.scopes.join(' '));
    expect(scope.split(' ').sort()).toEqual(['assessments.answer', 'assessments.read', 'session.read']);
    const answers = completeAnswers(questionnaire, (n) => n - 1);
    expect((await api.call('PATCH', `/v1/assessments/${draft.id}/answers`, { headers: bearer(access_token), body: { revision: 0, answers } })).status).toBe(
      200,
    );
    expectProblem(await api.call('POST', `/v1/assessments/${draft.id}/submit`, { headers: bearer(access_token) }), 403, 'forbidden');
    expectProblem(
      await api.call('POST', '/v1/assessments', { headers: bearer(access_token), body: { questionnaireId: 'agent-identity', version: '1.0.0' } }),
      403,
      'forbidden',
    );
  });

  it('confines an assessment-bound agent to its assessment: others are not found', async () => {
    const { token: owner } = await registerOrganisation(api, 'Agent Bound Ltd');
    const mine = await createDraft(api, owner.secret);
    const other = await createDraft(api, owner.secret);
    const key = await newKey();
    const agent = (await registerAgent(owner.secret, { label: 'bound bot', role: 'respondent', assessmentId: mine.id, jwk: key.jwk })).body.agent;
    const { access_token } = await accessToken(agent.id, key, {}, agent.scopes.join(' '));
    expect((await api.call('GET', `/v1/assessments/${mine.id}`, { headers: bearer(access_token) })).status).toBe(200);
    expectProblem(await api.call('GET', `/v1/assessments/${other.id}`, { headers: bearer(access_token) }), 404, 'not_found');
    expectProblem(
      await api.call('PATCH', `/v1/assessments/${other.id}/answers`, {
        headers: bearer(access_token),
        body: { revision: 0, answers: Object.fromEntries(Object.entries(completeAnswers(questionnaire, () => 0)).slice(0, 1)) },
      }),
      404,
      'not_found',
    );
    const list = await api.call('GET', '/v1/assessments', { headers: bearer(access_token) });
    expect(list.body.assessments.map((a: { id: string }) => a.id)).toEqual([mine.id]);
  });
});

describe('malformed access tokens', () => {
  it('answers each with a 401 problem, never a 5xx', async () => {
    const { agent, key } = await setUp('Agent Malformed Ltd');
    const { access_token } = await accessToken(agent.id, key);
    const [header, payload] = access_token.split('.');
    const jwks = bodyOf(await api.contract().GET('/.well-known/jwks.json'));
    const publicJwk = jwks.keys[0] as JWK;
    // HS256 "signed" with AIM's public key as the HMAC secret (the classic key-confusion attack).
    const hsKey = new TextEncoder().encode(JSON.stringify(publicJwk));
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: publicJwk.kid as string }).sign(hsKey);
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: publicJwk.kid })).toString('base64url');
    const stranger = await generateKeyPair('ES256');
    const unknownKid = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'not-a-key-of-aim' }).sign(stranger.privateKey);
    const foreignKey = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: publicJwk.kid as string }).sign(stranger.privateKey);
    const cases: [string, string][] = [
      ['alg none', `${noneHeader}.${payload}.`],
      ['HS256 with the public key', hs256],
      ['garbage', 'abc.def.ghi'],
      ['not base64', '!!!.@@@.###'],
      ['unknown kid', unknownKid],
      ['right kid, another key', foreignKey],
      ['12 kB', `${header}.${'A'.repeat(12_000)}.sig`],
      ['truncated', access_token.slice(0, -10)],
    ];
    for (const [name, token] of cases) {
      const res = await api.call('GET', '/v1/session', { headers: bearer(token) });
      expect(res.status, name).toBe(401);
      expectProblem(res, 401, 'unauthenticated');
    }
    // 20 kB: beyond the HTTP server's header limit, refused before AIM sees it, still not a 5xx.
    const huge = await fetch(`${platform.url}/v1/session`, { headers: bearer(`${header}.${'A'.repeat(20_000)}.sig`) });
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
  });
});
