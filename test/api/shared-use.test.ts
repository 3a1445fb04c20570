/**
 * Issue 16, `identity-reuse` (1.2.0: `identity-shared-across-agents`): one key or one agent used from several sources within the
 * window is suspected of shared use (docs/security.md, "Shared use of one identity"), shown
 * on GET /v1/tokens and GET /v1/agents, audited and logged; one used from one address is
 * not. Through a real server on DynamoDB Local, as behind CloudFront: the client address is
 * the CloudFront-Viewer-Address of requests that carry the origin secret.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_USE_MESSAGE } from '../../functions/services/credential-sightings';
import { apiClient, type ApiClient } from '../support/api-client';
import { registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';

const ORIGIN_SECRET = 'shared-use-test-origin-secret-0123456789';
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

beforeAll(async () => {
  // Keys presented as they are (a migration aid now): their sightings on the API are what is tested here (test/api/key-exchange.test.ts: exchanged ones).
  platform = await startTestPlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'aim-shared-use-')),
    env: { AIM_ORIGIN_VERIFY_SECRET: ORIGIN_SECRET, AIM_STATIC_KEYS_ON_API: 'accepted' },
  });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

/** Headers of a request that came through CloudFront from `address`. */
const from = (address: string) => ({ 'x-aim-origin-verify': ORIGIN_SECRET, 'cloudfront-viewer-address': `${address}:443` });
const withKey = (secret: string, address: string) => api.call('GET', '/v1/session', { headers: { authorization: `Bearer ${secret}`, ...from(address) } });

async function auditOf(owner: string) {
  const events = (await api.get('/v1/audit?kind=changes&limit=200', owner)).body.events as {
    operation: string;
    target: { type: string; id: string };
    afterHash: string | null;
  }[];
  return events.filter((e) => e.operation === 'credential.shared_use_suspected');
}

describe('a static key', () => {
  it('used from three networks within the window is suspected, once; one used from one address is not', async () => {
    const { token: owner } = await registerOrganisation(api, 'Shared Key Ltd');
    const mint = async (label: string) =>
      (await api.post('/v1/tokens', { role: 'respondent', label }, owner.secret)).body.token as { id: string; secret: string };
    const shared = await mint('copied to three hosts');
    const single = await mint('one host');

    for (let i = 0; i < 5; i++) expect((await withKey(single.secret, '198.51.100.20')).status).toBe(200);
    // Three addresses in one /24 are one network (a NAT pool): not yet.
    for (const address of ['203.0.113.5', '203.0.113.6', '198.51.100.7']) expect((await withKey(shared.secret, address)).status).toBe(200);
    let tokens = (await api.get('/v1/tokens', owner.secret)).body.tokens as { id: string; sharedUse: { suspectedAt: string; sources: number } | null }[];
    expect(tokens.find((t) => t.id === shared.id)?.sharedUse).toBeNull();

    expect((await withKey(shared.secret, '192.0.2.9')).status).toBe(200);
    // Used on, from a fourth network: still one suspicion in the window.
    expect((await withKey(shared.secret, '2001:db8:1::1')).status).toBe(200);
    tokens = (await api.get('/v1/tokens', owner.secret)).body.tokens;
    expect(tokens.find((t) => t.id === shared.id)?.sharedUse).toEqual({ suspectedAt: expect.any(String), sources: 3 });
    expect(tokens.find((t) => t.id === single.id)?.sharedUse).toBeNull();
    expect(tokens.find((t) => t.id === owner.id)?.sharedUse).toBeNull();

    const events = await auditOf(owner.secret);
    expect(events.map((e) => e.target)).toEqual([{ type: 'token', id: shared.id, name: 'copied to three hosts' }]);
    const warnings = platform.logs.filter((line) => line.includes(SHARED_USE_MESSAGE));
    expect(warnings.filter((line) => line.includes(shared.id))).toHaveLength(1);
    // Counts, never addresses, in the log line.
    expect(warnings.join('\n')).not.toContain('192.0.2');
  });
});

async function newKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

type Key = Awaited<ReturnType<typeof newKey>>;

const assertion = (agentId: string, key: Key) =>
  new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(agentId)
    .setSubject(agentId)
    .setAudience(tokenEndpointOf(platform.url))
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(key.privateKey);

async function dpopProof(key: Key, method: string, url: string, accessToken?: string) {
  const ath = accessToken ? base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)))) : undefined;
  return new SignJWT({ htm: method, htu: url, jti: randomUUID(), ...(ath ? { ath } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk as JWK })
    .setIssuedAt()
    .sign(key.privateKey);
}

async function agentOf(owner: string, label: string) {
  const key = await newKey();
  const res = await api.post('/v1/agents', { label, role: 'respondent', jwk: key.jwk }, owner);
  expect(res.status).toBe(201);
  return { id: res.body.agent.id as string, key };
}

