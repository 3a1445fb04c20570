/**
 * What each audit record holds (docs/security.md, "The audit trail: what each record
 * holds"): the correlation id of the request (its X-Request-Id), the policy decision and
 * the request; reads by agents and keys, and refused calls, recorded too; the trail
 * filtered by outcome and kind. Through a real server on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import type { AuditEvent } from '../../functions/services/entities';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { createDraft, registerOrganisation } from '../support/api-steps';
import { signedInPerson, type SignedInPerson } from '../support/people';
import { startTestPlatform } from '../support/platform-fixture';
import { clientCredentialsGrant, postTokenForm, tokenEndpointOf } from '../support/token-endpoint';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  platform = await startTestPlatform({ withAdminKey: false, env: { AIM_AUTH_FAILURES_PER_MINUTE: '100000' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

const requestIdOf = (res: ApiResponse) => {
  const id = res.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id!;
};

/** The organisation's trail through the API, as its owner (these reads of the trail are recorded too, as reads by the owner key). */
async function trail(owner: string, query = ''): Promise<AuditEvent[]> {
  const res = await api.get(`/v1/audit?limit=200${query}`, owner);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.events;
}

const mint = async (owner: string, role: string, actorType: 'agent' = 'agent') =>
  (await api.post('/v1/tokens', { role, actorType, label: `${role} ${actorType}` }, owner)).body.token as { id: string; secret: string };

const firstAnswer = () => Object.fromEntries(Object.entries(completeAnswers(questionnaire, () => 1)).slice(0, 1));

/** An agent registered with its own key, and an access token from the token endpoint (client credentials). */
async function agentToken(register: (body: Record<string, unknown>) => Promise<ApiResponse>, body: Record<string, unknown>) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = await exportJWK(publicKey);
  const registered = await register({ label: 'bound bot', role: 'respondent', jwk, ...body });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const agentId = registered.body.agent.id as string;
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(agentId)
    .setSubject(agentId)
    .setAudience(tokenEndpointOf(platform.url))
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .sign(privateKey);
  // The task: all the agent was registered for.
  const response = await postTokenForm(platform.url, clientCredentialsGrant(assertion, { scope: registered.body.agent.scopes.join(' ') }));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { agentId, accessToken: (response.body as { access_token: string }).access_token };
}

