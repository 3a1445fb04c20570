/** The agent service over in-memory stores: the parts the API tests cannot reach (no signing key) and the claim checks in isolation. */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { memorySigner } from '../adapters/signing/local-signer';
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';
import { ManualClock, sequentialIds } from '../../test/support/memory-stores';
import { AgentService } from './agents';
import type { AgentRecord } from './entities';
import type { AccessTokenSigner, AgentStore, ReplayStore } from './ports';

class MemoryAgents implements AgentStore {
  readonly agents = new Map<string, AgentRecord>();
  async create(agent: AgentRecord) {
    this.agents.set(agent.id, structuredClone(agent));
    return 'written' as const;
  }
  async get(id: string) {
    return structuredClone(this.agents.get(id));
  }
  async findByIdentity(issuer: string, subject: string) {
    return structuredClone([...this.agents.values()].find((a) => a.federation?.issuer === issuer && a.federation.subject === subject));
  }
  async list(organisationId: string) {
    return [...this.agents.values()].filter((a) => a.organisationId === organisationId);
  }
  async revoke(organisationId: string, id: string, at: string) {
    const agent = this.agents.get(id);
    if (!agent || agent.organisationId !== organisationId) return false;
    agent.revokedAt ??= at;
    return true;
  }
  // Only the agent here: keys and delegations are other stores' (the DynamoDB adapter revokes all together).
  async revokeHoldings(holdings: { agentId?: string }, at: string, reason: string | null) {
    const agent = holdings.agentId ? this.agents.get(holdings.agentId) : undefined;
    if (agent?.revokedAt) return 'conflict' as const;
    if (agent) Object.assign(agent, { revokedAt: at, revokedReason: reason });
    return 'written' as const;
  }
}

class MemoryReplays implements ReplayStore {
  readonly seen = new Set<string>();
  async claimOnce(key: string) {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

const ISSUER = 'https://aim.example';
const owner: Principal = { tokenId: 'owner-1', label: 'owner', role: 'owner', actorType: 'human', organisationId: 'org-1' };

/** `null`: no signing key (as the AWS stack today). */
function service(signer: AccessTokenSigner | null = memorySigner()) {
  const clock = new ManualClock(new Date());
  const agents = new AgentService({
    agents: new MemoryAgents(),
    replays: new MemoryReplays(),
    signer: signer ?? undefined,
    issuer: () => ISSUER,
    tokenMinutes: 10,
    clock,
    ids: sequentialIds('agent'),
  });
  return { agents, clock };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, error: error.extra.error };
    throw error;
  }
  return undefined;
}

async function registered(agents: AgentService, extra: Partial<Parameters<AgentService['register']>[1]> = {}) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const agent = await agents.register(owner, { label: 'bot', role: 'respondent', jwk: (await exportJWK(publicKey)) as Record<string, unknown>, ...extra });
  const assertion = (claims: { aud?: string; exp?: number } = {}) =>
    new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(agent.id)
      .setSubject(agent.id)
      .setAudience(claims.aud ?? `${ISSUER}/v1/oauth/token`)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '2m')
      .sign(privateKey);
  return { agent, assertion };
}

/** A grant for the task `scope` (every grant names one). */
const grant = (client_assertion: string, scope = 'session.read assessments.read assessments.answer') => ({
  grant_type: 'client_credentials',
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion,
  scope,
});

describe('AgentService', () => {
  it('issues nothing without a signing key, and says so (501, not 500)', async () => {
    const { agents } = service(null);
    expect(await codeOf(agents.issueToken(grant('a.b.c'), { method: 'POST' }))).toEqual({ code: 'agent_tokens_unavailable', error: 'temporarily_unavailable' });
    expect(await codeOf(agents.jwks())).toMatchObject({ code: 'agent_tokens_unavailable' });
    expect(await codeOf(agents.authenticate({ token: 'a.b.c', scheme: 'Bearer', method: 'GET', path: '/v1/session' }))).toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('issues a token the API accepts as the agent, with its scopes', async () => {
    const { agents } = service();
    const { agent, assertion } = await registered(agents, { scopes: ['assessments.read', 'assessments.answer'] });
    const issued = await agents.issueToken(grant(await assertion()), { method: 'POST' });
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const principal = await agents.authenticate({ token: issued.access_token, scheme: 'Bearer', method: 'GET', path: '/v1/session' });
    expect(principal).toMatchObject({ tokenId: agent.id, actorType: 'agent', role: 'respondent', organisationId: 'org-1' });
    expect([...principal.scopes!].sort()).toEqual(['assessments.answer', 'assessments.read', 'session.read']);
  });

  it('refuses a token after its lifetime, and a revoked agent at once', async () => {
    const { agents, clock } = service();
    const { assertion } = await registered(agents);
    const { access_token } = await agents.issueToken(grant(await assertion()), { method: 'POST' });
    const credential = { token: access_token, scheme: 'Bearer' as const, method: 'GET', path: '/v1/session' };
    clock.advance(11 * 60_000);
    expect(await codeOf(agents.authenticate(credential))).toMatchObject({ code: 'token_expired' });
    const fresh = service();
    const second = await registered(fresh.agents);
    const token = (await fresh.agents.issueToken(grant(await second.assertion()), { method: 'POST' })).access_token;
    await fresh.agents.revoke(owner, second.agent.id);
    expect(await codeOf(fresh.agents.authenticate({ ...credential, token }))).toMatchObject({ code: 'token_revoked' });
    expect(await codeOf(fresh.agents.issueToken(grant(await second.assertion()), { method: 'POST' }))).toMatchObject({ code: 'invalid_client' });
  });

  it('checks the clock again on a token it has verified before (issue 21: verified tokens are remembered)', async () => {
    const { agents, clock } = service();
    const { assertion } = await registered(agents);
    const { access_token } = await agents.issueToken(grant(await assertion()), { method: 'POST' });
    const credential = { token: access_token, scheme: 'Bearer' as const, method: 'GET', path: '/v1/session' };
    await agents.authenticate(credential);
    expect(await agents.authenticate(credential)).toMatchObject({ actorType: 'agent' });
    clock.advance(10 * 60_000 + 31_000);
    expect(await codeOf(agents.authenticate(credential))).toMatchObject({ code: 'token_expired' });
  });

  it('forgets the tokens it verified when the signing keys change: a token of a key no longer published is refused', async () => {
    const first = memorySigner();
    const second = memorySigner();
    let current = first;
    const { agents } = service({ sign: (claims) => current.sign(claims), jwks: () => current.jwks() });
    const { assertion } = await registered(agents);
    const { access_token } = await agents.issueToken(grant(await assertion()), { method: 'POST' });
    const credential = { token: access_token, scheme: 'Bearer' as const, method: 'GET', path: '/v1/session' };
    expect(await agents.authenticate(credential)).toMatchObject({ actorType: 'agent' });
    current = second;
    expect(await codeOf(agents.authenticate(credential))).toMatchObject({ code: 'unauthenticated' });
  });

  it('refuses keys with private material, naming the member', async () => {
    const { agents } = service();
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const error = await agents
      .register(owner, { label: 'bot', role: 'respondent', jwk: (await exportJWK(privateKey)) as Record<string, unknown> })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.errors.map((e: { field: string[] }) => e.field.join('/'))).toEqual(['jwk/d']);
  });
});
