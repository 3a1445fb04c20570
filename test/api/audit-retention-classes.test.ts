/**
 * Audit records with a retention period and the sensitivity classes of the data each action
 * touched; the classes agents and keys can reach (docs/security.md, "Data classes" and
 * "Retention"). Through a real server on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import type { AuditEvent } from '../../functions/services/entities';
import { apiClient, type ApiClient } from '../support/api-client';
import { createDraft, registerOrganisation } from '../support/api-steps';
import { signedInPerson } from '../support/people';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

const RETENTION_DAYS = 500;

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;

beforeAll(async () => {
  platform = await startTestPlatform({ withAdminKey: false, env: { AIM_AUDIT_RETENTION_DAYS: String(RETENTION_DAYS) } });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});

async function trail(owner: string, query: string): Promise<AuditEvent[]> {
  const res = await api.get(`/v1/audit?limit=200${query}`, owner);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.events;
}

describe('each audit record', () => {
  it('is kept for the configured period from its time (the TTL attribute) and carries the classes it touched', async () => {
    const { token: owner } = await registerOrganisation(api, `Retention ${randomUUID().slice(0, 6)}`);
    const bot = (await api.post('/v1/tokens', { role: 'respondent', label: 'class bot' }, owner.secret)).body.token as { id: string; secret: string };
    const draft = await createDraft(api, bot.secret);
    expect((await api.get(`/v1/assessments/${draft.id}`, bot.secret)).status).toBe(200);

    const events = await trail(owner.secret, '');
    for (const event of events) expect(event.expiresAt).toBe(Math.floor(Date.parse(event.at) / 1000) + RETENTION_DAYS * 86_400);
    expect(events.find((e) => e.operation === 'token.mint')?.dataClasses).toEqual(['restricted']);
    expect(events.find((e) => e.operation === 'assessment.create')?.dataClasses).toEqual(['confidential']);
    expect(events.find((e) => e.operation === 'read' && e.target.id === draft.id)?.dataClasses).toEqual(['confidential']);
  });

  it("answers which data of one class an agent touched over the last 30 days in one query, and refuses a class that doesn't exist", async () => {
    const { token: owner } = await registerOrganisation(api, `Classes ${randomUUID().slice(0, 6)}`);
    const bot = (await api.post('/v1/tokens', { role: 'respondent', label: 'reader' }, owner.secret)).body.token as { id: string; secret: string };
    const draft = await createDraft(api, bot.secret);
    await api.get(`/v1/assessments/${draft.id}`, bot.secret);
    await api.get('/v1/agents', bot.secret);

    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const confidential = await trail(owner.secret, `&actor=${bot.id}&dataClass=confidential&from=${from}`);
    expect(confidential.map((e) => e.operation).sort()).toEqual(['assessment.create', 'read']);
    for (const event of confidential) expect(event.actor.tokenId).toBe(bot.id);
    const restricted = await trail(owner.secret, `&actor=${bot.id}&dataClass=restricted`);
    expect(restricted.map((e) => [e.operation, e.target.id])).toEqual([['read', '/v1/agents']]);
    expect(await trail(owner.secret, `&actor=${bot.id}&dataClass=internal`)).toEqual([]);

    expectProblem(await api.get('/v1/audit?dataClass=secret', owner.secret), 400, 'validation_failed', '/query/dataClass');
  });

  it('stored before records carried classes gets them derived from its action, for display and for the filter', async () => {
    const { token: owner, organisation } = await registerOrganisation(api, `Old Events ${randomUUID().slice(0, 6)}`);
    const at = new Date(Date.now() - 86_400_000).toISOString();
    const id = randomUUID();
    const client = createDynamoDbClient({
      tableName: platform.config.AIM_TABLE_NAME,
      endpoint: platform.config.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      requestTimeoutMs: 5000,
      maxAttempts: 3,
    });
    try {
      // An event as earlier versions wrote it: no dataClasses, no expiresAt.
      await createDocumentClient(client).send(
        new PutCommand({
          TableName: platform.config.AIM_TABLE_NAME,
          Item: {
            PK: `ORG#${organisation.id}`,
            SK: `AUDIT#${at}#${id}`,
            type: 'audit',
            id,
            organisationId: organisation.id,
            at,
            actor: { tokenId: 'old-key', label: 'old script', role: 'respondent', actorType: 'agent' },
            operation: 'assessment.submit',
            target: { type: 'assessment', id: 'a-old' },
            beforeHash: null,
            afterHash: null,
          },
        }),
      );
    } finally {
      client.destroy();
    }
    const confidential = await trail(owner.secret, '&actor=old-key&dataClass=confidential');
    expect(confidential).toHaveLength(1);
    expect(confidential[0]).toMatchObject({ id, dataClasses: ['confidential'] });
    expect(confidential[0]!.expiresAt).toBeUndefined();
    expect(await trail(owner.secret, '&actor=old-key&dataClass=restricted')).toEqual([]);
  });
});

describe('reach by class', () => {
  it('is shown for every agent, key and delegation: the classes its scopes (a key: its role) can reach', async () => {
    const { token: owner } = await registerOrganisation(api, `Reach ${randomUUID().slice(0, 6)}`);
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const registered = await api.post(
      '/v1/agents',
      { label: 'answering bot', role: 'respondent', scopes: ['assessments.read', 'assessments.answer'], jwk: await exportJWK(publicKey) },
      owner.secret,
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    // Its scopes: the two asked for, and session.read (who it is: internal) that every agent holds.
    expect([...registered.body.agent.scopes].sort()).toEqual(['assessments.answer', 'assessments.read', 'session.read']);
    const reach = ['internal', 'confidential'];
    expect(registered.body.agent.reachableDataClasses).toEqual(reach);
    const agents = (await api.get('/v1/agents', owner.secret)).body.agents as { id: string; reachableDataClasses: string[] }[];
    expect(agents.find((a) => a.id === registered.body.agent.id)?.reachableDataClasses).toEqual(reach);

    const minted = await api.post('/v1/tokens', { role: 'leader', label: 'board script' }, owner.secret);
    expect(minted.body.token.reachableDataClasses).toEqual(['internal', 'confidential', 'restricted']);
    const tokens = (await api.get('/v1/tokens', owner.secret)).body.tokens as { id: string; reachableDataClasses: string[] }[];
    expect(tokens.find((t) => t.id === minted.body.token.id)?.reachableDataClasses).toEqual(['internal', 'confidential', 'restricted']);
  });

  it('is shown for a delegation: what the agent may do for the person, by the scopes both allow', async () => {
    const person = await signedInPerson(platform, 'Delegating Owner');
    const as = (method: string, path: string, body?: unknown) => api.call(method, path, { body, headers: person.headers });
    const registered = await as('POST', '/v1/organisations', {
      name: `Delegation Reach ${randomUUID().slice(0, 6)}`,
      industry: 'technology',
      sizeBand: '50-249',
      region: 'europe',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const assessment = await as('POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' });
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const agent = await as('POST', '/v1/agents', { label: 'reader', role: 'respondent', scopes: ['assessments.read'], jwk: await exportJWK(publicKey) });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const created = await as('POST', `/v1/agents/${agent.body.agent.id}/delegations`, { assessmentId: assessment.body.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect([...created.body.delegation.scopes].sort()).toEqual(['assessments.read', 'session.read']);
    expect(created.body.delegation.reachableDataClasses).toEqual(['internal', 'confidential']);
    const listed = await as('GET', `/v1/agents/${agent.body.agent.id}/delegations`);
    expect(listed.body.delegations[0].reachableDataClasses).toEqual(created.body.delegation.reachableDataClasses);
  });
});
