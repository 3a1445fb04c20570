/**
 * The documented answer limits are storable in full (issue 13, finding 3): every
 * question of the latest questionnaire version answered at the maxima the OpenAPI
 * document states (the longest value, reason and comment in 3-byte UTF-8 characters,
 * the most evidence links of the longest length), saved through the HTTP API in as many
 * saves as the body limit needs, then submitted, its report read and reopened; every
 * step 2xx, none 5xx. The limits are read from /openapi.json, so the test follows them.
 * Past a limit is a 4xx naming the field; a draft that would pass the store's item limit
 * (one stored before the limits were lowered) answers 422 `assessment_too_large` and
 * nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { ANSWER_LIMITS } from '../../functions/core/questionnaire/answer-limits';
import type { Answer } from '../../functions/core/questionnaire/answers';
import type { Question } from '../../functions/core/questionnaire/model';
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import type { Actor, AuditEvent, StoredAnswer } from '../../functions/services/entities';
import { ASSESSMENT_MAX_BYTES, storedSize } from '../../functions/services/stored-size';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api-client';
import { allQuestions, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let limits: AnswerLimits;
let client: ReturnType<typeof createDynamoDbClient>;
let stores: ReturnType<typeof createDynamoDbStores>;

/** A BMP character that takes 3 bytes in UTF-8 (the most per UTF-16 code unit). */
const WIDE = '漢';
/** What one request body may hold (AIM_MAX_BODY_BYTES default), less room for the envelope. */
const BODY_BUDGET = 262_144 - 1_024;

interface AnswerLimits {
  value: number;
  reason: number;
  comment: number;
  evidenceLinks: number;
  evidenceUrl: number;
  /** The evidence link pattern, when the document states one. */
  evidencePattern?: string;
}

/** The answer schema's limits, from the request body of PATCH /v1/assessments/{id}/answers. */
function answerLimits(doc: any): AnswerLimits {
  const resolve = (schema: any): any => (schema?.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()]) : schema);
  const body = resolve(doc.paths['/v1/assessments/{id}/answers'].patch.requestBody.content['application/json'].schema);
  const entry = resolve(body.properties.answers.additionalProperties);
  const answer = resolve((entry.anyOf ?? entry.oneOf ?? [entry]).map(resolve).find((s: any) => s?.properties?.comment));
  const props = answer.properties;
  const value = resolve(props.value);
  const text = (value.anyOf ?? value.oneOf).map(resolve).find((s: any) => s.type === 'string');
  const evidence = resolve(props.evidence);
  const link = resolve(evidence.items);
  return {
    value: text.maxLength,
    reason: resolve(props.reason).maxLength,
    comment: resolve(props.comment).maxLength,
    evidenceLinks: evidence.maxItems,
    evidenceUrl: link.maxLength,
    evidencePattern: link.pattern,
  };
}

/** The longest string of `length` code units made of `char`, after `prefix`. */
const fill = (length: number, prefix = '', char = WIDE) => prefix + char.repeat(Math.max(0, length - prefix.length));

/** Evidence links at the maximum length, in the widest characters the documented pattern allows. */
function maximalEvidence(questionId: string): string[] {
  const prefix = (i: number) => `https://evidence.example.com/${questionId}/${i}/`;
  const wideAllowed = !limits.evidencePattern || new RegExp(limits.evidencePattern, 'u').test(`${prefix(0)}${WIDE}`);
  return Array.from({ length: limits.evidenceLinks }, (_, i) => fill(limits.evidenceUrl, prefix(i), wideAllowed ? WIDE : 'a'));
}

/**
 * Options that make every follow-up visible: a gate is answered with an option each of
 * its dependants' `showIf` lists (every option that may be ticked with others for a multi); other questions take the
 * option with the longest id, so the value is as large as it can be.
 */
function maximalValue(question: Question, dependants: Question[]): Answer['value'] {
  switch (question.type) {
    case 'multi':
      // Every option but one that stands alone ("none prepared", `exclusive`): the largest valid selection.
      return question.options.filter((o) => o.exclusive !== true).map((o) => o.id);
    case 'single':
    case 'scale':
    case 'yesno': {
      const wanted = dependants.length ? question.options.filter((o) => dependants.every((d) => d.showIf!.anyOf.includes(o.id))) : question.options;
      expect(wanted.length, `an option of ${question.id} that shows all its follow-ups`).toBeGreaterThan(0);
      return [...wanted].sort((a, b) => b.id.length - a.id.length)[0]!.id;
    }
    case 'number':
      return question.max;
    case 'text':
      return fill(Math.min(question.maxLength, limits.value));
  }
}

