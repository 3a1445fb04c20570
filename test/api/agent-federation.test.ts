/**
 * Agents with a workload identity (docs/security.md, "Workload identity federation"): a
 * registration names a platform's issuer and subject, the agent authenticates at the
 * token endpoint with the platform's short-lived token, and holds no AIM secret. A tiny
 * OpenID issuer runs inside the test (node:http on 127.0.0.1, its keys from jose).
 */
import { randomUUID } from 'node:crypto';
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { registerOrganisation } from '../support/api-steps';
import { startWorkloadIssuer, stopWorkloadIssuer, type WorkloadIssuer } from '../support/workload-issuer';
import { startTestPlatform } from '../support/platform-fixture';
import { storeOwnerKey } from '../support/stored-keys';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;
/** The platform's clock runs this many milliseconds ahead of the real one. */
let clockOffset = 0;
const platformNow = () => new Date(Date.now() + clockOffset);
const nowSeconds = () => Math.floor(platformNow().getTime() / 1000);
const tokenEndpoint = () => tokenEndpointOf(platform.url);

/** A workload identity issuer as GitHub Actions or Kubernetes run one: discovery and a JWK Set. */
/** Closes its keep-alive connections too (AIM's fetches keep them open). */
let github: WorkloadIssuer;
let other: WorkloadIssuer;

