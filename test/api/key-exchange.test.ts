/**
 * Issue 16, access scoping: a static `aim_…` key exchanged at the token endpoint (RFC 8693)
 * for a short-lived access token bound to the API or one assessment, narrowed to the
 * scopes the task names (`scope` is required), re-checking its key on every request;
 * `AIM_STATIC_KEYS_ON_API=exchange-only`, the default, refusing keys on the API (after
 * containing one a browser presents); and the token endpoint's grants counted as sightings for
 * shared-use detection (docs/security.md, "Static keys: exchange for a token"). Through real
 * servers on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, decodeJwt, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { createDraft, registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';

const ORIGIN_SECRET = 'key-exchange-test-origin-secret-0123456789';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const API_KEY_TYPE = 'urn:aim:params:oauth:token-type:api-key';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
/** The platform's clock runs this many milliseconds ahead of the real one. */
let clockOffset = 0;
const platformNow = () => new Date(Date.now() + clockOffset);

beforeAll(async () => {
  platform = await startTestPlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'aim-key-exchange-')),
    clock: { now: platformNow },
    // Behind CloudFront: the client address is the viewer address of requests carrying the origin secret.
    env: { AIM_ORIGIN_VERIFY_SECRET: ORIGIN_SECRET, AIM_AUTH_FAILURES_PER_MINUTE: '100000' },
  });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

/** Headers of a request that came through CloudFront from `address`. */
const from = (address: string) => ({ 'x-aim-origin-verify': ORIGIN_SECRET, 'cloudfront-viewer-address': `${address}:443` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A key exchange; the task reads its session unless `extra` names another scope. */
const exchange = (baseUrl: string, key: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  postTokenForm(baseUrl, { grant_type: TOKEN_EXCHANGE, subject_token: key, subject_token_type: API_KEY_TYPE, scope: 'session.read', ...extra }, headers);

async function exchanged(baseUrl: string, key: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const res = await exchange(baseUrl, key, extra, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { access_token: string; token_type: string; expires_in: number; scope: string; issued_token_type: string };
}

/** An organisation, its owner key and a respondent key minted by it. */
async function organisationWithKey(name: string, role = 'respondent') {
  const { token: owner, organisation } = await registerOrganisation(api, name);
  const minted = await api.post('/v1/tokens', { role, label: `${role} script` }, owner.secret);
  expect(minted.status).toBe(201);
  return { owner: owner.secret, ownerId: owner.id, organisationId: organisation.id, key: minted.body.token as { id: string; secret: string } };
}

/** The OAuth error of a token endpoint refusal: a problem document with the RFC 6749 `error` beside its code. */
function expectOAuthError(res: { status: number; body: unknown; headers: Headers }, status: number, error: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ error });
}

async function newKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

async function dpopProof(key: Awaited<ReturnType<typeof newKey>>, method: string, url: string, accessToken?: string) {
  const ath = accessToken ? base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)))) : undefined;
  return new SignJWT({ htm: method, htu: url, jti: randomUUID(), ...(ath ? { ath } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk as JWK })
    .setIssuedAt(Math.floor(platformNow().getTime() / 1000))
    .sign(key.privateKey);
}

