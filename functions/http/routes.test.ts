/**
 * The routes choose the status codes and make the pointers: the services behind them (on
 * in-memory stores) return plain values and name fields in their own terms, and what a
 * client gets is the same as ever (201 with Location on creation and on its replay, 200 on
 * a submit and its replay, pointers into the body, the query, the headers or the resource).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import type { Question } from '../core/questionnaire/model';
import { completeAnswers, servedFrom } from '../../test/support/answering';
import { ManualClock, memoryStores, sequentialIds } from '../../test/support/memory-stores';
import { AssessmentUpgradeService } from '../services/assessment-upgrade';
import { AssessmentService } from '../services/assessments';
import { AuditTrailService } from '../services/audit-trail';
import { OrganisationService } from '../services/organisations';
import { TokenService } from '../services/tokens';
import { createApiApp } from './app';
import type { AppDeps } from './context';

const catalogue = loadCatalogue();
const v100 = catalogue.get('agent-identity', '1.0.0');
const single = v100.questions.find((q) => !q.showIf && q.type === 'single') as Question;

let app: ReturnType<typeof createApiApp>;
let secret: string;

beforeEach(async () => {
  const stores = memoryStores();
  const clock = new ManualClock();
  const ids = sequentialIds();
  const tokens = new TokenService({ tokens: stores.tokens, clock, ids });
  const organisations = new OrganisationService({ organisations: stores.organisations, tokenService: tokens, clock, ids });
  // Only what these routes use; the others are never reached here.
  const deps = {
    catalogue,
    tokens,
    organisations,
    assessments: new AssessmentService({ ...stores, catalogue, clock, ids }),
    upgrades: new AssessmentUpgradeService({ assessments: stores.assessments, catalogue, clock, ids }),
    auditTrail: new AuditTrailService({ audit: stores.audit }),
    checkDatabase: async () => {},
    maxBodyBytes: 1_000_000,
  } as Partial<AppDeps> as AppDeps;
  app = createApiApp(deps);
  secret = (await organisations.register({ name: 'Routes Ltd', industry: 'technology', sizeBand: '50-249', region: 'europe' })).token.secret;
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.json() };
}

const pointers = (res: { body: { errors?: { pointer: string }[] } }) => (res.body.errors ?? []).map((e) => e.pointer);

describe('status codes chosen by the routes', () => {
  it('answers a creation and its replay with 201, the same draft and its Location', async () => {
    const start = { questionnaireId: 'agent-identity', version: '1.0.0' };
    const first = await call('POST', '/v1/assessments', start, { 'idempotency-key': 'k-1' });
    expect(first).toMatchObject({ status: 201, location: `/v1/assessments/${first.body.id}`, body: { status: 'draft', revision: 0 } });
    const replay = await call('POST', '/v1/assessments', start, { 'idempotency-key': 'k-1' });
    expect(replay).toEqual(first);
    const reused = await call('POST', '/v1/assessments', { ...start, version: '1.1.0' }, { 'idempotency-key': 'k-1' });
    expect(reused).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    expect(pointers(reused)).toEqual(['/headers/idempotency-key']);
  });

  it('answers a submit and its replay with 200 and the submitted assessment, and a reopen with 201 and Location', async () => {
    const draft = (await call('POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' })).body;
    const saved = await call('PATCH', `/v1/assessments/${draft.id}/answers`, { revision: 0, answers: completeAnswers(servedFrom(v100), () => 1) });
    expect(saved).toMatchObject({ status: 200, body: { revision: 1, cleared: [] } });
    const submitted = await call('POST', `/v1/assessments/${draft.id}/submit`, undefined, { 'idempotency-key': 's-1' });
    expect(submitted).toMatchObject({ status: 200, location: null, body: { id: draft.id, status: 'submitted' } });
    expect(await call('POST', `/v1/assessments/${draft.id}/submit`, undefined, { 'idempotency-key': 's-1' })).toEqual(submitted);
    const reopened = await call('POST', `/v1/assessments/${draft.id}/reopen`);
    expect(reopened).toMatchObject({ status: 201, location: `/v1/assessments/${reopened.body.id}`, body: { reopenedFrom: draft.id } });
  });
});

describe('pointers made by the HTTP layer', () => {
  it('points invalid answers into the body, and missing ones at submit into the assessment', async () => {
    const draft = (await call('POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' })).body;
    const invalid = await call('PATCH', `/v1/assessments/${draft.id}/answers`, { revision: 0, answers: { [single.id]: { value: 'nope' } } });
    expect(invalid.status).toBe(400);
    expect(pointers(invalid)).toEqual([`/body/answers/${single.id}/value`]);
    const incomplete = await call('POST', `/v1/assessments/${draft.id}/submit`);
    expect(incomplete.status).toBe(422);
    expect(pointers(incomplete)).toContain(`/answers/${single.id}`);
    expect(pointers(incomplete).every((p) => p.startsWith('/answers/'))).toBe(true);
  });

  it('points the fields of services called with the query string into the query', async () => {
    const cursor = await call('GET', '/v1/audit?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.status).toBe(400);
    expect(pointers(cursor)).toEqual(['/query/cursor']);
    const diff = await call('GET', '/v1/questionnaires/agent-identity/diff?from=1.1.0&to=1.0.0');
    expect(diff.status).toBe(400);
    expect(pointers(diff)).toEqual(['/query/to']);
  });

  it('points the version of an upgrade into the body', async () => {
    const draft = (await call('POST', '/v1/assessments', { questionnaireId: 'agent-identity', version: '1.1.0' })).body;
    const older = await call('POST', `/v1/assessments/${draft.id}/upgrade`, { version: '1.0.0' });
    expect(older.status).toBe(400);
    expect(pointers(older)).toEqual(['/body/version']);
  });
});