/** A token request is a sighting too (from `address`, else this machine's own). */
async function accessToken(agent: { id: string; key: Key }, dpopKey?: Key, address?: string) {
  const headers: Record<string, string> = {
    ...(dpopKey ? { dpop: await dpopProof(dpopKey, 'POST', tokenEndpointOf(platform.url)) } : {}),
    ...(address ? from(address) : {}),
  };
  const res = await postTokenForm(platform.url, clientCredentialsGrant(await assertion(agent.id, agent.key)), headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

const agentsOf = async (owner: string) =>
  (await api.get('/v1/agents', owner)).body.agents as { id: string; sharedUse: { suspectedAt: string; sources: number } | null }[];

describe("a registered agent's tokens", () => {
  it('used from three networks are suspected; used from one address are not', async () => {
    const { token: owner } = await registerOrganisation(api, 'Shared Agent Ltd');
    const shared = await agentOf(owner.secret, 'copied agent');
    const single = await agentOf(owner.secret, 'one agent');
    const singleToken = await accessToken(single);
    for (let i = 0; i < 4; i++)
      expect((await api.call('GET', '/v1/session', { headers: { authorization: `Bearer ${singleToken}`, ...from('198.51.100.30') } })).status).toBe(200);
    // Each copy of the private key gets its own access tokens.
    for (const address of ['203.0.113.40', '198.51.100.40', '192.0.2.40']) {
      const token = await accessToken(shared);
      expect((await api.call('GET', '/v1/session', { headers: { authorization: `Bearer ${token}`, ...from(address) } })).status).toBe(200);
    }
    const agents = await agentsOf(owner.secret);
    expect(agents.find((a) => a.id === shared.id)?.sharedUse).toEqual({ suspectedAt: expect.any(String), sources: 3 });
    expect(agents.find((a) => a.id === single.id)?.sharedUse).toBeNull();
    expect((await auditOf(owner.secret)).map((e) => e.target)).toEqual([{ type: 'agent', id: shared.id, name: 'copied agent' }]);
  });

  it('bound to two DPoP keys within the window are suspected, even from one address', async () => {
    const { token: owner } = await registerOrganisation(api, 'Shared DPoP Ltd');
    const agent = await agentOf(owner.secret, 'dpop agent');
    const url = `${platform.url}/v1/session`;
    const call = async (dpopKey: Key) => {
      const token = await accessToken(agent, dpopKey, '198.51.100.50');
      return api.call('GET', '/v1/session', {
        headers: { authorization: `DPoP ${token}`, dpop: await dpopProof(dpopKey, 'GET', url, token), ...from('198.51.100.50') },
      });
    };
    const first = await newKey();
    expect((await call(first)).status).toBe(200);
    expect((await call(first)).status).toBe(200);
    expect((await agentsOf(owner.secret)).find((a) => a.id === agent.id)?.sharedUse).toBeNull();
    expect((await call(await newKey())).status).toBe(200);
    // One network and two keys.
    expect((await agentsOf(owner.secret)).find((a) => a.id === agent.id)?.sharedUse).toEqual({ suspectedAt: expect.any(String), sources: 3 });
  });
});

describe('with AIM_SHARED_USE_RESPONSE=contain', () => {
  it('a key suspected of shared use is revoked by automatic containment, and says why', async () => {
    const contained = await startTestPlatform({
      dataDir: mkdtempSync(join(tmpdir(), 'aim-shared-use-contain-')),
      env: { AIM_ORIGIN_VERIFY_SECRET: ORIGIN_SECRET, AIM_SHARED_USE_RESPONSE: 'contain', AIM_STATIC_KEYS_ON_API: 'accepted' },
    });
    try {
      const client = apiClient(contained.url);
      const { token: owner } = await registerOrganisation(client, 'Contained Shared Key Ltd');
      const key = (await client.post('/v1/tokens', { role: 'respondent', label: 'copied to three hosts' }, owner.secret)).body.token as {
        id: string;
        secret: string;
      };
      const use = (address: string) => client.call('GET', '/v1/session', { headers: { authorization: `Bearer ${key.secret}`, ...from(address) } });
      expect((await use('203.0.113.5')).status).toBe(200);
      expect((await use('198.51.100.7')).status).toBe(200);
      // The third network makes it a suspicion; containment revokes the key in that request's wake.
      expect((await use('192.0.2.9')).status).toBe(200);
      const refused = await use('203.0.113.5');
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('token_revoked');
      const listed = (await client.get('/v1/tokens', owner.secret)).body.tokens as { id: string; revokedAt: string | null; revokedReason?: string | null }[];
      expect(listed.find((t) => t.id === key.id)).toMatchObject({ revokedAt: expect.any(String), revokedReason: expect.stringContaining('shared-use') });
    } finally {
      await contained.stop();
    }
  });
});