describe('exchanging a key', () => {
  it('gives a short-lived token for the API that acts with the key’s role, audited as the key', async () => {
    const { owner, key } = await organisationWithKey('Exchange Ltd');
    const issued = await exchanged(platform.url, key.secret, { scope: 'assessments.create assessments.answer' });
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 600, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
    expect(issued.scope).toBe('session.read assessments.create assessments.answer');
    const claims = decodeJwt(issued.access_token);
    expect(claims).toMatchObject({ sub: key.id, aim_api_key: true, aud: `${platform.url}/v1`, iss: platform.url, role: 'respondent' });
    expect(claims.exp! - claims.iat!).toBe(600);

    const session = await api.call('GET', '/v1/session', { headers: bearer(issued.access_token) });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ tokenId: key.id, role: 'respondent', actorType: 'agent', label: 'respondent script' });
    const created = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, issued.access_token);
    expect(created.status).toBe(201);
    // The key's role, no more: a respondent mints no keys.
    expectProblem(await api.post('/v1/tokens', { role: 'respondent', label: 'more' }, issued.access_token), 403, 'forbidden');

    const events = (await api.get('/v1/audit?kind=changes&limit=200', owner)).body.events as {
      operation: string;
      actor: { tokenId: string; actorType: string };
    }[];
    expect(events.find((e) => e.operation === 'assessment.create')?.actor).toMatchObject({ tokenId: key.id, actorType: 'agent' });
  });

  it('narrows the key’s role to the scopes asked, and refuses scopes outside it', async () => {
    const { key } = await organisationWithKey('Narrow Scope Ltd');
    const issued = await exchanged(platform.url, key.secret, { scope: 'session.read assessments.list' });
    expect(issued.scope).toBe('session.read assessments.list');
    expect((await api.get('/v1/assessments', issued.access_token)).status).toBe(200);
    expectProblem(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, issued.access_token), 403, 'forbidden');

    const outside = await exchange(platform.url, key.secret, { scope: 'session.read tokens.mint' });
    expectOAuthError(outside, 400, 'invalid_scope');
    expect(JSON.stringify(outside.body)).toContain('tokens.mint');
  });

  it('refuses an exchange that names no task: scope is required, so no token carries the key’s whole role unasked', async () => {
    const { key } = await organisationWithKey('No Scope Ltd');
    for (const scope of [undefined, '', '  ']) {
      const form: Record<string, string> = { grant_type: TOKEN_EXCHANGE, subject_token: key.secret, subject_token_type: API_KEY_TYPE };
      if (scope !== undefined) form.scope = scope;
      const refused = await postTokenForm(platform.url, form);
      expectOAuthError(refused, 400, 'invalid_scope');
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ pointer: '/body/scope' }],
        error_description: expect.stringContaining('scope is required'),
      });
    }
  });

  it('a read-only task’s token reads but cannot write', async () => {
    const { owner, key } = await organisationWithKey('Read Only Task Ltd');
    const draft = await createDraft(api, owner);
    const reader = (await exchanged(platform.url, key.secret, { scope: 'assessments.read assessments.list' })).access_token;
    expect((await api.get(`/v1/assessments/${draft.id}`, reader)).status).toBe(200);
    expectProblem(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, reader), 403, 'forbidden');
    expectProblem(await api.post(`/v1/assessments/${draft.id}/submit`, {}, reader), 403, 'forbidden');
  });

  it('binds the token to one assessment of the key’s organisation: others are 404, another organisation’s is invalid_target', async () => {
    const { owner, key } = await organisationWithKey('Bound Ltd');
    const mine = await createDraft(api, owner);
    const other = await createDraft(api, owner);
    const issued = await exchanged(platform.url, key.secret, {
      resource: `${platform.url}/v1/assessments/${mine.id}`,
      scope: 'assessments.read assessments.create assessments.submit',
    });
    expect(decodeJwt(issued.access_token).assessment_id).toBe(mine.id);
    expect(issued.scope.split(' ')).not.toContain('assessments.create');
    expect((await api.get(`/v1/assessments/${mine.id}`, issued.access_token)).status).toBe(200);
    expectProblem(await api.get(`/v1/assessments/${other.id}`, issued.access_token), 404, 'not_found');
    // Nor does it act on another assessment, or organisation-wide.
    expectProblem(await api.post(`/v1/assessments/${other.id}/submit`, {}, issued.access_token), 404, 'not_found');
    expectProblem(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, issued.access_token), 403, 'forbidden');
    expectProblem(await api.get('/v1/audit?kind=changes', issued.access_token), 403, 'forbidden');

    const { owner: otherOwner } = await organisationWithKey('Elsewhere Ltd');
    const theirs = await createDraft(api, otherOwner);
    expectOAuthError(await exchange(platform.url, key.secret, { resource: `${platform.url}/v1/assessments/${theirs.id}` }), 400, 'invalid_target');
    expectOAuthError(await exchange(platform.url, key.secret, { resource: 'https://api.elsewhere.example/v1' }), 400, 'invalid_target');
    // The API itself is a resource as before.
    await exchanged(platform.url, key.secret, { resource: `${platform.url}/v1` });
  });

  it('refuses revoked and unknown keys, and a revoked key’s token stops on its next request', async () => {
    const { owner, key } = await organisationWithKey('Revoked Key Ltd');
    const issued = await exchanged(platform.url, key.secret);
    expect((await api.get('/v1/session', issued.access_token)).status).toBe(200);
    expect((await api.del(`/v1/tokens/${key.id}`, owner)).status).toBe(204);

    const refused = await api.get('/v1/session', issued.access_token);
    expectProblem(refused, 401, 'token_revoked');
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expectOAuthError(await exchange(platform.url, key.secret), 400, 'invalid_grant');
    expectOAuthError(await exchange(platform.url, `aim_${'x'.repeat(43)}`), 400, 'invalid_grant');
    expectOAuthError(await exchange(platform.url, key.secret, { subject_token_type: 'urn:aim:params:oauth:token-type:unknown' }), 400, 'invalid_request');
  });

  it('exchanges a privileged key too, for no longer than the key lives', async () => {
    const { owner, ownerId } = await organisationWithKey('Privileged Ltd');
    try {
      // The owner key lives an hour: five minutes before its end, the token gets those five minutes.
      clockOffset = 55 * 60_000;
      const issued = await exchanged(platform.url, owner);
      expect(issued.expires_in).toBeLessThanOrEqual(300);
      expect(issued.expires_in).toBeGreaterThan(240);
      expect((await api.get('/v1/session', issued.access_token)).body).toMatchObject({ tokenId: ownerId, role: 'owner' });
      clockOffset = 61 * 60_000;
      expectOAuthError(await exchange(platform.url, owner), 400, 'invalid_grant');
    } finally {
      clockOffset = 0;
    }
  });

  it('binds the token to a DPoP key when the exchange carries a proof, and refuses it without one', async () => {
    const { key } = await organisationWithKey('Bound To A Key Ltd');
    const holder = await newKey();
    const issued = await exchanged(platform.url, key.secret, {}, { dpop: await dpopProof(holder, 'POST', tokenEndpointOf(platform.url)) });
    expect(issued.token_type).toBe('DPoP');
    expect(decodeJwt(issued.access_token).cnf).toEqual({ jkt: expect.any(String) });

    expectProblem(await api.get('/v1/session', issued.access_token), 401, 'invalid_dpop_proof');
    expectProblem(await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${issued.access_token}` } }), 401, 'invalid_dpop_proof');
    const proof = await dpopProof(holder, 'GET', `${platform.url}/v1/session`, issued.access_token);
    const proved = await api.call('GET', '/v1/session', { headers: { authorization: `DPoP ${issued.access_token}`, dpop: proof } });
    expect(proved.status).toBe(200);
    expect(proved.body).toMatchObject({ tokenId: key.id });
    expectOAuthError(await exchange(platform.url, key.secret, {}, { dpop: 'not-a-proof' }), 400, 'invalid_dpop_proof');
  });
});

describe('the token endpoint as a sighting', () => {
  it('a key exchanged from three networks is suspected of shared use', async () => {
    const { owner, key } = await organisationWithKey('Shared Exchange Ltd');
    const sharedUseOf = async () =>
      ((await api.get('/v1/tokens', owner)).body.tokens as { id: string; sharedUse: unknown }[]).find((t) => t.id === key.id)?.sharedUse;
    await exchanged(platform.url, key.secret, {}, from('203.0.113.5'));
    await exchanged(platform.url, key.secret, {}, from('198.51.100.7'));
    expect(await sharedUseOf()).toBeNull();
    await exchanged(platform.url, key.secret, {}, from('192.0.2.9'));
    expect(await sharedUseOf()).toEqual({ suspectedAt: expect.any(String), sources: 3 });
  });

  it('an exchanged token used on the API is a sighting of its key', async () => {
    const { owner, key } = await organisationWithKey('Shared Token Ltd');
    const issued = await exchanged(platform.url, key.secret, {}, from('203.0.113.50'));
    for (const address of ['198.51.100.70', '192.0.2.90'])
      expect((await api.call('GET', '/v1/session', { headers: { ...bearer(issued.access_token), ...from(address) } })).status).toBe(200);
    const tokens = (await api.get('/v1/tokens', owner)).body.tokens as { id: string; sharedUse: unknown }[];
    expect(tokens.find((t) => t.id === key.id)?.sharedUse).toEqual({ suspectedAt: expect.any(String), sources: 3 });
  });

  it('an agent’s client-credentials grant from three networks is suspected of shared use', async () => {
    const { owner } = await organisationWithKey('Shared Agent Ltd');
    const agentKey = await newKey();
    const registered = await api.post('/v1/agents', { label: 'copied agent', role: 'respondent', jwk: agentKey.jwk }, owner);
    expect(registered.status).toBe(201);
    const agentId = registered.body.agent.id as string;
    const assertion = () =>
      new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(agentId)
        .setSubject(agentId)
        .setAudience(tokenEndpointOf(platform.url))
        .setIssuedAt(Math.floor(platformNow().getTime() / 1000))
        .setExpirationTime(Math.floor(platformNow().getTime() / 1000) + 120)
        .sign(agentKey.privateKey);
    for (const address of ['203.0.113.15', '198.51.100.17', '192.0.2.19']) {
      const res = await postTokenForm(platform.url, clientCredentialsGrant(await assertion()), from(address));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const agents = (await api.get('/v1/agents', owner)).body.agents as { id: string; sharedUse: unknown }[];
    expect(agents.find((a) => a.id === agentId)?.sharedUse).toEqual({ suspectedAt: expect.any(String), sources: 3 });
  });
});

describe('AIM_STATIC_KEYS_ON_API=exchange-only, the default', () => {
  /** A request with the key itself, not the token the test client would exchange it for. */
  const withKey = (client: ApiClient, method: string, path: string, key: string, headers: Record<string, string> = {}) =>
    client.call(method, path, {
      token: key,
      raw: true,
      headers,
      ...(method === 'POST' ? { body: { questionnaireId: 'agent-identity', version: '1.0.0' } } : {}),
    });

  it('is the default: a key on the API is 401 key_exchange_required, with a challenge saying to exchange it', async () => {
    const { key } = await organisationWithKey('Default Mode Ltd');
    const refused = await withKey(api, 'GET', '/v1/assessments', key.secret);
    expectProblem(refused, 401, 'key_exchange_required');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token".*error_description="[^"]*exchange the key at the token endpoint/);
    expectProblem(await withKey(api, 'POST', '/v1/assessments', key.secret), 401, 'key_exchange_required');
  });

  it('contains a key a browser presents before asking for an exchange: the key and its tokens stop', async () => {
    const { key } = await organisationWithKey('Browser Key Ltd');
    const issued = await exchanged(platform.url, key.secret);
    const browser = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };
    expectProblem(await withKey(api, 'GET', '/v1/session', key.secret, browser), 403, 'interactive_agent_use');
    expectOAuthError(await exchange(platform.url, key.secret), 400, 'invalid_grant');
    expectProblem(await api.get('/v1/session', issued.access_token), 401, 'token_revoked');
  });

  let strict: Awaited<ReturnType<typeof startTestPlatform>>;
  let strictApi: ApiClient;

  beforeAll(async () => {
    // Its start grants the platform admin with the bootstrap credential: that still takes a key.
    strict = await startTestPlatform({
      dataDir: mkdtempSync(join(tmpdir(), 'aim-exchange-only-')),
      env: { AIM_AUTH_FAILURES_PER_MINUTE: '3' },
    });
    strictApi = apiClient(strict.url);
  });

  afterAll(async () => {
    await strict?.stop();
  });

  it('refuses a key on the API with a challenge saying to exchange it, and takes the exchanged token', async () => {
    const { token: owner } = await registerOrganisation(strictApi, 'Strict Ltd');
    for (const refused of [await withKey(strictApi, 'GET', '/v1/session', owner.secret), await withKey(strictApi, 'POST', '/v1/assessments', owner.secret)]) {
      expectProblem(refused, 401, 'key_exchange_required');
      const challenge = refused.headers.get('www-authenticate') ?? '';
      expect(challenge).toContain('Bearer realm="aim"');
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toMatch(/error_description="[^"]*exchange the key at the token endpoint/);
    }
    const issued = await exchanged(strict.url, owner.secret, { scope: 'assessments.create' });
    expect((await strictApi.get('/v1/session', issued.access_token)).body).toMatchObject({ tokenId: owner.id, role: 'owner' });
    expect((await strictApi.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, issued.access_token)).status).toBe(201);
    // A platform admin's key, minted after the bootstrap grant, is exchanged like any other.
    expectProblem(await withKey(strictApi, 'GET', '/v1/tokens', strict.adminKey), 401, 'key_exchange_required');
    expect((await strictApi.get('/v1/tokens', (await exchanged(strict.url, strict.adminKey, { scope: 'tokens.list' })).access_token)).status).toBe(200);
  });

  it('still takes a leaked key’s report, which ends the key and its tokens', async () => {
    const { token: owner } = await registerOrganisation(strictApi, 'Strict Leak Ltd');
    const issued = await exchanged(strict.url, owner.secret);
    expect((await strictApi.post('/v1/credentials/leaked', { secrets: [owner.secret] })).status).toBe(202);
    expectProblem(await strictApi.get('/v1/session', issued.access_token), 401, 'token_revoked');
    expectOAuthError(await exchange(strict.url, owner.secret), 400, 'invalid_grant');
  });

  it('slows down a client guessing keys at the token endpoint, not a key that works', async () => {
    const { token: owner } = await registerOrganisation(strictApi, 'Strict Guess Ltd');
    await exchanged(strict.url, owner.secret);
    const answers: number[] = [];
    for (let i = 0; i < 6 && !answers.includes(429); i++) {
      const res = await exchange(strict.url, `aim_${randomUUID().replaceAll('-', '')}${'x'.repeat(11)}`);
      answers.push(res.status);
      if (res.status === 429) {
        expectProblem(res, 429, 'too_many_requests');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      } else expectOAuthError(res, 400, 'invalid_grant');
    }
    expect(answers).toContain(429);
    await exchanged(strict.url, owner.secret);
  });
});
