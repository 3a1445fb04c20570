/**
 * Agents acting for a person (issue 16): a signed-in person approves an agent for one
 * assessment; the agent exchanges the approval (RFC 8693) for a token whose `sub` is the
 * person and `act.sub` the agent; what it does is audited as "agent X on behalf of
 * person Y"; it reaches nothing beyond the assessment and the person's and agent's common
 * operations; revocation and expiry end it at once. Through a real server on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personIdOf } from '../../functions/services/people';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { grantMembership, signedInPerson, type SignedInPerson } from '../support/people';
import { startTestPlatform } from '../support/platform-fixture';
import { CLIENT_ASSERTION_TYPE, postTokenForm } from '../support/token-endpoint';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const DELEGATION_TYPE = 'urn:aim:params:oauth:token-type:delegation';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** The platform's clock, stepped by the expiry test. */
let offsetMs = 0;
const platformNow = () => new Date(Date.now() + offsetMs);

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  platform = await startTestPlatform({ clock: { now: platformNow }, env: { AIM_AUTH_FAILURES_PER_MINUTE: '100000' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

const as = (person: SignedInPerson, method: string, path: string, body?: unknown) => api.call(method, path, { body, headers: person.headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const withToken = (token: string, method: string, path: string, body?: unknown) => api.call(method, path, { body, headers: bearer(token) });

interface AgentKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

/** A signed-in person who registered an organisation (its owner). */
async function ownerOfNewOrganisation(name: string) {
  const owner = await signedInPerson(platform, name);
  const registered = await as(owner, 'POST', '/v1/organisations', {
    name: `${name}'s organisation ${randomUUID().slice(0, 6)}`,
    industry: 'technology',
    sizeBand: '50-249',
    region: 'europe',
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { owner, organisationId: registered.body.organisation.id as string, personId: personIdOf(owner.issuer, owner.subject) };
}

async function newAssessment(person: SignedInPerson): Promise<string> {
  const created = await as(person, 'POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

async function registerAgent(owner: SignedInPerson, body: Record<string, unknown> = {}) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const key: AgentKey = { privateKey, jwk: await exportJWK(publicKey) };
  const registered = await as(owner, 'POST', '/v1/agents', { label: 'survey bot', role: 'respondent', jwk: key.jwk, ...body });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { key, agent: registered.body.agent as { id: string; label: string } };
}

async function delegate(person: SignedInPerson, agentId: string, assessmentId: string, extra: Record<string, unknown> = {}) {
  return as(person, 'POST', `/v1/agents/${agentId}/delegations`, { assessmentId, ...extra });
}

function assertion(clientId: string, key: AgentKey) {
  const now = Math.floor(platformNow().getTime() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(`${platform.url}/v1/oauth/token`)
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .sign(key.privateKey);
}

const tokenRequest = (form: Record<string, string>) => postTokenForm(platform.url, form);

/** The token exchange of a delegation, the agent authenticated by its signed assertion. */
async function exchange(agentId: string, key: AgentKey, delegationId: string, extra: Record<string, string> = {}) {
  return tokenRequest({
    grant_type: TOKEN_EXCHANGE,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: await assertion(agentId, key),
    subject_token: delegationId,
    subject_token_type: DELEGATION_TYPE,
    requested_token_type: ACCESS_TOKEN_TYPE,
    ...extra,
  });
}

async function exchanged(agentId: string, key: AgentKey, delegationId: string) {
  const res = await exchange(agentId, key, delegationId);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { access_token: string; token_type: string; expires_in: number; scope: string; issued_token_type: string };
}

const firstAnswer = () => {
  const [questionId, answer] = Object.entries(completeAnswers(questionnaire, () => 2))[0]!;
  return { questionId, answer };
};

/** An owner, an agent that may read and answer (not submit), an assessment and the owner's approval. */
async function setUp(name: string) {
  const org = await ownerOfNewOrganisation(name);
  const { key, agent } = await registerAgent(org.owner, { scopes: ['assessments.read', 'assessments.answer'] });
  const assessmentId = await newAssessment(org.owner);
  const created = await delegate(org.owner, agent.id, assessmentId);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { ...org, key, agent, assessmentId, delegation: created.body.delegation as { id: string; expiresAt: string; scopes: string[]; role: string } };
}

describe('an agent acting for a person', () => {
  it('gets a token naming both, answers, and is audited as the agent on behalf of the person', async () => {
    const { owner, personId, agent, key, assessmentId, delegation } = await setUp('Grace Hopper');
    expect(delegation).toMatchObject({ agentId: agent.id, assessmentId, personId, personName: 'Grace Hopper', role: 'respondent', revokedAt: null });
    // The owner's operations narrowed by the agent's scopes (session.read always comes with an agent).
    expect([...delegation.scopes].sort()).toEqual(['assessments.answer', 'assessments.read', 'session.read']);

    const metadata = await api.get('/.well-known/oauth-authorization-server');
    expect(metadata.body.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', TOKEN_EXCHANGE]));

    const token = await exchanged(agent.id, key, delegation.id);
    expect(token).toMatchObject({ token_type: 'Bearer', issued_token_type: ACCESS_TOKEN_TYPE });
    const claims = decodeJwt(token.access_token);
    expect(claims).toMatchObject({
      sub: personId,
      act: { sub: agent.id },
      assessment_id: assessmentId,
      aim_person_name: 'Grace Hopper',
      aim_agent_label: 'survey bot',
    });
    expect(String(claims.scope).split(' ').sort()).toEqual(['assessments.answer', 'assessments.read', 'session.read']);

    const session = await withToken(token.access_token, 'GET', '/v1/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ tokenId: agent.id, actorType: 'agent', role: 'respondent' });

    const { questionId, answer } = firstAnswer();
    const saved = await withToken(token.access_token, 'PATCH', `/v1/assessments/${assessmentId}/answers`, { revision: 0, answers: { [questionId]: answer } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const onBehalf = { tokenId: agent.id, label: 'survey bot', actorType: 'agent', onBehalfOf: { personId, name: 'Grace Hopper' } };
    const stored = await as(owner, 'GET', `/v1/assessments/${assessmentId}`);
    expect(stored.body.answers[questionId].updatedBy).toMatchObject(onBehalf);

    const audit = await as(owner, 'GET', '/v1/audit');
    const answered = audit.body.events.find((e: { operation: string }) => e.operation === 'assessment.answer');
    expect(answered?.actor).toMatchObject(onBehalf);
    // The person's own approval is audited as theirs, with nobody on behalf of anyone.
    const approval = audit.body.events.find((e: { operation: string }) => e.operation === 'delegation.create');
    expect(approval?.actor).toMatchObject({ tokenId: personId, actorType: 'human' });
    expect(approval?.actor.onBehalfOf).toBeUndefined();
  });

  it('reaches no other assessment (404) and nothing outside both the person’s and the agent’s operations (403)', async () => {
    const { owner, agent, key, assessmentId, delegation } = await setUp('Ada Lovelace');
    const token = (await exchanged(agent.id, key, delegation.id)).access_token;
    const other = await newAssessment(owner);
    expect((await withToken(token, 'GET', `/v1/assessments/${other}`)).status).toBe(404);
    expect((await withToken(token, 'GET', `/v1/assessments/${assessmentId}`)).status).toBe(200);
    // The owner may submit, list agents and read the audit trail; the agent may not (and so not for them).
    for (const [method, path] of [
      ['POST', `/v1/assessments/${assessmentId}/submit`],
      ['GET', '/v1/agents'],
      ['GET', '/v1/audit'],
      ['POST', '/v1/assessments'],
    ] as const) {
      const res = await withToken(
        token,
        method,
        path,
        method === 'POST' && path === '/v1/assessments' ? { questionnaireId: 'agent-identity', version: '1.0.0' } : undefined,
      );
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    // A scope beyond the delegation's cannot even be asked for.
    const wider = await exchange(agent.id, key, delegation.id, { scope: 'assessments.submit' });
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');
  });

  it('narrows a leader agent to what a respondent person may do', async () => {
    const { owner, organisationId } = await ownerOfNewOrganisation('Owner of respondents');
    const respondent = await signedInPerson(platform, 'Rosalind Franklin');
    expect((await grantMembership(platform, respondent, organisationId, 'respondent')).status).toBe(201);
    const { key, agent } = await registerAgent(owner, { role: 'leader' });
    const assessmentId = await newAssessment(owner);
    const created = await delegate(respondent, agent.id, assessmentId);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { delegation } = created.body;
    expect(delegation.role).toBe('respondent');
    // A leader agent may read benchmarks, a respondent may not: neither may the agent for them.
    expect(delegation.scopes).not.toContain('assessments.benchmark');
    expect(delegation.scopes).toContain('assessments.read');
    const token = (await exchanged(agent.id, key, delegation.id)).access_token;
    expect((await withToken(token, 'GET', `/v1/assessments/${assessmentId}/benchmark`)).status).toBe(403);
    expect((await withToken(token, 'GET', `/v1/assessments/${assessmentId}`)).status).toBe(200);
    // The respondent lists their own delegation; a leader, who may not answer, cannot approve one.
    const listed = await as(respondent, 'GET', `/v1/agents/${agent.id}/delegations`);
    expect(listed.body.delegations.map((d: { id: string }) => d.id)).toEqual([delegation.id]);
    const leader = await signedInPerson(platform, 'A leader');
    expect((await grantMembership(platform, leader, organisationId, 'leader')).status).toBe(201);
    expect((await delegate(leader, agent.id, assessmentId)).status).toBe(403);
    expect((await as(leader, 'GET', `/v1/agents/${agent.id}/delegations`)).body.delegations).toEqual([]);
    expect((await as(leader, 'DELETE', `/v1/agents/${agent.id}/delegations/${delegation.id}`)).status).toBe(403);
  });
});

describe('the end of a delegation', () => {
  it('revoked: the next request is refused (401) and so is a new exchange (invalid_grant)', async () => {
    const { owner, agent, key, assessmentId, delegation } = await setUp('Revoking person');
    const token = (await exchanged(agent.id, key, delegation.id)).access_token;
    expect((await withToken(token, 'GET', `/v1/assessments/${assessmentId}`)).status).toBe(200);
    expect((await as(owner, 'DELETE', `/v1/agents/${agent.id}/delegations/${delegation.id}`)).status).toBe(204);
    const refused = await withToken(token, 'GET', `/v1/assessments/${assessmentId}`);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('token_revoked');
    const again = await exchange(agent.id, key, delegation.id);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'validation_failed', error: 'invalid_grant' });
    const listed = await as(owner, 'GET', `/v1/agents/${agent.id}/delegations`);
    expect(listed.body.delegations[0].revokedAt).toEqual(expect.any(String));
    const audit = await as(owner, 'GET', '/v1/audit');
    expect(audit.body.events.map((e: { operation: string }) => e.operation)).toContain('delegation.revoke');
  });

  it('the agent revoked: its delegated token stops at once', async () => {
    const { owner, agent, key, assessmentId, delegation } = await setUp('Agent revoker');
    const token = (await exchanged(agent.id, key, delegation.id)).access_token;
    expect((await as(owner, 'DELETE', `/v1/agents/${agent.id}`)).status).toBe(204);
    expect((await withToken(token, 'GET', `/v1/assessments/${assessmentId}`)).status).toBe(401);
  });

  it('expired: the token ends with it, requests are refused (401) and so is a new exchange (invalid_grant)', async () => {
    const { owner, agent, key, assessmentId } = await setUp('Expiring person');
    const created = await delegate(owner, agent.id, assessmentId, { expiresInMinutes: 5 });
    expect(created.status).toBe(201);
    const { delegation } = created.body;
    const token = await exchanged(agent.id, key, delegation.id);
    // Tokens last 10 minutes; this one no longer than the delegation.
    expect(token.expires_in).toBeLessThanOrEqual(300);
    expect(decodeJwt(token.access_token).exp! * 1000).toBeLessThanOrEqual(Date.parse(delegation.expiresAt));
    expect((await withToken(token.access_token, 'GET', `/v1/assessments/${assessmentId}`)).status).toBe(200);
    offsetMs += 6 * 60_000;
    try {
      expect((await withToken(token.access_token, 'GET', `/v1/assessments/${assessmentId}`)).status).toBe(401);
      const again = await exchange(agent.id, key, delegation.id);
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'validation_failed', error: 'invalid_grant' });
      expect(again.body.detail).toMatch(/expired/);
    } finally {
      offsetMs -= 6 * 60_000;
    }
  });

  it('another agent’s or an unknown delegation cannot be exchanged', async () => {
    const { owner, delegation } = await setUp('Two agents');
    const { key: otherKey, agent: other } = await registerAgent(owner);
    for (const subject of [delegation.id, 'no-such-delegation']) {
      const res = await exchange(other.id, otherKey, subject);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    }
  });
});

describe('who may approve', () => {
  it('only a signed-in person: a key holder and an agent get 403', async () => {
    const { owner, agent, key, assessmentId, delegation } = await setUp('Keyed owner');
    const minted = await as(owner, 'POST', '/v1/tokens', {
      role: 'owner',
      label: 'script',
      exception: 'a script that tries to approve delegations',
    });
    expect(minted.status).toBe(201);
    const ownerKey = minted.body.token.secret as string;
    const byKey = await api.post(`/v1/agents/${agent.id}/delegations`, { assessmentId }, ownerKey);
    expect(byKey.status).toBe(403);
    expect(byKey.body.code).toBe('forbidden');
    // An agent acting for the person cannot approve more on their behalf.
    const token = (await exchanged(agent.id, key, delegation.id)).access_token;
    expect((await withToken(token, 'POST', `/v1/agents/${agent.id}/delegations`, { assessmentId })).status).toBe(403);
    // The owner's key may list and revoke (owners manage agents).
    expect((await api.get(`/v1/agents/${agent.id}/delegations`, ownerKey)).status).toBe(200);
  });

  it('an assessment or an agent of another organisation is not found (404)', async () => {
    const mine = await setUp('Mine Ltd owner');
    const theirs = await setUp('Theirs Ltd owner');
    expect((await delegate(mine.owner, mine.agent.id, theirs.assessmentId)).status).toBe(404);
    expect((await delegate(mine.owner, theirs.agent.id, mine.assessmentId)).status).toBe(404);
    expect((await as(mine.owner, 'GET', `/v1/agents/${theirs.agent.id}/delegations`)).status).toBe(404);
    expect((await as(mine.owner, 'DELETE', `/v1/agents/${theirs.agent.id}/delegations/${theirs.delegation.id}`)).status).toBe(404);
  });
});