describe('the correlation id', () => {
  it('is answered as X-Request-Id on every response, problem documents included, one per request', async () => {
    const ok = await api.get('/health');
    const problem = await api.get('/v1/assessments');
    expectProblem(problem, 401, 'unauthenticated');
    const unknown = await api.get('/v1/no-such-route');
    expectProblem(unknown, 404, 'not_found');
    const ids = [ok, problem, unknown].map(requestIdOf);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('change events', () => {
  it('carry the correlation id of their request, the operation the policy allowed, and the route and its parameters', async () => {
    const { token: owner } = await registerOrganisation(api, `Audit Content ${randomUUID().slice(0, 6)}`);
    const created = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner.secret);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const saved = await api.patch(`/v1/assessments/${id}/answers`, { revision: 0, answers: firstAnswer() }, owner.secret);
    expect(saved.status).toBe(200);

    const events = await trail(owner.secret, '&kind=changes');
    const answer = events.find((e) => e.operation === 'assessment.answer')!;
    expect(answer).toMatchObject({
      correlationId: requestIdOf(saved),
      decision: { outcome: 'allowed', operation: 'assessments.answer' },
      request: { method: 'PATCH', route: '/v1/assessments/{id}/answers', params: { id }, query: {} },
      target: { type: 'assessment', id },
    });
    expect(answer.decision?.reason).toBeUndefined();
    expect(events.every((e) => e.operation !== 'read' && e.operation !== 'refused')).toBe(true);
    expect(events.find((e) => e.operation === 'assessment.create')).toMatchObject({
      correlationId: requestIdOf(created),
      decision: { outcome: 'allowed', operation: 'assessments.create' },
      request: { method: 'POST', route: '/v1/assessments', params: {} },
    });
  });
});

describe('reads', () => {
  it("are recorded for keys of either actor type, with their target; a person's session reads are not", async () => {
    const person: SignedInPerson = await signedInPerson(platform, 'Reader Owner');
    const as = (method: string, path: string, body?: unknown) => api.call(method, path, { body, headers: person.headers });
    const registered = await as('POST', '/v1/organisations', {
      name: `Reads ${randomUUID().slice(0, 6)}`,
      industry: 'technology',
      sizeBand: '50-249',
      region: 'europe',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const draft = await as('POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' });
    const id = draft.body.id as string;
    // The person reads through their session: not recorded.
    expect((await as('GET', `/v1/assessments/${id}`)).status).toBe(200);
    expect((await as('GET', '/v1/assessments')).status).toBe(200);

    const minted = await as('POST', '/v1/tokens', { role: 'respondent', actorType: 'agent', label: 'reader bot' });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const bot = minted.body.token as { id: string; secret: string };
    // Every key is a script's or an agent's, whether or not the request says so.
    const human = (await as('POST', '/v1/tokens', { role: 'leader', label: 'reader script' })).body.token as { id: string; secret: string };
    const one = await api.get(`/v1/assessments/${id}`, bot.secret);
    expect(one.status).toBe(200);
    const list = await api.get('/v1/assessments', human.secret);
    expect(list.status).toBe(200);

    const reads = (await as('GET', '/v1/audit?kind=reads')).body.events as AuditEvent[];
    expect(reads).toHaveLength(2);
    expect(reads.find((e) => e.actor.tokenId === bot.id)).toMatchObject({
      operation: 'read',
      actor: { actorType: 'agent', label: 'reader bot', role: 'respondent' },
      target: { type: 'assessment', id },
      correlationId: requestIdOf(one),
      decision: { outcome: 'allowed', operation: 'assessments.read' },
      request: { method: 'GET', route: '/v1/assessments/{id}', params: { id } },
      beforeHash: null,
      afterHash: null,
    });
    expect(reads.find((e) => e.actor.tokenId === human.id)).toMatchObject({
      operation: 'read',
      actor: { actorType: 'agent', role: 'leader' },
      target: { type: 'route', id: '/v1/assessments' },
      correlationId: requestIdOf(list),
      decision: { outcome: 'allowed', operation: 'assessments.list' },
    });
    // Nothing the person read is in the trail.
    const all = (await as('GET', '/v1/audit?limit=200')).body.events as AuditEvent[];
    expect(
      all
        .filter((e) => e.operation === 'read')
        .map((e) => e.actor.tokenId)
        .sort(),
    ).toEqual([bot.id, human.id].sort());
  });
});

describe('refused calls', () => {
  it('are recorded with the operation, the reason, the request and the correlation id', async () => {
    const { token: owner } = await registerOrganisation(api, `Refusals ${randomUUID().slice(0, 6)}`);
    const respondent = await mint(owner.secret, 'respondent');
    const refused = await api.get('/v1/tokens', respondent.secret);
    expectProblem(refused, 403, 'forbidden');

    const [event, ...others] = await trail(owner.secret, '&outcome=refused');
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      operation: 'refused',
      actor: { tokenId: respondent.id, role: 'respondent' },
      target: { type: 'route', id: '/v1/tokens' },
      correlationId: requestIdOf(refused),
      decision: { outcome: 'refused', operation: 'tokens.list', reason: 'forbidden' },
      request: { method: 'GET', route: '/v1/tokens', params: {}, query: {} },
    });
  });

  it("records an assessment-bound agent's 404 for another assessment as refused, and its read of its own as a read", async () => {
    const { token: owner } = await registerOrganisation(api, `Bound ${randomUUID().slice(0, 6)}`);
    const mine = await createDraft(api, owner.secret);
    const other = await createDraft(api, owner.secret);
    const { agentId, accessToken } = await agentToken((body) => api.post('/v1/agents', body, owner.secret), { assessmentId: mine.id });
    const bearer = { authorization: `Bearer ${accessToken}` };
    const own = await api.call('GET', `/v1/assessments/${mine.id}`, { headers: bearer });
    expect(own.status).toBe(200);
    const elsewhere = await api.call('GET', `/v1/assessments/${other.id}`, { headers: bearer });
    expectProblem(elsewhere, 404, 'not_found');
    // A 404 for an assessment that does not exist, to a caller the policy allowed, is not a refusal.
    expectProblem(await api.get(`/v1/assessments/${randomUUID()}`, owner.secret), 404, 'not_found');
    expect((await trail(owner.secret, '&outcome=refused')).map((e) => e.actor.tokenId)).toEqual([agentId]);

    const byAgent = await trail(owner.secret, `&actor=${agentId}`);
    expect(byAgent.map((e) => e.operation).sort()).toEqual(['read', 'refused']);
    expect(byAgent.find((e) => e.operation === 'refused')).toMatchObject({
      actor: { tokenId: agentId, actorType: 'agent' },
      target: { type: 'assessment', id: other.id },
      correlationId: requestIdOf(elsewhere),
      decision: { outcome: 'refused', operation: 'assessments.read', reason: 'not_found' },
      request: { method: 'GET', route: '/v1/assessments/{id}', params: { id: other.id } },
    });
    expect(byAgent.find((e) => e.operation === 'read')).toMatchObject({ target: { type: 'assessment', id: mine.id }, correlationId: requestIdOf(own) });
  });
});

describe('the filters', () => {
  it('select by outcome and kind, and list everything one agent accessed over 30 days', async () => {
    const { token: owner } = await registerOrganisation(api, `Filters ${randomUUID().slice(0, 6)}`);
    const bot = await mint(owner.secret, 'respondent', 'agent');
    const leader = await mint(owner.secret, 'leader');
    const draft = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, bot.secret)).body;
    expect((await api.get(`/v1/assessments/${draft.id}`, bot.secret)).status).toBe(200);
    expectProblem(await api.get('/v1/tokens', bot.secret), 403, 'forbidden');
    // A refused change: leaders may not answer.
    expectProblem(await api.patch(`/v1/assessments/${draft.id}/answers`, { revision: 0, answers: firstAnswer() }, leader.secret), 403, 'forbidden');

    // The owner's key reads the trail below, and those reads are recorded too: left out of the shapes, checked at the end.
    const ownReads = (e: AuditEvent) => e.actor.tokenId === owner.id && e.operation === 'read';
    const all = (await trail(owner.secret)).filter((e) => !ownReads(e));
    const shape = (events: AuditEvent[]) =>
      events
        .filter((e) => !ownReads(e))
        .map((e) => `${e.operation} ${e.request?.method ?? '-'}`)
        .sort();
    expect(shape(all)).toEqual(
      ['organisation.register -', 'token.mint POST', 'token.mint POST', 'assessment.create POST', 'read GET', 'refused GET', 'refused PATCH'].sort(),
    );
    expect(shape(await trail(owner.secret, '&kind=all'))).toEqual(shape(all));
    expect(shape(await trail(owner.secret, '&kind=reads'))).toEqual(['read GET', 'refused GET']);
    expect(shape(await trail(owner.secret, '&kind=changes'))).toEqual(
      ['organisation.register -', 'token.mint POST', 'token.mint POST', 'assessment.create POST', 'refused PATCH'].sort(),
    );
    expect(shape(await trail(owner.secret, '&outcome=refused'))).toEqual(['refused GET', 'refused PATCH']);
    expect(shape(await trail(owner.secret, '&outcome=allowed'))).toEqual(shape(all).filter((s) => !s.startsWith('refused')));
    expect(shape(await trail(owner.secret, '&outcome=refused&kind=changes'))).toEqual(['refused PATCH']);

    const from = encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString());
    const accessed = await trail(owner.secret, `&actor=${bot.id}&from=${from}`);
    expect(shape(accessed)).toEqual(['assessment.create POST', 'read GET', 'refused GET']);

    const trailReads = (await trail(owner.secret, `&actor=${owner.id}&kind=reads`)).filter(ownReads);
    expect(trailReads.length).toBeGreaterThanOrEqual(8);
    for (const read of trailReads) expect(read.target).toEqual({ type: 'route', id: '/v1/audit', name: null });

    const bad = await api.get('/v1/audit?kind=everything&outcome=maybe', owner.secret);
    expectProblem(bad, 400, 'validation_failed', '/query/kind');
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/query/outcome');
  });
});

