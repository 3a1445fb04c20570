/**
 * Thousands of generated malformed requests to every route that takes input: none may
 * get a 5xx, every one gets a problem document, and the stored data is unchanged after.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { keyExchanger } from '../support/key-exchange';
import { startTestPlatform } from '../support/platform-fixture';
import { MAX_EVIDENCE_UPLOAD_BYTES, VerificationQueueQuery } from '../../functions/contract';
import { readFileSync } from 'node:fs';
import { emptyTemplate } from '../../functions/core/evidence/aim-template';

/** The hostile and malformed evidence fixtures (scripts/evidence/generate-fixtures.ts): each is refused. */
const EVIDENCE_FIXTURES = [
  'credential-report-bad-date.csv',
  'credential-report-short-row.csv',
  'credential-report-wrong-columns.csv',
  'template-broken-quote.csv',
  'template-huge-field.csv',
  'template-secret-in-cell.csv',
];

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let owner: string;
let draftId: string;
let submittedId: string;
let questionnaire: ServedQuestionnaire;

const RUNS_PER_ROUTE = 150;

/** Everything in the table by key, minus what authentication legitimately records: last-use times and where a credential was seen from (shared-use detection). */
async function snapshot(): Promise<Map<string, string>> {
  const client = createDynamoDbClient({
    tableName: platform.config.AIM_TABLE_NAME,
    endpoint: platform.config.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    requestTimeoutMs: 5000,
    maxAttempts: 3,
  });
  const doc = createDocumentClient(client);
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: platform.config.AIM_TABLE_NAME, ExclusiveStartKey: cursor, ConsistentRead: true }));
    items.push(...(page.Items ?? []).filter((item) => !String(item.PK).startsWith('SIGHTINGS#')).map(({ lastUsedAt: _ignored, ...rest }) => rest));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  client.destroy();
  return new Map(items.map((item) => [`${item.PK} ${item.SK}`, JSON.stringify(item, Object.keys(item).sort())]));
}

/** The setup's submission travels through the stream into the benchmark: wait until that settles. */
async function settledSnapshot(): Promise<Map<string, string>> {
  let previous = await snapshot();
  for (let i = 0; i < 50; i++) {
    await platform.drainStream();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = await snapshot();
    if (changedKeys(previous, current).length === 0) return current;
    previous = current;
  }
  throw new Error('the table did not settle');
}

function changedKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}

/** A JSON value of another type than `value`, so that the field becomes invalid. */
function otherType(value: unknown): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (typeof value !== 'string') options.push(fc.string({ maxLength: 30 }));
  if (typeof value !== 'number') options.push(fc.double({ noNaN: true }));
  if (typeof value !== 'boolean') options.push(fc.boolean());
  options.push(fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
  if (typeof value !== 'object') options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
  return fc.oneof(...options);
}

/** Bodies derived from a valid one that can never be valid: a required field dropped, an unknown field added, a field of the wrong type, or not a JSON object at all. */
function malformedBody(valid: Record<string, unknown>, required: string[]): fc.Arbitrary<{ raw: string; contentType: string }> {
  const keys = Object.keys(valid);
  const asJson = (body: unknown) => ({ raw: JSON.stringify(body), contentType: 'application/json' });
  return fc.oneof(
    fc.constantFrom(...required).map((k) => asJson(Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k)))),
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !keys.includes(k)),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([k, v]) => asJson({ ...valid, [k]: v })),
    fc.constantFrom(...keys).chain((k) => otherType(valid[k]).map((v) => asJson({ ...valid, [k]: v }))),
    fc.oneof(fc.string({ maxLength: 40 }), fc.constant('{"unterminated": '), fc.constant('')).map((raw) => ({ raw, contentType: 'application/json' })),
    fc
      .jsonValue({ maxDepth: 2 })
      .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
      .map(asJson),
    fc.constant({ raw: JSON.stringify(valid), contentType: 'text/plain' }),
  );
}

