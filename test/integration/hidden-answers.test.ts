/**
 * Answers to questions that are not asked (a follow-up whose `showIf` is not met), through
 * a real server on DynamoDB Local. A save that answers a hidden follow-up is refused (400,
 * naming it) and writes nothing; a save that hides an answered follow-up clears it in the
 * same write and says so (`cleared`); submission, reopen and upgrade never keep one, even
 * when older data holds one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import type { Actor, Assessment, AuditEvent } from '../../functions/services/entities';
import { hashOf } from '../../functions/services/hashing';
import { apiClient, type ApiClient } from '../support/api-client';
import { allQuestions, completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import { startTestPlatform } from '../support/platform-fixture';
import { createDraft } from '../support/api-steps';

const PARENT = 'agents-act-for-users';
const FOLLOW_UP = 'delegation-visibility';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let owner: string;
let colleague: string;
let organisationId: string;
let stores: ReturnType<typeof createDynamoDbStores>;
let client: ReturnType<typeof createDynamoDbClient>;
let v100: ServedQuestionnaire;

const path = (id: string, tail = '') => `/v1/assessments/${id}${tail}`;

const draft = (version = '1.0.0') => createDraft(api, owner, version);

async function answerEvents(id: string) {
  const trail = await api.get('/v1/audit?limit=100', owner);
  expect(trail.status).toBe(200);
  return (trail.body.events as AuditEvent[]).filter((e) => e.operation === 'assessment.answer' && e.target.id === id);
}

/** Writes an answer straight into the store, as older versions of AIM could: the API no longer would. */
async function plantHiddenAnswer(id: string, revision: number, answer: Record<string, unknown>) {
  const actor: Actor = { tokenId: 'legacy', label: 'legacy import', role: 'owner', actorType: 'human' };
  const at = new Date().toISOString();
  const event: AuditEvent = {
    id: randomUUID(),
    organisationId,
    at,
    actor,
    operation: 'assessment.answer',
    target: { type: 'assessment', id },
    beforeHash: null,
    afterHash: null,
  };
  const outcome = await stores.assessments.saveAnswers({
    organisationId,
    assessmentId: id,
    expectedRevision: revision,
    changes: { [FOLLOW_UP]: { ...answer, updatedBy: actor, updatedAt: at, revision: revision + 1 } },
    clearedAnswers: {},
    updatedAt: at,
    audit: event,
  });
  expect(outcome).toBe('written');
}

/** A full set of answers in which the follow-up is not asked. */
function withoutFollowUp() {
  const answers = { ...completeAnswers(v100, () => 1), [PARENT]: { value: 'no' } };
  const asked = visibleQuestionIds(allQuestions(v100), answers);
  return Object.fromEntries(Object.entries(answers).filter(([id]) => asked.has(id)));
}

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  const registered = await api.post('/v1/organisations', { name: 'Follow-ups plc', industry: 'technology', sizeBand: '250-999', region: 'europe' });
  expect(registered.status).toBe(201);
  owner = registered.body.token.secret;
  organisationId = registered.body.organisation.id;
  colleague = (await api.post('/v1/tokens', { role: 'respondent', actorType: 'agent', label: 'Priya Shah' }, owner)).body.token.secret;
  v100 = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  client = createDynamoDbClient({
    tableName: platform.config.AIM_TABLE_NAME,
    endpoint: platform.config.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    requestTimeoutMs: 3000,
    maxAttempts: 3,
  });
  stores = createDynamoDbStores(client, platform.config.AIM_TABLE_NAME);
});

afterAll(async () => {
  client?.destroy();
  await platform?.stop();
});

