/**
 * The organisation's classification rules for evidence imports (issue 20, docs/evidence.md,
 * "Classification"), on DynamoDB Local: the defaults before any are set, a change at a
 * revision (a stale one refused, nothing changed), the limits named by field, who may read
 * and change them, an import classified with them (counts and the rules' revision on the
 * record), the audit event, the export, and their erasure with the organisation.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createDraft } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let draftId: string;
let client: DynamoDBClient;
let stores: ReturnType<typeof createDynamoDbStores>;

const RULES = '/v1/evidence/classification-rules';
const report = readFileSync('test/fixtures/evidence/credential-report.csv', 'utf8');
/** The fixture's agent-like users (svc-agent-…), which no default classifies. */
const svcAgents = report.split('\n').filter((line) => line.startsWith('svc-agent-')).length;
const CORRECTED = 'arn:aws:iam::210987654321:user/dns-sync-4';

const putRules = (body: unknown, token = world.tokens.owner) => api.call('PUT', RULES, { token, body });
const importReport = async () => {
  const res = await api.call('POST', `/v1/assessments/${draftId}/evidence?format=aws-credential-report&fileName=credential-report.csv`, {
    token: world.tokens.owner,
    rawBody: report,
    headers: { 'content-type': 'text/csv' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { identities: Record<'agent' | 'human' | 'workload' | 'unknown', number>; rulesRevision: number };
};
const ruleEvents = async () => {
  const trail = await api.get('/v1/audit?kind=changes&limit=200', world.tokens.owner);
  expect(trail.status).toBe(200);
  return (trail.body.events as { operation: string; afterHash: unknown; beforeHash: unknown }[]).filter(
    (e) => e.operation === 'evidence.classification-rules.update',
  );
};

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Classification Ltd');
  draftId = (await createDraft(api, world.tokens.owner!, '1.2.0')).id;
  client = createDynamoDbClient({
    tableName: platform.config.AIM_TABLE_NAME,
    endpoint: platform.config.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    requestTimeoutMs: 5000,
    maxAttempts: 3,
  });
  stores = createDynamoDbStores(client, platform.config.AIM_TABLE_NAME);
});

afterAll(async () => {
  client?.destroy();
  await platform?.stop();
});

describe('classification rules', () => {
  let before: Awaited<ReturnType<typeof importReport>>;

  it('answer revision 0, the default tag and no rules when none were set; every member reads them', async () => {
    for (const role of ['owner', 'leader', 'respondent'] as const) {
      const res = await api.get(RULES, world.tokens[role]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ revision: 0, tagKey: 'aim:kind', namingRules: [], corrections: [] });
    }
  });

  it('an import before any rules records revision 0', async () => {
    before = await importReport();
    expect(before.rulesRevision).toBe(0);
    expect(svcAgents).toBeGreaterThan(0);
  });

  it('set the rules at revision 0, then read them back at revision 1, audited with before and after', async () => {
    const res = await putRules({
      revision: 0,
      namingRules: [{ pattern: 'svc-agent-*', kind: 'agent' }],
      corrections: [{ identity: CORRECTED, kind: 'workload' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ revision: 1, tagKey: 'aim:kind', namingRules: [{ pattern: 'svc-agent-*', kind: 'agent' }] });
    expect(res.body.updatedAt).toEqual(expect.any(String));
    expect(res.body.updatedBy).toMatchObject({ role: 'owner' });
    const read = await api.get(RULES, world.tokens.leader);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    const events = await ruleEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ target: { type: 'classification-rules' } });
    expect(events[0]!.afterHash).toEqual(expect.any(String));
  });

  it('an import after the rules classifies with them: the naming rule and the correction change the counts', async () => {
    const after = await importReport();
    expect(after.rulesRevision).toBe(1);
    // dns-sync-4 has no console password: unknown by default, a workload by correction.
    expect(after.identities.agent).toBe(before.identities.agent + svcAgents);
    expect(after.identities.workload).toBe(before.identities.workload + 1);
    expect(after.identities.unknown).toBe(before.identities.unknown - svcAgents - 1);
    expect(after.identities.human).toBe(before.identities.human);
    const listed = await api.get(`/v1/assessments/${draftId}/evidence`, world.tokens.owner);
    expect((listed.body.imports as { rulesRevision: number }[]).map((i) => i.rulesRevision)).toEqual([1, 0]);
  });

  it('refuse a stale revision with 409 revision_conflict and change nothing', async () => {
    const stale = await putRules({ revision: 0, tagKey: 'team:kind', namingRules: [], corrections: [] });
    expectProblem(stale, 409, 'revision_conflict');
    expect(stale.body).toMatchObject({ currentRevision: 1, current: { revision: 1 } });
    const read = await api.get(RULES, world.tokens.owner);
    expect(read.body).toMatchObject({ revision: 1, tagKey: 'aim:kind', namingRules: [{ pattern: 'svc-agent-*', kind: 'agent' }] });
    expect(await ruleEvents()).toHaveLength(1);
  });

  it('name the field of a bad pattern, too many rules, too many corrections and a duplicate correction (400)', async () => {
    const base = { revision: 1, namingRules: [], corrections: [] };
    expectProblem(
      await putRules({
        ...base,
        namingRules: [
          { pattern: 'ok-*', kind: 'agent' },
          { pattern: 'x'.repeat(201), kind: 'agent' },
        ],
      }),
      400,
      'validation_failed',
      '/body/namingRules/1/pattern',
    );
    expectProblem(await putRules({ ...base, namingRules: [{ pattern: '  ', kind: 'human' }] }), 400, 'validation_failed', '/body/namingRules/0/pattern');
    expectProblem(
      await putRules({ ...base, namingRules: Array.from({ length: 101 }, (_, i) => ({ pattern: `p${i}-*`, kind: 'agent' })) }),
      400,
      'validation_failed',
      '/body/namingRules',
    );
    expectProblem(await putRules({ ...base, namingRules: [{ pattern: 'a*', kind: 'robot' }] }), 400, 'validation_failed', '/body/namingRules/0/kind');
    expectProblem(
      await putRules({
        ...base,
        corrections: [
          { identity: CORRECTED, kind: 'agent' },
          { identity: 'arn:aws:iam::210987654321:user/other', kind: 'human' },
          { identity: CORRECTED, kind: 'workload' },
        ],
      }),
      400,
      'validation_failed',
      '/body/corrections/2/identity',
    );
    expectProblem(
      await putRules({ ...base, corrections: Array.from({ length: 1001 }, (_, i) => ({ identity: `id-${i}`, kind: 'agent' })) }),
      400,
      'validation_failed',
      '/body/corrections',
    );
    expectProblem(await putRules({ ...base, corrections: [{ identity: '', kind: 'agent' }] }), 400, 'validation_failed', '/body/corrections/0/identity');
    expectProblem(
      await putRules({ ...base, corrections: [{ identity: 'x'.repeat(513), kind: 'agent' }] }),
      400,
      'validation_failed',
      '/body/corrections/0/identity',
    );
    expect((await api.get(RULES, world.tokens.owner)).body.revision).toBe(1);
    expect(await ruleEvents()).toHaveLength(1);
  });

  it('a respondent sets them; leaders are refused (403); analysts neither read nor set them (403)', async () => {
    const res = await putRules({ revision: 1, tagKey: 'Team:Kind', namingRules: [], corrections: [] }, world.tokens.respondent);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ revision: 2, tagKey: 'Team:Kind', namingRules: [], corrections: [] });
    expectProblem(await putRules({ revision: 2, namingRules: [], corrections: [] }, world.tokens.leader), 403, 'forbidden');
    expectProblem(await api.get(RULES, world.tokens.analyst), 403, 'forbidden');
    expectProblem(await putRules({ revision: 2, namingRules: [], corrections: [] }, world.tokens.analyst), 403, 'forbidden');
    expectProblem(await api.get(RULES, world.tokens.none), 401, 'unauthenticated');
    expect((await api.get(RULES, world.tokens.otherOrg)).body).toMatchObject({ revision: 0 });
    expect((await importReport()).rulesRevision).toBe(2);
  });

  it('a respondent restricted to one scope reads them but may not change the whole organisation’s rules (403)', async () => {
    const scope = await api.post('/v1/scopes', { name: 'Payments', kind: 'platform' }, world.tokens.owner);
    expect(scope.status, JSON.stringify(scope.body)).toBe(201);
    const members = await api.get('/v1/members', world.tokens.owner);
    const respondentId = members.body.members.find((m: { person: { subject: string } }) => m.person.subject === world.people.respondent.subject).person.id;
    expect((await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId: scope.body.id } })).status).toBe(204);
    const headers = world.people.respondent.headers;
    expect((await api.call('GET', RULES, { headers })).body).toMatchObject({ revision: 2 });
    expectProblem(await api.call('PUT', RULES, { headers, body: { revision: 2, namingRules: [], corrections: [] } }), 403, 'forbidden');
    expect((await api.get(RULES, world.tokens.owner)).body.revision).toBe(2);
  });

  it('are exported with the organisation and erased with it', async () => {
    const exported = await api.get('/v1/organisation/export', world.tokens.owner);
    expect(exported.status).toBe(200);
    expect(exported.body.classificationRules).toMatchObject({ revision: 2, tagKey: 'Team:Kind' });
    expect(await stores.classificationRules.get(world.organisationId)).toMatchObject({ revision: 2 });
    const deleted = await api.call('DELETE', '/v1/organisation', { token: world.tokens.owner, body: { confirm: world.organisationName } });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect(await stores.classificationRules.get(world.organisationId)).toBeUndefined();
  });
});
