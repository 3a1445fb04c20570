/**
 * Walks the whole v1 API contract through a real HTTP server backed by DynamoDB Local.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { allQuestions, completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { verifyOrganisation } from '../support/verification';
import { expectProblem } from '../support/problems';
import { organisationDetails, registerOrganisation } from '../support/api-steps';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;

const organisation = organisationDetails;

const register = (name: string, extra: Record<string, string> = {}) => registerOrganisation(api, name, extra);

/** Real time, moved on a day when a test needs the next benchmark release. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  api = apiClient(platform.url);
  const res = await api.get('/v1/questionnaires/agent-identity/versions/1.0.0');
  questionnaire = res.body;
});

afterAll(async () => {
  await platform?.stop();
});

describe('public routes', () => {
  it('reports health once the database answers', async () => {
    const res = await api.get('/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('lists the taxonomy', async () => {
    const res = await api.get('/v1/taxonomy');
    expect(res.status).toBe(200);
    expect(res.body.industry).toContain('financial-services');
    expect(res.body.sizeBand).toContain('250-999');
    expect(res.body.region).toContain('europe');
  });

  it('lists questionnaires and serves a version grouped by domain', async () => {
    const list = await api.get('/v1/questionnaires');
    expect(list.body.questionnaires).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'agent-identity', latest: expect.any(String) })]));
    expect(questionnaire.domains.map((d) => d.id)).toEqual(expect.arrayContaining(['identity-separation', 'access-scoping', 'auditing']));
    const first = questionnaire.domains[0]!.questions[0] as any;
    expect(first).toMatchObject({ id: expect.any(String), type: expect.any(String), prompt: expect.any(String) });
    expect(first.options[0]).toMatchObject({ id: expect.any(String), label: expect.any(String), level: expect.any(Number) });
  });

  it('answers an unknown questionnaire version with 404', async () => {
    expectProblem(await api.get('/v1/questionnaires/agent-identity/versions/9.9.9'), 404, 'not_found');
  });

  it('serves the OpenAPI 3.1 document and a readable reference', async () => {
    const doc = await api.get('/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    // The committed document (npm run openapi) is the one the server serves.
    expect(doc.body).toEqual(JSON.parse(readFileSync('docs/openapi.json', 'utf8')));
    for (const path of [
      '/v1/organisations',
      '/v1/tokens',
      '/v1/tokens/{id}',
      '/v1/assessments/{id}/answers',
      '/v1/assessments/{id}/submit',
      '/v1/benchmarks',
      '/v1/assessments/{id}/report.pdf',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
    const docs = await api.get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('/v1/assessments/{id}/submit');
  });
});

describe('registration', () => {
  it('creates an organisation with an owner token whose secret is shown once', async () => {
    const { organisation: org, token } = await register('Zürich Ærø Łódź Ltd');
    expect(token).toMatchObject({ role: 'owner', secret: expect.stringMatching(/^aim_/) });
    const tokens = await api.get('/v1/tokens', token.secret);
    expect(tokens.status).toBe(200);
    expect(tokens.body.tokens).toHaveLength(1);
    expect(JSON.stringify(tokens.body)).not.toContain(token.secret);
    expect(tokens.body.tokens[0]).toMatchObject({ id: token.id, organisationId: org.id });
  });

  it('rejects a malformed body with pointers to each field', async () => {
    const res = await api.post('/v1/organisations', { name: '', industry: 'piracy', region: 'europe', extra: true });
    expectProblem(res, 400, 'validation_failed');
    const pointers = res.body.errors.map((e: any) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/name', '/body/industry', '/body/sizeBand', '/body/extra']));
  });

  it('rejects broken JSON and a wrong content type without a 500', async () => {
    const broken = await api.call('POST', '/v1/organisations', { rawBody: '{"name": ', headers: { 'content-type': 'application/json' } });
    expectProblem(broken, 400, 'validation_failed');
    const wrongType = await api.call('POST', '/v1/organisations', { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect([400, 415]).toContain(wrongType.status);
    expect(wrongType.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await api.post('/v1/organisations', organisation('x'.repeat(300_000)));
    expectProblem(res, 413, 'payload_too_large');
  });
});

describe('an assessment from draft to report', () => {
  let owner: string;
  let other: string;
  let assessmentId: string;
  let revision: number;

  beforeAll(async () => {
    owner = (await register('Acme Agents plc')).token.secret;
    other = (await register('Other Org')).token.secret;
  });

  it('requires a token (401) and rejects unknown ones', async () => {
    expectProblem(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }), 401, 'unauthenticated');
    expectProblem(await api.get('/v1/assessments', 'aim_not-a-real-token'), 401, 'unauthenticated');
  });

  it('starts a draft at revision 0', async () => {
    const res = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'draft', revision: 0, questionnaireId: 'agent-identity', version: '1.0.0' });
    assessmentId = res.body.id;
    revision = 0;
  });

  it('refuses an unknown questionnaire version', async () => {
    expectProblem(await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '0.0.1' }, owner), 404, 'not_found');
  });

  it('hides the assessment from another organisation with 404', async () => {
    expectProblem(await api.get(`/v1/assessments/${assessmentId}`, other), 404, 'not_found');
    expectProblem(await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: 0, answers: {} }, other), 400, 'validation_failed');
    const [firstQuestion] = allQuestions(questionnaire);
    expectProblem(
      await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: 0, answers: { [firstQuestion!.id]: { value: 'x' } } }, other),
      404,
      'not_found',
    );
  });

  it('saves answers and moves the revision on', async () => {
    const answers = completeAnswers(questionnaire, () => 1);
    const [q1, a1] = Object.entries(answers)[0]!;
    const res = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision, answers: { [q1!]: a1 } }, owner);
    expect(res.status).toBe(200);
    expect(res.body.revision).toBe(revision + 1);
    expect(res.body.answers[q1!]).toMatchObject({ ...a1, updatedBy: { role: 'owner', actorType: 'human' }, revision: revision + 1 });
    revision = res.body.revision;
  });

  it('answers a stale revision touching the same question with 409 and the current value', async () => {
    const [q1] = Object.keys((await api.get(`/v1/assessments/${assessmentId}`, owner)).body.answers);
    const other = completeAnswers(questionnaire, () => 0)[q1!];
    const res = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: 0, answers: { [q1!]: other } }, owner);
    expectProblem(res, 409, 'revision_conflict');
    expect(res.body.conflicts[0]).toMatchObject({ question: q1, current: { updatedBy: { role: 'owner' } } });
    expect(res.body.currentRevision).toBe(revision);
  });

  it('rejects values that do not fit the question, with pointers', async () => {
    const single = allQuestions(questionnaire).find((q) => q.type === 'single')!;
    const res = await api.patch(
      `/v1/assessments/${assessmentId}/answers`,
      { revision, answers: { [single.id]: { value: 'no-such-option' }, 'no-such-question': { value: 'x' } } },
      owner,
    );
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: any) => e.pointer)).toEqual(expect.arrayContaining([`/body/answers/${single.id}/value`, '/body/answers/no-such-question']));
    const shape = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: 'one', answers: { x: { value: 1, colour: 'red' } } }, owner);
    expectProblem(shape, 400, 'validation_failed');
    expect(shape.body.errors.map((e: any) => e.pointer)).toEqual(expect.arrayContaining(['/body/revision', '/body/answers/x/colour']));
  });

  it('says exactly what is missing when submitting too early', async () => {
    const res = await api.post(`/v1/assessments/${assessmentId}/submit`, undefined, owner);
    expectProblem(res, 422, 'assessment_incomplete');
    expect(res.body.errors.length).toBeGreaterThan(3);
    expect(res.body.errors[0].pointer).toMatch(/^\/answers\//);
  });

  it('submits once, idempotently, with scores per domain', async () => {
    const answers = completeAnswers(questionnaire, (n) => n - 2);
    const saved = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision, answers }, owner);
    expect(saved.status).toBe(200);
    const key = { 'idempotency-key': 'submit-once-1' };
    const first = await api.post(`/v1/assessments/${assessmentId}/submit`, undefined, owner, key);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('submitted');
    const { overall, domains } = first.body.scores;
    expect(overall.score).toBeGreaterThanOrEqual(0);
    expect(overall.score).toBeLessThanOrEqual(5);
    expect(overall.level).toBeGreaterThanOrEqual(1);
    expect(Object.keys(domains)).toEqual(questionnaire.domains.map((d) => d.id));
    const retry = await api.post(`/v1/assessments/${assessmentId}/submit`, undefined, owner, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expectProblem(await api.post(`/v1/assessments/${assessmentId}/submit`, undefined, owner), 409, 'assessment_not_draft');
    expectProblem(await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: first.body.revision, answers }, owner), 409, 'assessment_not_draft');
  });

  it('serves the submitted assessment with its scores', async () => {
    const res = await api.get(`/v1/assessments/${assessmentId}`, owner);
    expect(res.body).toMatchObject({ status: 'submitted', scores: { overall: { score: expect.any(Number) } } });
    const list = await api.get('/v1/assessments', owner);
    expect(list.body.assessments.map((a: any) => a.id)).toContain(assessmentId);
  });

  it('reopens a submitted assessment as a new draft with its answers, leaving the original untouched', async () => {
    const original = (await api.get(`/v1/assessments/${assessmentId}`, owner)).body;
    const reopened = await api.post(`/v1/assessments/${assessmentId}/reopen`, undefined, owner, { 'idempotency-key': 'reopen-1' });
    expect(reopened.status).toBe(201);
    expect(reopened.body).toMatchObject({
      status: 'draft',
      revision: 0,
      reopenedFrom: assessmentId,
      questionnaireId: original.questionnaireId,
      version: original.version,
    });
    expect(reopened.body.id).not.toBe(assessmentId);
    for (const [questionId, answer] of Object.entries(original.answers as Record<string, any>))
      expect(reopened.body.answers[questionId].value).toEqual(answer.value);
    const retry = await api.post(`/v1/assessments/${assessmentId}/reopen`, undefined, owner, { 'idempotency-key': 'reopen-1' });
    expect(retry.body.id).toBe(reopened.body.id);
    expect((await api.get(`/v1/assessments/${assessmentId}`, owner)).body).toEqual(original);
    expectProblem(await api.post(`/v1/assessments/${reopened.body.id}/reopen`, undefined, owner), 409, 'assessment_not_submitted');
  });

  it('renders the PDF report for owners', async () => {
    const res = await api.get(`/v1/assessments/${assessmentId}/report.pdf`, owner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(res.body.slice(0, 5)).toString()).toBe('%PDF-');
    expectProblem(await api.get(`/v1/assessments/${assessmentId}/report.pdf`, other), 404, 'not_found');
  });
});

describe('tokens and roles', () => {
  let owner: string;

  beforeAll(async () => {
    owner = (await register('Roles Ltd')).token.secret;
  });

  it('lets owners mint scoped tokens that act within their role', async () => {
    const minted = await api.post('/v1/tokens', { role: 'respondent', actorType: 'agent', label: 'survey agent', expiresInDays: 7 }, owner);
    expect(minted.status).toBe(201);
    expect(minted.body.token).toMatchObject({ role: 'respondent', actorType: 'agent', label: 'survey agent', expiresAt: expect.any(String) });
    const agent = minted.body.token.secret;
    const draft = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, agent);
    expect(draft.status).toBe(201);
    expect(draft.body.createdBy).toMatchObject({ actorType: 'agent', label: 'survey agent' });
    expectProblem(await api.get('/v1/tokens', agent), 403, 'forbidden');
    expectProblem(await api.post('/v1/tokens', { role: 'analyst', label: 'x' }, owner), 400, 'validation_failed');
  });

  it('revokes a token on its next request', async () => {
    const minted = await api.post('/v1/tokens', { role: 'leader', label: 'board member' }, owner);
    const leader = minted.body.token.secret;
    expect((await api.get('/v1/assessments', leader)).status).toBe(200);
    expect((await api.del(`/v1/tokens/${minted.body.token.id}`, owner)).status).toBe(204);
    expectProblem(await api.get('/v1/assessments', leader), 401, 'token_revoked');
    expectProblem(await api.del('/v1/tokens/not-a-token', owner), 404, 'not_found');
  });

  it('keeps analysts to aggregates', async () => {
    const analyst = (await api.post('/v1/tokens', { role: 'analyst', label: 'benchmark analyst' }, platform.adminToken)).body.token.secret;
    expectProblem(await api.get('/v1/assessments', analyst), 403, 'forbidden');
    const res = await api.get('/v1/benchmarks?questionnaireId=agent-identity', analyst);
    expect(res.status).toBe(200);
    expectProblem(await api.get('/v1/benchmarks?questionnaireId=agent-identity', owner), 403, 'forbidden');
    expectProblem(await api.get('/v1/benchmarks?questionnaireId=agent-identity&industry=piracy', analyst), 400, 'validation_failed');
  });
});

describe('benchmarks', () => {
  it('withholds small cohorts, and shows a released cohort and positions with intervals once it is large enough', async () => {
    const analyst = (await api.post('/v1/tokens', { role: 'analyst', label: 'analyst 2' }, platform.adminToken)).body.token.secret;
    const cohort = '/v1/benchmarks?questionnaireId=agent-identity&industry=healthcare';
    await platform.drainStream();
    // Empty: the noisy count (scale 10/3 at the defaults) stays below 10 (98% of draws; the test's noise is seeded).
    expect((await api.get(cohort, analyst)).body).toMatchObject({
      cohort: { questionnaireId: 'agent-identity', industry: 'healthcare', population: 'real' },
      synthetic: false,
      suppressed: true,
      reason: 'noisy organisation count below the minimum of 10',
    });

    const submitted: { token: string; id: string }[] = [];
    for (let i = 0; i < 25; i++) {
      const { organisation: org, token } = await register(`Clinic ${i}`, { industry: 'healthcare' });
      await verifyOrganisation(api, platform.adminToken, org.id);
      const draft = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, token.secret);
      const answers = completeAnswers(questionnaire, (n) => Math.min(n - 1, Math.floor(i / 5)));
      expect((await api.patch(`/v1/assessments/${draft.body.id}/answers`, { revision: 0, answers }, token.secret)).status).toBe(200);
      expect((await api.post(`/v1/assessments/${draft.body.id}/submit`, undefined, token.secret)).status).toBe(200);
      submitted.push({ token: token.secret, id: draft.body.id });
    }
    await platform.drainStream();
    // Today's release was made before they joined: it stays as it was until tomorrow.
    expect((await api.get(cohort, analyst)).body).toMatchObject({ suppressed: true });
    offsetMs += 86_400_000;
    // 25 organisations: the noisy count falls below 10 in under 1% of draws.
    const stats = await api.get(cohort, analyst);
    expect(stats.body).toMatchObject({
      suppressed: false,
      release: { date: clock.now().toISOString().slice(0, 10), period: 'day', epsilon: '4', confidence: 0.9 },
    });
    const { p10, p50, p90, mean } = stats.body.overall;
    expect(p10.value).toBeLessThanOrEqual(p50.value);
    expect(p50.value).toBeLessThanOrEqual(p90.value);
    for (const f of [p10, p50, p90, mean, stats.body.n]) expect(f.low <= f.value && f.value <= f.high).toBe(true);
    expect(JSON.stringify(stats.body)).not.toMatch(/Clinic|organisationId/);

    const lowest = await api.get(`/v1/assessments/${submitted[0]!.id}/benchmark?industry=healthcare`, submitted[0]!.token);
    const highest = await api.get(`/v1/assessments/${submitted[24]!.id}/benchmark?industry=healthcare`, submitted[24]!.token);
    expect(lowest.body).toMatchObject({ suppressed: false, n: stats.body.n, release: stats.body.release });
    expect(lowest.body.overall.percentile.value).toBeLessThan(highest.body.overall.percentile.value);
    expect(lowest.body.overall.p50).toEqual(stats.body.overall.p50);
    const small = await api.get(`/v1/assessments/${submitted[0]!.id}/benchmark?industry=healthcare&region=asia-pacific`, submitted[0]!.token);
    expect(small.body).toMatchObject({
      cohort: { questionnaireId: 'agent-identity', industry: 'healthcare', region: 'asia-pacific', population: 'real' },
      synthetic: false,
      suppressed: true,
      reason: expect.stringContaining('not published'),
    });
  });
});