describe('answers to questions that are not asked', () => {
  it('refuses an answer to a hidden follow-up with 400 naming it, and stores nothing', async () => {
    const created = await draft();
    // The parent is unanswered, so the follow-up is not asked.
    const alone = await api.patch(path(created.id, '/answers'), { revision: 0, answers: { [FOLLOW_UP]: { value: 'both-in-token' } } }, owner);
    expect(alone.status).toBe(400);
    expect(alone.headers.get('content-type')).toContain('application/problem+json');
    expect(alone.body).toMatchObject({ code: 'validation_failed', errors: [{ pointer: `/body/answers/${FOLLOW_UP}` }] });
    expect(alone.body.errors[0].message).toContain(PARENT);
    expect(alone.body.errors[0].message).toMatch(/not asked/);

    // Hidden by the same save: the parent answered "no" alongside it. Neither lands.
    const together = await api.patch(
      path(created.id, '/answers'),
      { revision: 0, answers: { [PARENT]: { value: 'no' }, [FOLLOW_UP]: { value: 'both-in-token' } } },
      owner,
    );
    expect(together.status).toBe(400);
    expect(together.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([`/body/answers/${FOLLOW_UP}`]);

    const stored = (await api.get(path(created.id), owner)).body;
    expect(stored.revision).toBe(0);
    expect(stored.answers).toEqual({});
    expect(await answerEvents(created.id)).toEqual([]);

    // Opened by the same save: accepted.
    const opened = await api.patch(
      path(created.id, '/answers'),
      { revision: 0, answers: { [PARENT]: { value: 'yes' }, [FOLLOW_UP]: { value: 'both-in-token' } } },
      owner,
    );
    expect(opened.status).toBe(200);
    expect(opened.body.answers[FOLLOW_UP]).toMatchObject({ value: 'both-in-token' });
    expect(opened.body.cleared).toEqual([]);
  });

  it('clears an answered follow-up when a save hides it, in the same write and audit event, and says so', async () => {
    const created = await draft();
    const first = await api.patch(path(created.id, '/answers'), { revision: 0, answers: { [PARENT]: { value: 'yes' } } }, owner);
    expect(first.status).toBe(200);
    const second = await api.patch(
      path(created.id, '/answers'),
      { revision: first.body.revision, answers: { [FOLLOW_UP]: { value: 'user-only', comment: 'Impersonation for now.' } } },
      colleague,
    );
    expect(second.status).toBe(200);

    const hide = await api.patch(path(created.id, '/answers'), { revision: second.body.revision, answers: { [PARENT]: { value: 'no' } } }, owner);
    expect(hide.status).toBe(200);
    expect(hide.body.cleared).toEqual([FOLLOW_UP]);
    expect(hide.body.answers[FOLLOW_UP]).toBeUndefined();
    expect(hide.body.revision).toBe(second.body.revision + 1);
    expect(hide.body.clearedAnswers[FOLLOW_UP]).toMatchObject({ revision: hide.body.revision, updatedBy: { role: 'owner' } });
    const stored = (await api.get(path(created.id), owner)).body;
    expect(stored.answers[FOLLOW_UP]).toBeUndefined();
    expect(stored.answers[PARENT]).toMatchObject({ value: 'no' });

    // One event for the change and the clearing together.
    const events = await answerEvents(created.id);
    expect(events).toHaveLength(3);
    const newest = events
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .find((e) => e.afterHash === hashOf({ [PARENT]: hide.body.answers[PARENT], [FOLLOW_UP]: null }));
    expect(newest?.beforeHash).toBe(hashOf({ [PARENT]: first.body.answers[PARENT], [FOLLOW_UP]: second.body.answers[FOLLOW_UP] }));

    // The colleague, still on the revision before the clearing, learns of it as a conflict.
    const stale = await api.patch(
      path(created.id, '/answers'),
      { revision: second.body.revision, answers: { [FOLLOW_UP]: { value: 'both-in-token' } } },
      colleague,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.conflicts).toMatchObject([{ question: FOLLOW_UP, current: { cleared: true, revision: hide.body.revision } }]);
  });

  it('submits a snapshot without an answer to a hidden question, even one older data kept', async () => {
    const created = await draft();
    const saved = await api.patch(path(created.id, '/answers'), { revision: 0, answers: withoutFollowUp() }, owner);
    expect(saved.status).toBe(200);
    await plantHiddenAnswer(created.id, saved.body.revision, { value: 'full-chain', comment: 'Left over.' });
    expect((await api.get(path(created.id), owner)).body.answers[FOLLOW_UP]).toMatchObject({ value: 'full-chain' });

    const submitted = await api.post(path(created.id, '/submit'), undefined, owner);
    expect(submitted.status).toBe(200);
    expect(submitted.body.answers[FOLLOW_UP]).toBeUndefined();
    expect((await api.get(path(created.id), owner)).body.answers[FOLLOW_UP]).toBeUndefined();

    // The report's appendix shows the follow-up as not asked, without an answer.
    const report = await api.get(path(created.id, '/report.json'), owner);
    expect(report.status).toBe(200);
    const row = report.body.appendix.flatMap((d: { questions: { id: string }[] }) => d.questions).find((q: { id: string }) => q.id === FOLLOW_UP);
    expect(row).toMatchObject({ shown: false, evidence: [] });
    expect(row.comment).toBeUndefined();
  });

  it('reopens a submission that older data left with a hidden answer without carrying it', async () => {
    const created = await draft();
    const saved = await api.patch(path(created.id, '/answers'), { revision: 0, answers: withoutFollowUp() }, owner);
    await plantHiddenAnswer(created.id, saved.body.revision, { value: 'unclear' });
    const current = (await api.get(path(created.id), owner)).body as Assessment;
    const at = new Date().toISOString();
    const actor: Actor = { tokenId: 'legacy', label: 'legacy import', role: 'owner', actorType: 'human' };
    // An assessment submitted before the rule, with the hidden answer in it.
    const legacy: Assessment = { ...current, status: 'submitted', revision: current.revision + 1, submittedAt: at, updatedAt: at, scores: submittedScores };
    expect(
      await stores.assessments.submit({
        assessment: legacy,
        expectedRevision: current.revision,
        submission: {
          assessmentId: created.id,
          organisationId,
          questionnaireId: 'agent-identity',
          version: '1.0.0',
          industry: 'technology',
          sizeBand: '250-999',
          region: 'europe',
          synthetic: false,
          contributesToBenchmarks: true,
          submittedAt: at,
          scores: submittedScores,
        },
        audit: {
          id: randomUUID(),
          organisationId,
          at,
          actor,
          operation: 'assessment.submit',
          target: { type: 'assessment', id: created.id },
          beforeHash: null,
          afterHash: null,
        },
      }),
    ).toBe('written');
    expect((await api.get(path(created.id), owner)).body.answers[FOLLOW_UP]).toMatchObject({ value: 'unclear' });

    const reopened = await api.post(path(created.id, '/reopen'), undefined, owner);
    expect(reopened.status).toBe(201);
    expect(reopened.body.answers[FOLLOW_UP]).toBeUndefined();
    expect(Object.keys(reopened.body.answers).sort()).toEqual(Object.keys(withoutFollowUp()).sort());
  });

  it('upgrades a draft without carrying an answer to a hidden question, and lists it as dropped', async () => {
    const created = await draft();
    const saved = await api.patch(path(created.id, '/answers'), { revision: 0, answers: { [PARENT]: { value: 'no' } } }, owner);
    await plantHiddenAnswer(created.id, saved.body.revision, { value: 'both-in-token' });
    const upgraded = await api.post(path(created.id, '/upgrade'), { version: '1.1.0' }, owner);
    expect(upgraded.status).toBe(200);
    expect(upgraded.body.assessment.answers[FOLLOW_UP]).toBeUndefined();
    expect(upgraded.body.assessment.answers[PARENT]).toMatchObject({ value: 'no' });
    expect(upgraded.body.upgrade.carried).toEqual([{ from: PARENT, to: PARENT }]);
    expect(upgraded.body.upgrade.dropped).toEqual([{ question: FOLLOW_UP, reason: expect.stringMatching(/not asked/) }]);
  });
});

/** Scores as a submission stores them; their figures do not matter here. */
const submittedScores = { overall: { score: 1, level: 1 }, domains: {} };