/** Every question answered at the maxima: value, reason, comment and evidence all at their limits. */
function maximalAnswers(questionnaire: ServedQuestionnaire): Record<string, Answer> {
  const questions = allQuestions(questionnaire);
  const answers: Record<string, Answer> = {};
  for (const question of questions) {
    const dependants = questions.filter((q) => q.showIf?.question === question.id);
    answers[question.id] = {
      value: maximalValue(question, dependants),
      reason: fill(limits.reason),
      comment: fill(limits.comment),
      evidence: maximalEvidence(question.id),
    };
  }
  // The answers make every question visible, so none of them is a hidden follow-up.
  expect([...visibleQuestionIds(questions, answers)].sort()).toEqual(questions.map((q) => q.id).sort());
  return answers;
}

const legacyActor: Actor = { tokenId: 'legacy', label: 'notes kept before the limits were lowered', role: 'owner', actorType: 'human' };

/**
 * An answer within the limits AIM had before (4,000-character comments, 20 links of 2,000
 * characters) of about `bytes` bytes: what a draft saved then can still hold.
 */
function legacyAnswer(question: Question, bytes: number): Answer {
  const comment = WIDE.repeat(Math.min(4_000, Math.floor(bytes / 3)));
  let left = bytes - 3 * comment.length;
  const evidence: string[] = [];
  while (left > 200 && evidence.length < 20) {
    const prefix = `https://legacy.example.com/${question.id}/${evidence.length}/`;
    const length = Math.min(2_000, left - 1);
    evidence.push(prefix + 'a'.repeat(length - prefix.length));
    left -= length + 1;
  }
  return { value: maximalValue(question, []), comment, evidence };
}

/** Writes an answer straight into the store, as an earlier AIM could; the API no longer takes it. */
async function plant(organisationId: string, id: string, revision: number, questionId: string, answer: Answer) {
  const at = new Date().toISOString();
  const event: AuditEvent = {
    id: randomUUID(),
    organisationId,
    at,
    actor: legacyActor,
    operation: 'assessment.answer',
    target: { type: 'assessment', id },
    beforeHash: null,
    afterHash: null,
  };
  const stored: StoredAnswer = { ...answer, updatedBy: legacyActor, updatedAt: at, revision: revision + 1 };
  expect(
    await stores.assessments.saveAnswers({
      organisationId,
      assessmentId: id,
      expectedRevision: revision,
      changes: { [questionId]: stored },
      clearedAnswers: {},
      updatedAt: at,
      audit: event,
    }),
  ).toBe('written');
  return revision + 1;
}

/** Splits the answers into saves whose bodies stay under the body limit. */
function batches(answers: Record<string, Answer>): Record<string, Answer>[] {
  const size = (batch: Record<string, Answer>) => Buffer.byteLength(JSON.stringify({ revision: 1_000_000, answers: batch }));
  const out: Record<string, Answer>[] = [];
  let current: Record<string, Answer> = {};
  for (const [id, answer] of Object.entries(answers)) {
    const next = { ...current, [id]: answer };
    if (Object.keys(current).length && size(next) > BODY_BUDGET) {
      out.push(current);
      current = { [id]: answer };
    } else current = next;
  }
  if (Object.keys(current).length) out.push(current);
  for (const batch of out) expect(size(batch)).toBeLessThanOrEqual(BODY_BUDGET);
  return out;
}

/** Fails with the problem document, so that a 5xx says what went wrong. */
function expectStatus(res: ApiResponse, status: number, step: string) {
  expect({ step, status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ step, status, body: undefined });
}

async function registered(name: string) {
  const res = await api.post('/v1/organisations', { name, industry: 'technology', sizeBand: '250-999', region: 'europe' });
  expectStatus(res, 201, 'register');
  return { token: res.body.token.secret as string, organisationId: res.body.organisation.id as string };
}

const register = async (name: string) => (await registered(name)).token;

async function served(version: string): Promise<ServedQuestionnaire> {
  const res = await api.get(`/v1/questionnaires/agent-identity/versions/${version}`);
  expectStatus(res, 200, `questionnaire ${version}`);
  return res.body;
}

async function latestVersion() {
  const list = await api.get('/v1/questionnaires');
  return list.body.questionnaires.find((q: { id: string }) => q.id === 'agent-identity').latest as string;
}