/** Path segments that name nothing: random text, traversal attempts, very long ids. */
const junkId = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('..', '%2e%2e', 'null', '0', 'x'.repeat(500), '💥'), fc.uuid());

interface FuzzCase {
  name: string;
  request: fc.Arbitrary<{ method: string; path: string; raw?: string; contentType?: string; headers?: Record<string, string> }>;
}

let cases: FuzzCase[] = [];

beforeAll(async () => {
  platform = await startTestPlatform({ env: { AIM_AUTH_FAILURES_PER_MINUTE: '100000' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  const registered = await api.post('/v1/organisations', { name: 'Fuzz Ltd', industry: 'retail', sizeBand: '50-249', region: 'europe' });
  // The keys exchanged for tokens with their whole role, as the API takes no keys (fuzzing stops at 401 otherwise).
  const exchanger = keyExchanger(platform.url);
  owner = (await exchanger.credentialFor(registered.body.token.secret))!;
  const organisationId = registered.body.organisation.id as string;
  const asAdmin = { authorization: `Bearer ${await exchanger.credentialFor(platform.adminKey)}` };
  expect([owner, asAdmin.authorization]).not.toContainEqual(expect.stringContaining('aim_'));
  draftId = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body.id;
  submittedId = (await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner)).body.id;
  await api.patch(`/v1/assessments/${submittedId}/answers`, { revision: 0, answers: completeAnswers(questionnaire, () => 2) }, owner);
  expect((await api.post(`/v1/assessments/${submittedId}/submit`, undefined, owner)).status).toBe(200);
  const [questionId, answer] = Object.entries(completeAnswers(questionnaire, () => 1))[0]!;

  const withBody = (method: string, path: string, valid: Record<string, unknown>, required: string[]) =>
    malformedBody(valid, required).map(({ raw, contentType }) => ({ method, path, raw, contentType }));
  cases = [
    {
      name: 'POST /v1/organisations',
      request: withBody('POST', '/v1/organisations', { name: 'X', industry: 'retail', sizeBand: '1-49', region: 'europe' }, [
        'name',
        'industry',
        'sizeBand',
        'region',
      ]),
    },
    {
      name: 'POST /v1/tokens',
      request: withBody('POST', '/v1/tokens', { role: 'leader', actorType: 'agent', label: 'x', expiresInDays: 5 }, ['role', 'label']),
    },
    { name: 'DELETE /v1/tokens/{id}', request: junkId.map((id) => ({ method: 'DELETE', path: `/v1/tokens/${encodeURIComponent(id)}` })) },
    {
      name: 'POST /v1/invitations',
      request: withBody('POST', '/v1/invitations', { role: 'respondent', actorType: 'agent', label: 'x', expiresInDays: 3 }, ['role', 'label']),
    },
    {
      name: 'POST /v1/invitations/accept',
      request: fc.oneof(
        withBody('POST', '/v1/invitations/accept', { code: 'inv_abcdefghijklmnop' }, ['code']),
        junkId.map((code) => ({ method: 'POST', path: '/v1/invitations/accept', raw: JSON.stringify({ code }), contentType: 'application/json' })),
      ),
    },
    {
      name: 'POST /v1/invitations/preview',
      request: fc.oneof(
        withBody('POST', '/v1/invitations/preview', { code: 'inv_abcdefghijklmnop' }, ['code']),
        junkId.map((code) => ({ method: 'POST', path: '/v1/invitations/preview', raw: JSON.stringify({ code }), contentType: 'application/json' })),
      ),
    },
    { name: 'DELETE /v1/invitations/{id}', request: junkId.map((id) => ({ method: 'DELETE', path: `/v1/invitations/${encodeURIComponent(id)}` })) },
    {
      name: 'GET /v1/audit',
      request: fc
        .record({ key: fc.constantFrom('actorType', 'outcome', 'kind', 'from', 'to', 'limit', 'cursor', 'unknown'), value: fc.string({ maxLength: 30 }) })
        .filter(
          ({ key, value }) =>
            !(key === 'actorType' && ['human', 'agent'].includes(value)) &&
            !(key === 'outcome' && ['allowed', 'refused'].includes(value)) &&
            !(key === 'kind' && ['changes', 'reads', 'all'].includes(value)) &&
            !(key === 'limit' && /^\s*\d+\s*$/.test(value) && Number(value) >= 1 && Number(value) <= 200),
        )
        .map(({ key, value }) => ({ method: 'GET', path: `/v1/audit?${key}=${encodeURIComponent(value)}&limit=0` })),
    },
    {
      // Well-formed cursors whose time lies outside the query's range (issue 13, finding 4).
      name: 'GET /v1/audit with a cursor from another range',
      request: fc
        .record({
          at: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
          gap: fc.integer({ min: 1, max: 10 * 365 * 86_400_000 }),
          side: fc.constantFrom('to', 'from'),
          id: fc.uuid(),
        })
        .map(({ at, gap, side, id }) => {
          const cursor = Buffer.from(`AUDIT#${new Date(at).toISOString()}#${id}`, 'utf8').toString('base64url');
          const bound = new Date(side === 'to' ? at - gap : at + gap).toISOString();
          return { method: 'GET', path: `/v1/audit?${side}=${encodeURIComponent(bound)}&cursor=${cursor}` };
        }),
    },
    {
      name: 'POST /v1/agents (workload identity federation)',
      request: withBody(
        'POST',
        '/v1/agents',
        { label: 'x', role: 'respondent', federation: { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:fuzz/agent:environment:prod' } },
        ['label', 'role', 'federation'],
      ),
    },
    { name: 'POST /v1/credentials/leaked', request: withBody('POST', '/v1/credentials/leaked', { secrets: ['a string a scanner found'] }, ['secrets']) },
    { name: 'DELETE /v1/organisation', request: withBody('DELETE', '/v1/organisation', { confirm: 'Not the name' }, ['confirm']).map((r) => r) },
    {
      name: 'POST /v1/assessments',
      request: withBody('POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, ['questionnaireId', 'version']),
    },
    {
      name: 'PATCH /v1/assessments/{id}/answers',
      request: fc.oneof(
        withBody('PATCH', `/v1/assessments/${draftId}/answers`, { revision: 0, answers: { [questionId]: answer } }, ['revision', 'answers']),
        fc.record({ value: fc.jsonValue({ maxDepth: 2 }), extra: fc.string({ maxLength: 10 }) }).map(({ value, extra }) => ({
          method: 'PATCH',
          path: `/v1/assessments/${draftId}/answers`,
          // Values that fit no option of the question, or a question that does not exist.
          raw: JSON.stringify({
            revision: 0,
            answers: { [questionId]: { value: ['not', 'an', 'option', extra] }, [`no-such-question-${extra.length}`]: { value } },
          }),
          contentType: 'application/json',
        })),
        junkId.map((id) => ({
          method: 'PATCH',
          path: `/v1/assessments/${encodeURIComponent(id)}/answers`,
          raw: JSON.stringify({ revision: 0, answers: { [questionId]: answer } }),
          contentType: 'application/json',
        })),
      ),
    },
    {
      name: 'POST /v1/assessments/{id}/submit',
      request: fc.oneof(
        junkId.map((id) => ({ method: 'POST', path: `/v1/assessments/${encodeURIComponent(id)}/submit` })),
        fc.string({ maxLength: 300 }).map((key) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/submit`,
          headers: { 'idempotency-key': key.replace(/[^\x20-\x7e]/g, '') || 'k' },
        })),
      ),
    },
    {
      name: 'POST /v1/assessments/{id}/reopen',
      request: fc.oneof(
        junkId.map((id) => ({ method: 'POST', path: `/v1/assessments/${encodeURIComponent(id)}/reopen` })),
        fc.constant({ method: 'POST', path: `/v1/assessments/${draftId}/reopen` }),
      ),
    },
    {
      name: 'GET /v1/assessments/{id}/benchmark',
      request: fc
        .record({ key: fc.constantFrom('industry', 'sizeBand', 'region', 'x'), value: fc.string({ minLength: 1, maxLength: 20 }) })
        .map(({ key, value }) => ({ method: 'GET', path: `/v1/assessments/${submittedId}/benchmark?${key}=${encodeURIComponent(value)}x` })),
    },
    {
      name: 'GET /v1/assessments/{id}/report.pdf',
      request: junkId.map((id) => ({ method: 'GET', path: `/v1/assessments/${encodeURIComponent(id)}/report.pdf` })),
    },
    {
      name: 'POST /v1/assessments/{id}/report/refresh',
      request: fc.oneof(
        junkId.map((id) => ({ method: 'POST', path: `/v1/assessments/${encodeURIComponent(id)}/report/refresh` })),
        fc.constant({ method: 'POST', path: `/v1/assessments/${draftId}/report/refresh` }),
      ),
    },
    {
      // As an admin, so that the inputs reach the service: statuses, limits and cursors that are not valid.
      name: 'GET /v1/admin/organisations',
      request: fc
        .record({ key: fc.constantFrom('status', 'limit', 'cursor', 'unknown'), value: fc.string({ maxLength: 60 }) })
        .filter(({ key, value }) => !VerificationQueueQuery.safeParse({ [key]: value }).success)
        .map(({ key, value }) => ({ method: 'GET', path: `/v1/admin/organisations?${key}=${encodeURIComponent(value)}`, headers: asAdmin })),
    },
    {
      // Malformed decisions, unknown organisations (404), and the state it already has (409): none changes anything.
      name: 'POST /v1/admin/organisations/{id}/verification',
      request: fc.oneof(
        withBody('POST', `/v1/admin/organisations/${organisationId}/verification`, { decision: 'verified' }, ['decision']).map((r) => ({
          ...r,
          headers: asAdmin,
        })),
        fc
          .string({ maxLength: 20 })
          .filter((d) => !['verified', 'rejected', 'unverified'].includes(d))
          .map((decision) => ({
            method: 'POST',
            path: `/v1/admin/organisations/${organisationId}/verification`,
            raw: JSON.stringify({ decision }),
            contentType: 'application/json',
            headers: asAdmin,
          })),
        junkId.map((id) => ({
          method: 'POST',
          path: `/v1/admin/organisations/${encodeURIComponent(id)}/verification`,
          raw: JSON.stringify({ decision: 'verified' }),
          contentType: 'application/json',
          headers: asAdmin,
        })),
        fc.constant({
          method: 'POST',
          path: `/v1/admin/organisations/${organisationId}/verification`,
          raw: JSON.stringify({ decision: 'unverified' }),
          contentType: 'application/json',
          headers: asAdmin,
        }),
      ),
    },
    {
      // As an admin, so that the bodies reach validation and the ids the service.
      name: 'POST /v1/admin/agents',
      request: withBody(
        'POST',
        '/v1/admin/agents',
        { label: 'x', federation: { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:fuzz/platform:environment:prod' } },
        ['label', 'federation'],
      ).map((r) => ({ ...r, headers: asAdmin })),
    },
    {
      name: 'DELETE /v1/admin/agents/{id}',
      request: junkId.map((id) => ({ method: 'DELETE', path: `/v1/admin/agents/${encodeURIComponent(id)}`, headers: asAdmin })),
    },
    {
      // No targets are set in this organisation: a well-formed change with a revision above 0 is stale (409), unknown domains and levels are refused (400).
      name: 'PUT /v1/targets/{questionnaireId}',
      request: fc.oneof(
        withBody('PUT', '/v1/targets/agent-identity', { revision: 0, domains: { auditing: 3 }, targetDate: '2027-06-30' }, [
          'revision',
          'domains',
          'targetDate',
        ]),
        fc.record({ revision: fc.integer({ min: 1, max: 1_000_000 }), level: fc.integer({ min: 1, max: 5 }) }).map(({ revision, level }) => ({
          method: 'PUT',
          path: '/v1/targets/agent-identity',
          raw: JSON.stringify({ revision, domains: { auditing: level }, targetDate: '2027-06-30' }),
          contentType: 'application/json',
        })),
        fc
          .record({ domain: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((d) => !questionnaire.domains.some((q) => q.id === d)), level: fc.integer() })
          .map(({ domain, level }) => ({
            method: 'PUT',
            path: '/v1/targets/agent-identity',
            raw: JSON.stringify({ revision: 0, domains: { [domain]: Math.min(5, Math.max(1, level)) }, targetDate: '2027-06-30' }),
            contentType: 'application/json',
          })),
        fc
          .oneof(
            fc.integer().filter((l) => l < 1 || l > 5),
            fc.double({ min: 1.1, max: 4.9, noNaN: true }),
          )
          .map((level) => ({
            method: 'PUT',
            path: '/v1/targets/agent-identity',
            raw: JSON.stringify({ revision: 0, domains: { auditing: level }, targetDate: '2027-06-30' }),
            contentType: 'application/json',
          })),
        junkId.map((id) => ({
          method: 'PUT',
          path: `/v1/targets/${encodeURIComponent(id)}`,
          raw: JSON.stringify({ revision: 0, domains: { auditing: 3 }, targetDate: '2027-06-30' }),
          contentType: 'application/json',
        })),
      ),
    },
    {
      name: 'GET /v1/targets/{questionnaireId} and its history',
      request: fc.oneof(
        fc.constantFrom({ method: 'GET', path: '/v1/targets/agent-identity' }),
        junkId.chain((id) =>
          fc.constantFrom(
            { method: 'GET', path: `/v1/targets/${encodeURIComponent(id)}` },
            { method: 'GET', path: `/v1/targets/${encodeURIComponent(id)}/history` },
          ),
        ),
      ),
    },
    {
      // This organisation has no plan: reads and item changes are not found, a carry-forward needs a submitted assessment of its own.
      name: 'GET /v1/plans/{questionnaireId} and its assignees',
      request: fc.oneof(
        fc.constantFrom({ method: 'GET', path: '/v1/plans/agent-identity' }, { method: 'GET', path: '/v1/plans/agent-identity?format=csv' }),
        fc.string({ minLength: 1, maxLength: 20 }).map((format) => ({ method: 'GET', path: `/v1/plans/agent-identity?format=${encodeURIComponent(format)}x` })),
        junkId.chain((id) =>
          fc.constantFrom(
            { method: 'GET', path: `/v1/plans/${encodeURIComponent(id)}` },
            { method: 'GET', path: `/v1/plans/${encodeURIComponent(id)}/assignees` },
            // No scope of that id: not found, whatever the id looks like.
            { method: 'GET', path: `/v1/plans/agent-identity?scopeId=${encodeURIComponent(id)}` },
          ),
        ),
      ),
    },
    {
      name: 'POST /v1/plans/{questionnaireId}/carry-forward',
      request: fc.oneof(
        withBody('POST', '/v1/plans/agent-identity/carry-forward', { assessmentId: submittedId }, ['assessmentId']),
        fc.oneof(junkId, fc.constant(draftId)).map((assessmentId) => ({
          method: 'POST',
          path: '/v1/plans/agent-identity/carry-forward',
          raw: JSON.stringify({ assessmentId }),
          contentType: 'application/json',
        })),
        junkId.map((id) => ({
          method: 'POST',
          path: `/v1/plans/${encodeURIComponent(id)}/carry-forward`,
          raw: JSON.stringify({ assessmentId: submittedId }),
          contentType: 'application/json',
        })),
      ),
    },
    {
      name: 'PATCH /v1/plans/{questionnaireId}/items/{controlId}',
      request: fc.oneof(
        withBody('PATCH', '/v1/plans/agent-identity/items/some-control', { revision: 1, notes: 'x' }, ['revision']),
        fc
          .constantFrom({ raw: '{"revision":1}' }, { raw: '{"revision":1,"status":"achieved"}' }, { raw: '{"revision":1,"dueDate":"2027-02-30"}' })
          .map(({ raw }) => ({
            method: 'PATCH',
            path: '/v1/plans/agent-identity/items/some-control',
            raw,
            contentType: 'application/json',
          })),
        fc.tuple(junkId, junkId).map(([questionnaireId, controlId]) => ({
          method: 'PATCH',
          path: `/v1/plans/${encodeURIComponent(questionnaireId)}/items/${encodeURIComponent(controlId)}`,
          raw: JSON.stringify({ revision: 1, status: 'done' }),
          contentType: 'application/json',
        })),
      ),
    },
    {
      // Malformed bodies, assessments not found, and a draft (409): no milestone is saved.
      name: 'POST /v1/milestones',
      request: fc.oneof(
        withBody('POST', '/v1/milestones', { assessmentId: submittedId, name: 'Board review' }, ['assessmentId', 'name']),
        fc.oneof(junkId, fc.constant(draftId)).map((assessmentId) => ({
          method: 'POST',
          path: '/v1/milestones',
          raw: JSON.stringify({ assessmentId, name: 'Board review' }),
          contentType: 'application/json',
        })),
      ),
    },
    {
      // Evidence imports: files that cannot be read, wrong formats, content types and queries, assessments not found or
      // submitted (a readable template into the submission: 409). None stores a record or an audit event.
      name: 'POST /v1/assessments/{id}/evidence',
      request: fc.oneof(
        fc.tuple(fc.constantFrom('aim-template', 'aws-credential-report'), fc.string({ maxLength: 60 })).map(([format, raw]) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence?format=${format}&fileName=f.csv`,
          raw,
          contentType: 'text/csv',
        })),
        // A JSON document starting with "x" is never valid, whatever follows.
        fc.tuple(fc.constantFrom('entra', 'aws-authorization-details'), fc.string({ maxLength: 60 })).map(([format, rest]) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence?format=${format}&fileName=f.json`,
          raw: `x${rest}`,
          contentType: 'application/json',
        })),
        fc.tuple(junkId, junkId).map(([format, fileName]) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence?format=${encodeURIComponent(format)}&fileName=${encodeURIComponent(fileName)}`,
          raw: 'agent\n',
          contentType: 'text/csv',
        })),
        fc.oneof(junkId, fc.constant(submittedId)).map((id) => ({
          method: 'POST',
          path: `/v1/assessments/${encodeURIComponent(id)}/evidence?format=aim-template&fileName=t.csv`,
          raw: emptyTemplate(),
          contentType: 'text/csv',
        })),
        fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', '').map((contentType) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence?format=aim-template&fileName=t.csv`,
          raw: emptyTemplate(),
          contentType,
        })),
        fc.constantFrom(...EVIDENCE_FIXTURES).map((name) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence?format=${name.startsWith('template') ? 'aim-template' : 'aws-credential-report'}&fileName=${name}`,
          raw: readFileSync(`test/fixtures/evidence/${name}`, 'utf8'),
          contentType: 'text/csv',
        })),
        junkId.map((id) => ({ method: 'GET', path: `/v1/assessments/${encodeURIComponent(id)}/evidence` })),
      ),
    },
    {
      // The classification preview reads a file exactly as the import does and stores nothing either way.
      name: 'POST /v1/assessments/{id}/evidence/preview',
      request: fc.oneof(
        fc.tuple(fc.constantFrom('aim-template', 'aws-credential-report'), fc.string({ maxLength: 60 })).map(([format, raw]) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence/preview?format=${format}&fileName=f.csv`,
          raw,
          contentType: 'text/csv',
        })),
        fc.tuple(fc.constantFrom('entra', 'aws-authorization-details'), fc.string({ maxLength: 60 })).map(([format, rest]) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence/preview?format=${format}&fileName=f.json`,
          raw: `x${rest}`,
          contentType: 'application/json',
        })),
        fc.tuple(junkId, junkId).map(([format, fileName]) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence/preview?format=${encodeURIComponent(format)}&fileName=${encodeURIComponent(fileName)}`,
          raw: 'agent\n',
          contentType: 'text/csv',
        })),
        fc.oneof(junkId, fc.constant(submittedId)).map((id) => ({
          method: 'POST',
          path: `/v1/assessments/${encodeURIComponent(id)}/evidence/preview?format=aim-template&fileName=t.csv`,
          raw: emptyTemplate(),
          contentType: 'text/csv',
        })),
        fc.constantFrom('application/json', 'text/plain', '').map((contentType) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence/preview?format=aim-template&fileName=t.csv`,
          raw: emptyTemplate(),
          contentType,
        })),
        fc.constantFrom(...EVIDENCE_FIXTURES).map((name) => ({
          method: 'POST',
          path: `/v1/assessments/${draftId}/evidence/preview?format=${name.startsWith('template') ? 'aim-template' : 'aws-credential-report'}&fileName=${name}`,
          raw: readFileSync(`test/fixtures/evidence/${name}`, 'utf8'),
          contentType: 'text/csv',
        })),
      ),
    },
    {
      // Large files through an upload: malformed preparations, sizes over the maximum, bad names and formats, assessments
      // not found or submitted; imports of uploads that do not exist; the local PUT with made-up keys and signatures.
      // None stores an upload, a record or a file.
      name: 'POST /v1/assessments/{id}/evidence/uploads and its import',
      request: fc.oneof(
        withBody('POST', `/v1/assessments/${draftId}/evidence/uploads`, { format: 'aim-template', fileName: 't.csv', bytes: 10 }, [
          'format',
          'fileName',
          'bytes',
        ]),
        fc
          .tuple(
            fc.constantFrom('aim-template', 'entra', 'csv', ''),
            fc.oneof(fc.constant('t.csv'), fc.constantFrom('', 'a/b.csv', 'a\\b', 'x'.repeat(201), 'tab\t.csv')),
            fc.oneof(fc.constant(MAX_EVIDENCE_UPLOAD_BYTES + 1), fc.integer({ min: -5, max: 0 }), fc.double({ noInteger: true }), fc.constant(1e300)),
          )
          .map(([format, fileName, bytes]) => ({
            method: 'POST',
            path: `/v1/assessments/${draftId}/evidence/uploads`,
            raw: JSON.stringify({ format, fileName, bytes }),
            contentType: 'application/json',
          })),
        fc.oneof(junkId, fc.constant(submittedId)).map((id) => ({
          method: 'POST',
          path: `/v1/assessments/${encodeURIComponent(id)}/evidence/uploads`,
          raw: JSON.stringify({ format: 'aim-template', fileName: 't.csv', bytes: 10 }),
          contentType: 'application/json',
        })),
        fc.tuple(fc.oneof(junkId, fc.constant(draftId), fc.constant(submittedId)), junkId).map(([id, uploadId]) => ({
          method: 'POST',
          path: `/v1/assessments/${encodeURIComponent(id)}/evidence/uploads/${encodeURIComponent(uploadId)}/import`,
        })),
        fc.tuple(junkId, junkId, fc.string({ maxLength: 60 })).map(([token, signature, raw]) => ({
          method: 'PUT',
          path: `/v1/evidence/uploads/${encodeURIComponent(token)}?bytes=10&expires=9999999999&signature=${encodeURIComponent(signature)}`,
          raw,
          contentType: 'text/csv',
        })),
      ),
    },
    { name: 'DELETE /v1/milestones/{id}', request: junkId.map((id) => ({ method: 'DELETE', path: `/v1/milestones/${encodeURIComponent(id)}` })) },
    {
      name: 'GET /v1/comparisons',
      request: fc.oneof(
        fc.tuple(fc.oneof(junkId, fc.constant(submittedId), fc.constant(draftId)), junkId).map(([from, to]) => ({
          method: 'GET',
          path: `/v1/comparisons?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        })),
        fc.constantFrom(
          { method: 'GET', path: '/v1/comparisons' },
          { method: 'GET', path: `/v1/comparisons?from=${submittedId}` },
          { method: 'GET', path: `/v1/comparisons?from=${submittedId}&to=${submittedId}` },
          { method: 'GET', path: `/v1/comparisons?from=${submittedId}&to=${draftId}` },
        ),
      ),
    },
    {
      name: 'GET /v1/progress/{questionnaireId} and the scope roll-up',
      request: junkId.chain((id) =>
        fc.constantFrom(
          { method: 'GET', path: `/v1/progress/${encodeURIComponent(id)}` },
          { method: 'GET', path: `/v1/progress/agent-identity?scopeId=${encodeURIComponent(id)}` },
          { method: 'GET', path: `/v1/milestones?scopeId=${encodeURIComponent(id)}` },
          { method: 'GET', path: `/v1/scopes/roll-up?questionnaireId=${encodeURIComponent(id)}` },
          { method: 'GET', path: '/v1/scopes/roll-up' },
        ),
      ),
    },
    { name: 'POST /v1/scopes', request: withBody('POST', '/v1/scopes', { name: 'Payments platform', kind: 'platform' }, ['name', 'kind']) },
    {
      name: 'PUT /v1/members/{personId}/scope',
      request: fc.oneof(
        withBody('PUT', '/v1/members/someone/scope', { scopeId: null }, ['scopeId']),
        fc.tuple(junkId, fc.oneof(fc.constant(null), junkId)).map(([personId, scopeId]) => ({
          method: 'PUT',
          path: `/v1/members/${encodeURIComponent(personId)}/scope`,
          raw: JSON.stringify({ scopeId }),
          contentType: 'application/json',
        })),
      ),
    },
    {
      name: 'GET /v1/questionnaires/{id}/versions/{version}',
      request: fc
        .tuple(junkId, junkId)
        .map(([id, version]) => ({ method: 'GET', path: `/v1/questionnaires/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}` })),
    },
  ];
});