describe('secrets', () => {
  it('never reach a stored event: no key, access token, session cookie or Authorization value', async () => {
    const person = await signedInPerson(platform, 'Secret Keeper');
    const as = (method: string, path: string, body?: unknown) => api.call(method, path, { body, headers: person.headers });
    const registered = await as('POST', '/v1/organisations', {
      name: `Secrets ${randomUUID().slice(0, 6)}`,
      industry: 'technology',
      sizeBand: '50-249',
      region: 'europe',
    });
    const organisationId = registered.body.organisation.id as string;
    const minted = await as('POST', '/v1/tokens', { role: 'respondent', actorType: 'agent', label: 'secret bot' });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const bot = minted.body.token as { id: string; secret: string };
    const draft = await createDraft(api, bot.secret);
    await api.get(`/v1/assessments/${draft.id}`, bot.secret);
    await api.get('/v1/tokens', bot.secret);
    const { accessToken } = await agentToken((body) => as('POST', '/v1/agents', body), { assessmentId: draft.id });
    await api.call('GET', `/v1/assessments/${draft.id}`, { headers: { authorization: `Bearer ${accessToken}` } });
    await api.call('GET', `/v1/assessments/${randomUUID()}`, { headers: { authorization: `Bearer ${accessToken}` } });
    await as('PATCH', `/v1/assessments/${draft.id}/answers`, { revision: 0, answers: firstAnswer() });

    const client = createDynamoDbClient({
      tableName: platform.config.AIM_TABLE_NAME,
      endpoint: platform.config.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      requestTimeoutMs: 5000,
      maxAttempts: 3,
    });
    try {
      const page = await createDocumentClient(client).send(
        new QueryCommand({
          TableName: platform.config.AIM_TABLE_NAME,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': `ORG#${organisationId}`, ':audit': 'AUDIT#' },
          ConsistentRead: true,
        }),
      );
      const items = page.Items ?? [];
      // Reads, a refusal and changes by keys, an agent and a person are all there...
      expect(items.map((i) => i.operation)).toEqual(expect.arrayContaining(['read', 'refused', 'assessment.answer', 'assessment.create']));
      const stored = JSON.stringify(items);
      // ...and none of their credentials.
      for (const secret of [bot.secret, accessToken, person.cookie, person.cookie.split('=')[1]!, person.csrfToken]) expect(stored).not.toContain(secret);
      expect(stored).not.toMatch(/aim_|Bearer|authorization|cookie/i);
    } finally {
      client.destroy();
    }
  });
});