async function saveAll(token: string, id: string, revision: number, answers: Record<string, Answer>) {
  let current = revision;
  const saves = batches(answers);
  for (const [i, batch] of saves.entries()) {
    const res = await api.patch(`/v1/assessments/${id}/answers`, { revision: current, answers: batch }, token);
    expectStatus(res, 200, `save ${i + 1} of ${saves.length} (${Object.keys(batch).length} answers)`);
    current = res.body.revision;
  }
  return current;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  limits = answerLimits((await api.get('/openapi.json')).body);
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

describe('storage limits', () => {
  it('documents the limits of answer-limits.ts in the OpenAPI document', () => {
    expect(limits).toMatchObject({
      value: ANSWER_LIMITS.valueLength,
      reason: ANSWER_LIMITS.reasonLength,
      comment: ANSWER_LIMITS.commentLength,
      evidenceLinks: ANSWER_LIMITS.evidenceLinks,
      evidenceUrl: ANSWER_LIMITS.evidenceUrlLength,
    });
  });

  it('stores the full latest questionnaire answered at the documented maxima, submits, reports and reopens it', async () => {
    const owner = await register('Maxima Ltd');
    const latest = await latestVersion();
    const questionnaire = await served(latest);
    const answers = maximalAnswers(questionnaire);

    const created = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: latest }, owner);
    expectStatus(created, 201, 'create');
    const id = created.body.id as string;
    await saveAll(owner, id, 0, answers);

    const stored = await api.get(`/v1/assessments/${id}`, owner);
    expectStatus(stored, 200, 'read the draft');
    for (const [questionId, answer] of Object.entries(answers)) expect(stored.body.answers[questionId]).toMatchObject(answer);

    const submitted = await api.post(`/v1/assessments/${id}/submit`, {}, owner, { 'idempotency-key': `submit-${id}` });
    expectStatus(submitted, 200, 'submit');
    const replayed = await api.post(`/v1/assessments/${id}/submit`, {}, owner, { 'idempotency-key': `submit-${id}` });
    expectStatus(replayed, 200, 'submit again with the same key');

    const report = await api.get(`/v1/assessments/${id}/report.json`, owner);
    expectStatus(report, 200, 'report.json');

    const reopened = await api.post(`/v1/assessments/${id}/reopen`, {}, owner, { 'idempotency-key': `reopen-${id}` });
    expectStatus(reopened, 201, 'reopen');
    const draft = reopened.body;
    for (const [questionId, answer] of Object.entries(answers)) expect(draft.answers[questionId]).toMatchObject(answer);
    // The reopened draft takes a full-size save of every answer again.
    const changed = Object.fromEntries(Object.entries(answers).map(([q, a]) => [q, { ...a, comment: fill(limits.comment, 'revised ') }]));
    await saveAll(owner, draft.id, draft.revision, changed);

    const exported = await api.get('/v1/organisation/export', owner);
    expectStatus(exported, 200, 'export');
  });

  it('upgrades a 1.0.0 draft answered at the maxima to the latest version, answers the rest there and submits', async () => {
    const owner = await register('Upgrade Maxima Ltd');
    const latest = await latestVersion();
    const created = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner);
    expectStatus(created, 201, 'create on 1.0.0');
    const id = created.body.id as string;
    const revision = await saveAll(owner, id, 0, maximalAnswers(await served('1.0.0')));

    const upgraded = await api.post(`/v1/assessments/${id}/upgrade`, { version: latest, revision }, owner);
    expectStatus(upgraded, 200, `upgrade to ${latest}`);
    const carried = upgraded.body.assessment.answers as Record<string, unknown>;
    const rest = Object.fromEntries(Object.entries(maximalAnswers(await served(latest))).filter(([questionId]) => !(questionId in carried)));
    expect(Object.keys(rest).length).toBeGreaterThan(0);
    await saveAll(owner, id, upgraded.body.assessment.revision, rest);
    expectStatus(await api.post(`/v1/assessments/${id}/submit`, {}, owner), 200, 'submit');
  });

  it('refuses a character or a link past a limit with 400 naming the field, never a 5xx', async () => {
    const owner = await register('Past Limits Ltd');
    const questionnaire = await served(await latestVersion());
    const question = allQuestions(questionnaire).find((q) => !q.showIf && q.type === 'single')!;
    const created = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: questionnaire.version }, owner);
    expectStatus(created, 201, 'create');
    const id = created.body.id as string;
    const base = { value: maximalValue(question, []) };
    const links = maximalEvidence(question.id);
    const cases: [string, Answer, string][] = [
      ['a comment too long', { ...base, comment: fill(limits.comment + 1) }, 'comment'],
      ['a reason too long', { ...base, reason: fill(limits.reason + 1) }, 'reason'],
      ['a link too many', { ...base, evidence: [...links, 'https://evidence.example.com/one-more'] }, 'evidence'],
      ['a link too long', { ...base, evidence: [`${links[0]}a`] }, 'evidence/0'],
      ['a link not percent-encoded', { ...base, evidence: [`https://evidence.example.com/${WIDE}`] }, 'evidence/0'],
    ];
    for (const [what, answer, field] of cases) {
      const res = await api.patch(`/v1/assessments/${id}/answers`, { revision: 0, answers: { [question.id]: answer } }, owner);
      expectProblem(res, 400, 'validation_failed');
      expect(
        res.body.errors.map((e: { pointer: string }) => e.pointer),
        what,
      ).toContain(`/body/answers/${question.id}/${field}`);
    }
    // Clearing a question the version does not have is refused too: each clearing is stored.
    const unknown = await api.patch(`/v1/assessments/${id}/answers`, { revision: 0, answers: { 'no-such-question': null } }, owner);
    expectProblem(unknown, 400, 'validation_failed');
    expect(unknown.body.errors).toEqual([{ pointer: '/body/answers/no-such-question', message: expect.stringContaining('no question') }]);
    expect((await api.get(`/v1/assessments/${id}`, owner)).body).toMatchObject({ revision: 0, answers: {} });
  });

  it('answers 422 assessment_too_large, writing nothing, when a save would take a draft stored under the old limits past the item limit', async () => {
    const { token: owner, organisationId } = await registered('Legacy Notes Ltd');
    const questionnaire = await served(await latestVersion());
    const created = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: questionnaire.version }, owner);
    expectStatus(created, 201, 'create');
    const id = created.body.id as string;
    const questions = allQuestions(questionnaire).filter((q) => !q.showIf && q.type === 'single');
    const target = questions.pop()!;
    // Answers at the old limits until the draft is within 3 KB of what an assessment may take.
    let revision = 0;
    const planted: string[] = [];
    for (const question of questions) {
      const room = ASSESSMENT_MAX_BYTES - 3_000 - storedSize((await stores.assessments.get(organisationId, id))!);
      if (room < 1_000) break;
      revision = await plant(organisationId, id, revision, question.id, legacyAnswer(question, Math.min(room - 600, 60_000)));
      planted.push(question.id);
    }
    const size = storedSize((await stores.assessments.get(organisationId, id))!);
    expect(size).toBeGreaterThan(ASSESSMENT_MAX_BYTES - 4_000);
    expect(size).toBeLessThanOrEqual(ASSESSMENT_MAX_BYTES);

    const events = async () =>
      (await api.get('/v1/audit?limit=100', owner)).body.events.filter((e: AuditEvent) => e.operation === 'assessment.answer' && e.target.id === id).length;
    const eventsBefore = await events();
    const answer: Answer = { value: maximalValue(target, []), comment: fill(limits.comment), evidence: maximalEvidence(target.id) };
    const refused = await api.patch(`/v1/assessments/${id}/answers`, { revision, answers: { [target.id]: answer } }, owner);
    expectProblem(refused, 422, 'assessment_too_large');
    expect(refused.body.errors[0]).toMatchObject({ pointer: '/body/answers', message: expect.stringContaining('shorten') });
    expect(planted.map((q) => `/body/answers/${q}`)).toContain(refused.body.errors[1].pointer);
    expect(refused.body).toMatchObject({ limitBytes: ASSESSMENT_MAX_BYTES, sizeBytes: expect.any(Number) });
    const after = await api.get(`/v1/assessments/${id}`, owner);
    expect(after.body.revision).toBe(revision);
    expect(after.body.answers[target.id]).toBeUndefined();
    expect(await events()).toBe(eventsBefore);

    // Clearing an answer of the old size makes room; then the same save lands.
    const cleared = await api.patch(`/v1/assessments/${id}/answers`, { revision, answers: { [planted[0]!]: null } }, owner);
    expectStatus(cleared, 200, 'clear a large answer');
    const saved = await api.patch(`/v1/assessments/${id}/answers`, { revision: cleared.body.revision, answers: { [target.id]: answer } }, owner);
    expectStatus(saved, 200, 'save again');
  });
});
