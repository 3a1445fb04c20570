/**
 * Automatic containment (issue 16, docs/security.md "Automatic containment"): keys minted
 * for a registered agent are listed under it and revoked with it, in one transaction; a
 * detection (an agent's credential used from a browser, an agent's key found leaked)
 * revokes everything the agent holds at once, or with AIM_CONTAINMENT=alert only logs and
 * audits it. Through real servers on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTAINMENT_MESSAGE, CONTAINMENT_OPERATION } from '../../functions/services/containment';
import type { AuditEvent } from '../../functions/services/entities';
import { apiClient, type ApiClient } from '../support/api-client';
import { registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';

type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;
let revoking: TestPlatform;
let alerting: TestPlatform;

beforeAll(async () => {
  // Data directories for AIM's signing key file (agents' access tokens).
  const dataDir = (name: string) => mkdtempSync(join(tmpdir(), `aim-containment-${name}-`));
  [revoking, alerting] = await Promise.all([
    startTestPlatform({ withAdminKey: false, dataDir: dataDir('revoke') }),
    startTestPlatform({ withAdminKey: false, dataDir: dataDir('alert'), env: { AIM_CONTAINMENT: 'alert' } }),
  ]);
});

afterAll(async () => {
  await Promise.all([revoking?.stop(), alerting?.stop()]);
});

/** What a browser adds to a fetch() from a page. */
const BROWSER = { 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' };

interface Agent {
  id: string;
  privateKey: CryptoKey;
}

/** An organisation with an agent registered with a key pair, and a static key minted for that agent. */
async function setUp(platform: TestPlatform, name: string) {
  const api = apiClient(platform.url);
  const { token: owner } = await registerOrganisation(api, name);
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const registered = await api.post('/v1/agents', { label: 'survey bot', role: 'respondent', jwk: (await exportJWK(publicKey)) as JWK }, owner.secret);
  expect(registered.status).toBe(201);
  const agent: Agent = { id: registered.body.agent.id, privateKey };
  const minted = await api.post('/v1/tokens', { role: 'respondent', label: 'survey bot key', agentId: agent.id }, owner.secret);
  expect(minted.status, JSON.stringify(minted.body)).toBe(201);
  const key = minted.body.token as { id: string; secret: string; agentId: string };
  return { api, owner: owner.secret, agent, key };
}

async function accessToken(platform: TestPlatform, agent: Agent) {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(agent.id)
    .setSubject(agent.id)
    .setAudience(tokenEndpointOf(platform.url))
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .sign(agent.privateKey);
  return postTokenForm(platform.url, clientCredentialsGrant(assertion));
}

const agentsOf = async (api: ApiClient, owner: string) =>
  (await api.get('/v1/agents', owner)).body.agents as { id: string; revokedAt: string | null; revokedReason?: string | null; keys?: { id: string }[] }[];
const keysOf = async (api: ApiClient, owner: string) =>
  (await api.get('/v1/tokens', owner)).body.tokens as { id: string; revokedAt: string | null; revokedReason?: string | null; agentId?: string | null }[];
const eventsOf = async (api: ApiClient, owner: string, operation: string) =>
  ((await api.get('/v1/audit?kind=changes&limit=200', owner)).body.events as AuditEvent[]).filter((e) => e.operation === operation);
const containmentLogs = (platform: TestPlatform) => platform.logs.filter((line) => line.includes(CONTAINMENT_MESSAGE));

describe('keys that belong to an agent', () => {
  it('are minted for a live agent of the organisation only, with a role the agent has, and listed under it', async () => {
    const { api, owner, agent, key } = await setUp(revoking, 'Agent Keys Ltd');
    expect(key.agentId).toBe(agent.id);
    expect((await agentsOf(api, owner)).find((a) => a.id === agent.id)?.keys?.map((k) => k.id)).toEqual([key.id]);

    const unknown = await api.call('POST', '/v1/tokens', { token: owner, body: { role: 'respondent', label: 'x', agentId: 'no-such-agent' } });
    expectProblem(unknown, 400, 'validation_failed');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/body/agentId' })]);
    const other = await setUp(revoking, 'Other Agent Keys Ltd');
    expectProblem(
      await api.call('POST', '/v1/tokens', { token: owner, body: { role: 'respondent', label: 'x', agentId: other.agent.id } }),
      400,
      'validation_failed',
    );
    const wider = await api.call('POST', '/v1/tokens', { token: owner, body: { role: 'leader', label: 'x', agentId: agent.id } });
    expectProblem(wider, 400, 'validation_failed');
    expect(wider.body.errors).toEqual([expect.objectContaining({ pointer: '/body/role' })]);
  });

  it('are revoked with the agent, in the same write, by one audited revocation', async () => {
    const { api, owner, agent, key } = await setUp(revoking, 'Agent Revocation Ltd');
    expect((await api.get('/v1/session', key.secret)).status).toBe(200);
    expect((await api.del(`/v1/agents/${agent.id}`, owner)).status).toBe(204);

    expectProblem(await api.call('GET', '/v1/session', { token: key.secret }), 401, 'token_revoked');
    const revokedAgent = (await agentsOf(api, owner)).find((a) => a.id === agent.id)!;
    const revokedKey = (await keysOf(api, owner)).find((k) => k.id === key.id)!;
    expect(revokedKey.revokedAt).toEqual(revokedAgent.revokedAt);
    expect(revokedAgent.keys).toEqual([]);
    expect(await eventsOf(api, owner, 'agent.revoke')).toHaveLength(1);
    const refused = await api.call('POST', '/v1/tokens', { token: owner, body: { role: 'respondent', label: 'x', agentId: agent.id } });
    expectProblem(refused, 400, 'validation_failed');
  });
});

describe("an agent's credential used from a browser", () => {
  it('contains the agent: its key, registration and access tokens stop at once, audited, logged and shown with the reason', async () => {
    const { api, owner, agent, key } = await setUp(revoking, 'Contained Ltd');
    const token = await accessToken(revoking, agent);
    expect(token.status).toBe(200);
    const { access_token } = token.body as { access_token: string };
    expect((await api.call('GET', '/v1/session', { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);

    expectProblem(await api.call('GET', '/v1/assessments', { token: key.secret, headers: BROWSER }), 403, 'interactive_agent_use');

    expectProblem(await api.call('GET', '/v1/session', { token: key.secret }), 401, 'token_revoked');
    expectProblem(await api.call('GET', '/v1/session', { headers: { authorization: `Bearer ${access_token}` } }), 401, 'token_revoked');
    expect((await accessToken(revoking, agent)).status).toBe(401);
    const contained = (await agentsOf(api, owner)).find((a) => a.id === agent.id)!;
    expect(contained).toMatchObject({ revokedAt: expect.any(String), revokedReason: 'agent credential used from a browser' });
    expect((await keysOf(api, owner)).find((k) => k.id === key.id)).toMatchObject({ revokedAt: contained.revokedAt, revokedReason: contained.revokedReason });
    const events = await eventsOf(api, owner, CONTAINMENT_OPERATION);
    expect(events).toEqual([
      expect.objectContaining({ target: { type: 'agent', id: agent.id, name: 'survey bot' }, actor: expect.objectContaining({ tokenId: 'aim-containment' }) }),
    ]);
    expect(containmentLogs(revoking).filter((line) => line.includes(agent.id))).toHaveLength(1);

    // A second detection of what is already revoked does nothing.
    expectProblem(await api.call('GET', '/v1/assessments', { token: key.secret, headers: BROWSER }), 401, 'token_revoked');
    expect(await eventsOf(api, owner, CONTAINMENT_OPERATION)).toHaveLength(1);
  });

  it('contains the agent when its own access token comes from a browser, its keys included', async () => {
    const { api, owner, agent, key } = await setUp(revoking, 'Contained Token Ltd');
    const { access_token } = (await accessToken(revoking, agent)).body as { access_token: string };
    const browsed = await api.call('GET', '/v1/assessments', { headers: { authorization: `Bearer ${access_token}`, ...BROWSER } });
    expectProblem(browsed, 403, 'interactive_agent_use');
    expectProblem(await api.call('GET', '/v1/session', { token: key.secret }), 401, 'token_revoked');
    expect((await agentsOf(api, owner)).find((a) => a.id === agent.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('with AIM_CONTAINMENT=alert is refused, logged and audited, but revokes nothing', async () => {
    const { api, owner, agent, key } = await setUp(alerting, 'Alert Only Ltd');
    expectProblem(await api.call('GET', '/v1/assessments', { token: key.secret, headers: BROWSER }), 403, 'interactive_agent_use');
    expect((await api.get('/v1/session', key.secret)).status).toBe(200);
    expect((await accessToken(alerting, agent)).status).toBe(200);
    expect((await agentsOf(api, owner)).find((a) => a.id === agent.id)).toMatchObject({ revokedAt: null });
    expect(containmentLogs(alerting).filter((line) => line.includes(agent.id))).toHaveLength(1);
    expect(await eventsOf(api, owner, CONTAINMENT_OPERATION)).toHaveLength(1);
  });
});

describe("an agent's key found leaked", () => {
  it('reported to the leak endpoint contains the agent and its other keys', async () => {
    const { api, owner, agent, key } = await setUp(revoking, 'Leaked Agent Key Ltd');
    const second = (await api.post('/v1/tokens', { role: 'respondent', label: 'second key', agentId: agent.id }, owner)).body.token as {
      id: string;
      secret: string;
    };
    expect((await api.post('/v1/credentials/leaked', { secrets: [key.secret] })).status).toBe(202);

    expectProblem(await api.call('GET', '/v1/session', { token: second.secret }), 401, 'token_revoked');
    expect((await accessToken(revoking, agent)).status).toBe(401);
    expect((await agentsOf(api, owner)).find((a) => a.id === agent.id)?.revokedReason).toBe(`its key ${key.id} was found leaked`);
    expect(await eventsOf(api, owner, CONTAINMENT_OPERATION)).toHaveLength(1);
  });

  it("pasted into a new key's label contains the agent", async () => {
    const { api, owner, agent, key } = await setUp(revoking, 'Pasted Agent Key Ltd');
    const label = await api.call('POST', '/v1/tokens', { token: owner, body: { role: 'respondent', label: `key ${key.secret}` } });
    expectProblem(label, 400, 'secret_in_text');
    expect((await agentsOf(api, owner)).find((a) => a.id === agent.id)?.revokedAt).toEqual(expect.any(String));
  });
});