afterAll(async () => {
  await platform?.stop();
});

describe('fuzzing every route with malformed requests', () => {
  it('never answers 5xx, always with a problem document, and changes nothing', { timeout: 180_000 }, async () => {
    const before = await settledSnapshot();
    let sent = 0;
    for (const fuzz of cases) {
      await fc.assert(
        fc.asyncProperty(fuzz.request, async (req) => {
          const headers: Record<string, string> = { authorization: `Bearer ${owner}`, ...req.headers };
          if (req.contentType) headers['content-type'] = req.contentType;
          const res = await fetch(`${platform.url}${req.path}`, { method: req.method, headers, body: req.raw });
          const type = res.headers.get('content-type') ?? '';
          const text = await res.text();
          sent += 1;
          expect({ route: fuzz.name, request: req, status: res.status }).toEqual({ route: fuzz.name, request: req, status: expect.any(Number) });
          expect(res.status, `${fuzz.name}: ${JSON.stringify(req)} → ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${fuzz.name}: ${JSON.stringify(req)} → ${text.slice(0, 300)}`).toBeLessThan(500);
          expect(type, `${fuzz.name}: ${JSON.stringify(req)}`).toContain('application/problem+json');
          expect(JSON.parse(text)).toMatchObject({ status: res.status, code: expect.any(String) });
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20261128 },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(2000);
    await platform.drainStream();
    expect(changedKeys(before, await snapshot())).toEqual([]);
  });
});