beforeAll(async () => {
  // Many refusals from one client on purpose: the brake on failed authentication is raised.
  platform = await startTestPlatform({ withAdminKey: false, clock: { now: platformNow }, env: { AIM_AUTH_FAILURES_PER_MINUTE: '100000' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  github = await startWorkloadIssuer();
  other = await startWorkloadIssuer();
});

afterAll(async () => {
  await platform?.stop();
  for (const issuer of [github, other]) if (issuer) await stopWorkloadIssuer(issuer);
});

/** A token as the platform issues it to a workload: RS256 under the issuer's kid, living 5 minutes. */
function platformToken(
  issuer: WorkloadIssuer,
  subject: string,
  claims: { aud?: string; iss?: string; iat?: number; exp?: number; jti?: string | null; [extra: string]: unknown } = {},
  header: { alg?: string; kid?: string } = {},
  key: CryptoKey | Uint8Array = issuer.privateKey,
) {
  const { aud, iss, iat, exp, jti, ...extra } = claims;
  const now = nowSeconds();
  return new SignJWT({ ...extra, ...(jti === null ? {} : { jti: jti ?? randomUUID() }) })
    .setProtectedHeader({ alg: header.alg ?? 'RS256', kid: header.kid ?? issuer.kid, typ: 'JWT' })
    .setIssuer(iss ?? issuer.url)
    .setSubject(subject)
    .setAudience(aud ?? tokenEndpoint())
    .setIssuedAt(iat ?? now)
    .setExpirationTime(exp ?? now + 300)
    .sign(key);
}

const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) => postTokenForm(platform.url, form, headers);
const grant = clientCredentialsGrant;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An owner and an agent registered with a workload identity of `issuer` (a new subject unless given). */
async function setUp(name: string, agent: Record<string, unknown> = {}, issuer: WorkloadIssuer = github) {
  const { token: owner } = await registerOrganisation(api, name);
  const subject = `repo:aim-tests/${randomUUID()}:environment:prod`;
  const registered = await api.post(
    '/v1/agents',
    { label: 'pipeline bot', role: 'respondent', federation: { issuer: issuer.url, subject }, ...agent },
    owner.secret,
  );
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { owner: owner.secret, subject, agent: registered.body.agent as { id: string; federation: Record<string, string>; jwk?: unknown } };
}

function expectInvalidClient(res: ApiResponse, code = 'invalid_client') {
  expectProblem(res, 401, code);
  expect(res.body.error).toBe('invalid_client');
}

describe('registration', () => {
  it('registers an agent with a workload identity: no key, the token endpoint as default audience', async () => {
    const { owner, agent, subject } = await setUp('Federated Register Ltd');
    expect(agent.federation).toEqual({ issuer: github.url, subject, audience: tokenEndpoint() });
    expect(agent.jwk).toBeUndefined();
    const listed = await api.get('/v1/agents', owner);
    expect(listed.body.agents[0].federation).toEqual(agent.federation);
    const audit = await api.get('/v1/audit', owner);
    expect(audit.body.events.map((e: { operation: string }) => e.operation)).toContain('agent.register');
  });

  it('takes exactly one of jwk and federation, and an issuer that is a URL', async () => {
    const { token: owner } = await registerOrganisation(api, 'Federated Invalid Ltd');
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const federation = { issuer: github.url, subject: randomUUID() };
    const both = await api.post('/v1/agents', { label: 'x', role: 'respondent', jwk, federation }, owner.secret);
    expectProblem(both, 400, 'validation_failed', '/body/jwk');
    expectProblem(both, 400, 'validation_failed', '/body/federation');
    const neither = await api.post('/v1/agents', { label: 'x', role: 'respondent' }, owner.secret);
    expectProblem(neither, 400, 'validation_failed', '/body/federation');
    for (const issuer of ['not a url', 'http://issuer.example', 'ftp://issuer.example', 'https://user:pw@issuer.example'])
      expectProblem(
        await api.post('/v1/agents', { label: 'x', role: 'respondent', federation: { issuer, subject: 's' } }, owner.secret),
        400,
        'validation_failed',
        '/body/federation/issuer',
      );
    const extra = await api.post('/v1/agents', { label: 'x', role: 'respondent', federation: { ...federation, tenant: 'x' } }, owner.secret);
    expectProblem(extra, 400, 'validation_failed');
  });

  it('gives one workload identity to one live agent: 409 while it lives, free again once revoked', async () => {
    const first = await setUp('Federated First Ltd');
    const { token: second } = await registerOrganisation(api, 'Federated Second Ltd');
    const again = { label: 'copy', role: 'respondent', federation: { issuer: github.url, subject: first.subject } };
    // Anywhere in the deployment: another organisation cannot take it either.
    const taken = await api.post('/v1/agents', again, second.secret);
    expectProblem(taken, 409, 'identity_in_use', '/body/federation/subject');
    expectProblem(await api.post('/v1/agents', again, first.owner), 409, 'identity_in_use');
    // The same subject at another issuer is another identity.
    expect((await api.post('/v1/agents', { ...again, federation: { issuer: other.url, subject: first.subject } }, second.secret)).status).toBe(201);

    expect((await api.del(`/v1/agents/${first.agent.id}`, first.owner)).status).toBe(204);
    const taken2 = await api.post('/v1/agents', again, second.secret);
    expect(taken2.status).toBe(201);
    // Its tokens now name the new agent; the revoked one gets none (client_id) and the new one does.
    expectInvalidClient(await tokenRequest(grant(await platformToken(github, first.subject), { client_id: first.agent.id })));
    const issued = await tokenRequest(grant(await platformToken(github, first.subject)));
    expect(issued.status).toBe(200);
    const claims = JSON.parse(Buffer.from((issued.body.access_token as string).split('.')[1]!, 'base64url').toString());
    expect(claims.sub).toBe(taken2.body.agent.id);
  });

  it('frees the identity of an erased organisation’s agent (its claim is taken over)', async () => {
    const name = 'Federated Erased Ltd';
    const first = await setUp(name);
    expect((await api.call('DELETE', '/v1/organisation', { token: first.owner, body: { confirm: name } })).status).toBe(204);
    const { token: second } = await registerOrganisation(api, 'Federated Heir Ltd');
    const again = { label: 'heir', role: 'respondent', federation: { issuer: github.url, subject: first.subject } };
    const taken = await api.post('/v1/agents', again, second.secret);
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    const issued = await tokenRequest(grant(await platformToken(github, first.subject)));
    expect(issued.status).toBe(200);
  });

  it('frees the identity of an expired registration', async () => {
    const first = await setUp('Federated Expiring Ltd', { expiresInDays: 1 });
    const { organisation: successor } = await registerOrganisation(api, 'Federated Successor Ltd');
    // The first owner key lives an hour and the clock moves two days: an owner key stored for 30 days acts after.
    const second = {
      secret: await storeOwnerKey(platform, {
        organisationId: successor.id,
        label: 'successor owner (stored)',
        createdAt: platformNow().toISOString(),
        expiresAt: new Date(platformNow().getTime() + 30 * 86_400_000).toISOString(),
      }),
    };
    const again = { label: 'successor', role: 'respondent', federation: { issuer: github.url, subject: first.subject } };
    expectProblem(await api.post('/v1/agents', again, second.secret), 409, 'identity_in_use');
    clockOffset = 2 * 86_400_000;
    try {
      expectInvalidClient(await tokenRequest(grant(await platformToken(github, first.subject))));
      expect((await api.post('/v1/agents', again, second.secret)).status).toBe(201);
      expect((await tokenRequest(grant(await platformToken(github, first.subject)))).status).toBe(200);
    } finally {
      clockOffset = 0;
    }
  });
});

describe('the token endpoint', () => {
  it('gives a federated agent an access token for the API, with which it answers', async () => {
    const { agent, subject } = await setUp('Federated Answers Ltd');
    const issued = await tokenRequest(grant(await platformToken(github, subject)));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const token = issued.body.access_token as string;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    // Every access token is for the API, whatever authenticated the agent.
    expect(claims).toMatchObject({ iss: platform.url, aud: `${platform.url}/v1`, sub: agent.id, role: 'respondent' });

    const session = await api.call('GET', '/v1/session', { headers: bearer(token) });
    expect(session.body).toMatchObject({ tokenId: agent.id, actorType: 'agent', role: 'respondent' });
    const draft = await api.call('POST', '/v1/assessments', { headers: bearer(token), body: { questionnaireId: 'agent-identity', version: '1.0.0' } });
    expect(draft.status).toBe(201);
    const answers = completeAnswers(questionnaire, (n) => n - 1);
    const saved = await api.call('PATCH', `/v1/assessments/${draft.body.id}/answers`, { headers: bearer(token), body: { revision: 0, answers } });
    expect(saved.status).toBe(200);

    // With its client_id and the RFC 8707 resource (the API) too.
    const named = await tokenRequest(grant(await platformToken(github, subject), { client_id: agent.id, resource: `${platform.url}/v1` }));
    expect(named.status).toBe(200);
  });

  it('accepts the registered audience, and platform tokens without a jti', async () => {
    const { token: owner } = await registerOrganisation(api, 'Federated Audience Ltd');
    const subject = `system:serviceaccount:aim:${randomUUID()}`;
    const audience = 'sts.amazonaws.com';
    const registered = await api.post('/v1/agents', { label: 'k8s', role: 'respondent', federation: { issuer: github.url, subject, audience } }, owner.secret);
    expect(registered.body.agent.federation.audience).toBe(audience);
    expectInvalidClient(await tokenRequest(grant(await platformToken(github, subject))));
    const token = await platformToken(github, subject, { aud: audience, jti: null });
    expect((await tokenRequest(grant(token))).status).toBe(200);
  });

  it('refuses platform tokens with the wrong claims, algorithm or key with 401 invalid_client', async () => {
    const { agent, subject } = await setUp('Federated Refusals Ltd');
    const now = nowSeconds();
    const named = { client_id: agent.id };
    // Wrong subject: no agent has it; named by client_id, its sub does not match.
    expectInvalidClient(await tokenRequest(grant(await platformToken(github, `${subject}-other`))));
    const wrongSub = await tokenRequest(grant(await platformToken(github, `${subject}-other`), named));
    expectInvalidClient(wrongSub);
    expect(wrongSub.body.detail).toContain('sub');
    // Wrong issuer: another issuer's token, or one claiming this issuer but signed by another's key.
    expectInvalidClient(await tokenRequest(grant(await platformToken(other, subject))));
    const otherIss = await tokenRequest(grant(await platformToken(other, subject), named));
    expectInvalidClient(otherIss);
    expect(otherIss.body.detail).toContain('iss');
    expectInvalidClient(await tokenRequest(grant(await platformToken(github, subject, {}, {}, other.privateKey))));
    // Wrong audience.
    const wrongAud = await tokenRequest(grant(await platformToken(github, subject, { aud: 'https://elsewhere.example' })));
    expectInvalidClient(wrongAud);
    expect(wrongAud.body.detail).toContain('aud');
    // Expired.
    expectInvalidClient(await tokenRequest(grant(await platformToken(github, subject, { iat: now - 600, exp: now - 120 }))), 'assertion_expired');
    // Not short-lived: more than an hour from iat to exp.
    const long = await tokenRequest(grant(await platformToken(github, subject, { exp: now + 3600 * 2 })));
    expectInvalidClient(long);
    expect(long.body.detail).toContain('3600');
    // Issued in the future.
    expectInvalidClient(await tokenRequest(grant(await platformToken(github, subject, { iat: now + 600, exp: now + 900 }))));
    // No signature (alg none).
    const payload = { iss: github.url, sub: subject, aud: tokenEndpoint(), iat: now, exp: now + 300, jti: randomUUID() };
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(payload))}.`;
    expectInvalidClient(await tokenRequest(grant(unsigned)));
    // HMAC, with the issuer's public key as the secret (the classic confusion).
    const publicJwk = (await (await fetch(`${github.url}/jwks`)).json()).keys[0] as JWK;
    const hs = await platformToken(github, subject, {}, { alg: 'HS256' }, new TextEncoder().encode(JSON.stringify(publicJwk)));
    expectInvalidClient(await tokenRequest(grant(hs)));
    // An unknown kid, signed by some other key.
    const stranger = await generateKeyPair('RS256');
    const unknownKid = await tokenRequest(grant(await platformToken(github, subject, {}, { kid: 'not-a-known-kid' }, stranger.privateKey)));
    expectInvalidClient(unknownKid);
    expect(unknownKid.body.detail).toContain('kid');
    // Oversized: refused before it is parsed.
    const big = await platformToken(github, subject, { padding: 'x'.repeat(9000) });
    const oversized = await tokenRequest(grant(big));
    expectInvalidClient(oversized);
    expect(oversized.body.detail).toContain('8192');
    // None of these spent anything: a good token still works.
    expect((await tokenRequest(grant(await platformToken(github, subject)))).status).toBe(200);
  });

  it('refuses a platform token used twice (its jti)', async () => {
    const { subject } = await setUp('Federated Replay Ltd');
    const token = await platformToken(github, subject);
    expect((await tokenRequest(grant(token))).status).toBe(200);
    const replayed = await tokenRequest(grant(token));
    expectInvalidClient(replayed, 'assertion_replayed');
  });

  it('refuses private_key_jwt-style assertions for a federated agent', async () => {
    const { agent } = await setUp('Federated No Key Ltd');
    const { privateKey } = await generateKeyPair('ES256');
    const now = nowSeconds();
    const own = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(agent.id)
      .setSubject(agent.id)
      .setAudience(tokenEndpoint())
      .setIssuedAt(now)
      .setExpirationTime(now + 120)
      .sign(privateKey);
    expectInvalidClient(await tokenRequest(grant(own)));
  });

  it('answers 401 when the issuer cannot be read, never 5xx', async () => {
    // An issuer that is gone: a port nothing listens on.
    const gone = await startWorkloadIssuer();
    await stopWorkloadIssuer(gone);
    const { subject: goneSubject } = await setUp('Federated Gone Issuer Ltd', {}, gone);
    const unreachable = await tokenRequest(grant(await platformToken(gone, goneSubject)));
    expectInvalidClient(unreachable);
    expect(unreachable.body.detail).toContain('could not be read');
    // An issuer whose discovery document names another issuer.
    const confused = await startWorkloadIssuer({ claimedIssuer: 'https://someone-else.example' });
    try {
      const { subject } = await setUp('Federated Confused Issuer Ltd', {}, confused);
      const refused = await tokenRequest(grant(await platformToken(confused, subject)));
      expectInvalidClient(refused);
      expect(refused.body.detail).toContain('could not be read');
    } finally {
      await stopWorkloadIssuer(confused);
    }
  });

  it('refuses a resource other than the API (RFC 8707) with invalid_target', async () => {
    const { subject } = await setUp('Federated Resource Ltd');
    const res = await tokenRequest(grant(await platformToken(github, subject), { resource: 'https://other-api.example' }));
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.error).toBe('invalid_target');
  });

  it('honours dpopRequired: sender-constrained tokens, no stored secret', async () => {
    const { agent, subject } = await setUp('Federated DPoP Ltd', { dpopRequired: true });
    const without = await tokenRequest(grant(await platformToken(github, subject)));
    expectProblem(without, 400, 'validation_failed');
    expect(without.body.error).toBe('invalid_dpop_proof');

    const dpop = await generateKeyPair('ES256', { extractable: true });
    const dpopJwk = await exportJWK(dpop.publicKey);
    const proof = async (method: string, url: string, accessToken?: string) => {
      const ath = accessToken ? base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)))) : undefined;
      return new SignJWT({ htm: method, htu: url, jti: randomUUID(), ...(ath ? { ath } : {}) })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: dpopJwk })
        .setIssuedAt(nowSeconds())
        .sign(dpop.privateKey);
    };
    const issued = await tokenRequest(grant(await platformToken(github, subject)), { dpop: await proof('POST', tokenEndpoint()) });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.token_type).toBe('DPoP');
    const token = issued.body.access_token as string;
    expectProblem(await api.call('GET', '/v1/session', { headers: bearer(token) }), 401, 'invalid_dpop_proof');
    const ok = await api.call('GET', '/v1/session', {
      headers: { authorization: `DPoP ${token}`, dpop: await proof('GET', `${platform.url}/v1/session`, token) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ tokenId: agent.id, actorType: 'agent' });
  });
});
