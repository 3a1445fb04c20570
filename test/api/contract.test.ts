/**
 * Walks the whole v1 API contract through a real HTTP server backed by DynamoDB Local.
 * Ordinary calls go through the typed client of the OpenAPI document (`api.contract`),
 * which checks every response against the document; requests the document cannot express
 * (malformed bodies, wrong types, unknown values) through the untyped one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answered, apiClient, type ApiClient } from '../support/api-client';
import { allQuestions, completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { verifyOrganisation } from '../support/verification';
import { expectProblem } from '../support/problems';
import { bodyOf, type OrganisationDetails, organisationDetails, registerOrganisation } from '../support/api-steps';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;

const organisation = organisationDetails;

const register = (name: string, extra: Partial<OrganisationDetails> = {}) => registerOrganisation(api, name, extra);
const byId = (id: string) => ({ params: { path: { id } } });

/** Real time, moved on a day when a test needs the next benchmark release. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  api = apiClient(platform.url);
  questionnaire = bodyOf(
    await api.contract().GET('/v1/questionnaires/{id}/versions/{version}', { params: { path: { id: 'agent-identity', version: '1.0.0' } } }),
  );
});

afterAll(async () => {
  await platform?.stop();
});

describe('public routes', () => {
  it('reports health once the database answers', async () => {
    const res = answered(await api.contract().GET('/health'));
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('lists the taxonomy', async () => {
    const taxonomy = bodyOf(await api.contract().GET('/v1/taxonomy'));
    expect(taxonomy.industry).toContain('financial-services');
    expect(taxonomy.sizeBand).toContain('250-999');
    expect(taxonomy.region).toContain('europe');
  });

  it('lists questionnaires and serves a version grouped by domain', async () => {
    const list = bodyOf(await api.contract().GET('/v1/questionnaires'));
    expect(list.questionnaires).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'agent-identity', latest: expect.any(String) })]));
    expect(questionnaire.domains.map((d) => d.id)).toEqual(expect.arrayContaining(['identity-separation', 'access-scoping', 'auditing']));
    const first = questionnaire.domains[0]!.questions[0]!;
    expect(first).toMatchObject({ id: expect.any(String), type: expect.any(String), prompt: expect.any(String) });
    expect('options' in first && first.options[0]).toMatchObject({ id: expect.any(String), label: expect.any(String), level: expect.any(Number) });
  });

  it('answers an unknown questionnaire version with 404', async () => {
    expectProblem(
      answered(await api.contract().GET('/v1/questionnaires/{id}/versions/{version}', { params: { path: { id: 'agent-identity', version: '9.9.9' } } })),
      404,
      'not_found',
    );
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
    const tokens = bodyOf(await api.contract(token.secret).GET('/v1/tokens'));
    expect(tokens.tokens).toHaveLength(1);
    expect(JSON.stringify(tokens)).not.toContain(token.secret);
    expect(tokens.tokens[0]).toMatchObject({ id: token.id, organisationId: org.id });
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
    const res = answered(await api.contract().POST('/v1/organisations', { body: organisation('x'.repeat(300_000)) }));
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
    expectProblem(
      answered(await api.contract().POST('/v1/assessments', { body: { questionnaireId: 'agent-identity', version: '1.0.0' } })),
      401,
      'unauthenticated',
    );
    expectProblem(answered(await api.contract('aim_not-a-real-token').GET('/v1/assessments')), 401, 'unauthenticated');
  });

  it('starts a draft at revision 0', async () => {
    const res = await api.contract(owner).POST('/v1/assessments', { body: { questionnaireId: 'agent-identity', version: '1.0.0' } });
    expect(res.response.status).toBe(201);
    const draft = bodyOf(res);
    expect(draft).toMatchObject({ status: 'draft', revision: 0, questionnaireId: 'agent-identity', version: '1.0.0' });
    assessmentId = draft.id;
    revision = 0;
  });

  it('refuses an unknown questionnaire version', async () => {
    expectProblem(
      answered(await api.contract(owner).POST('/v1/assessments', { body: { questionnaireId: 'agent-identity', version: '0.0.1' } })),
      404,
      'not_found',
    );
  });

  it('hides the assessment from another organisation with 404', async () => {
    const stranger = api.contract(other);
    expectProblem(answered(await stranger.GET('/v1/assessments/{id}', byId(assessmentId))), 404, 'not_found');
    expectProblem(
      answered(await stranger.PATCH('/v1/assessments/{id}/answers', { ...byId(assessmentId), body: { revision: 0, answers: {} } })),
      400,
      'validation_failed',
    );
    const [firstQuestion] = allQuestions(questionnaire);
    expectProblem(
      answered(
        await stranger.PATCH('/v1/assessments/{id}/answers', {
          ...byId(assessmentId),
          body: { revision: 0, answers: { [firstQuestion!.id]: { value: 'x' } } },
        }),
      ),
      404,
      'not_found',
    );
  });

  it('saves answers and moves the revision on', async () => {
    const answers = completeAnswers(questionnaire, () => 1);
    const [q1, a1] = Object.entries(answers)[0]!;
    const saved = bodyOf(
      await api.contract(owner).PATCH('/v1/assessments/{id}/answers', { ...byId(assessmentId), body: { revision, answers: { [q1!]: a1 } } }),
    );
    expect(saved.revision).toBe(revision + 1);
    expect(saved.answers[q1!]).toMatchObject({ ...a1, updatedBy: { role: 'owner', actorType: 'agent' }, revision: revision + 1 });
    revision = saved.revision;
  });

  it('answers a stale revision touching the same question with 409 and the current value', async () => {
    const client = api.contract(owner);
    const [q1] = Object.keys(bodyOf(await client.GET('/v1/assessments/{id}', byId(assessmentId))).answers);
    const other = completeAnswers(questionnaire, () => 0)[q1!]!;
    const res = answered(await client.PATCH('/v1/assessments/{id}/answers', { ...byId(assessmentId), body: { revision: 0, answers: { [q1!]: other } } }));
    expectProblem(res, 409, 'revision_conflict');
    expect(res.body).toMatchObject({ conflicts: [{ question: q1, current: { updatedBy: { role: 'owner' } } }], currentRevision: revision });
  });

  it('rejects values that do not fit the question, with pointers', async () => {
    const single = allQuestions(questionnaire).find((q) => q.type === 'single')!;
    const { error } = await api.contract(owner).PATCH('/v1/assessments/{id}/answers', {
      ...byId(assessmentId),
      body: { revision, answers: { [single.id]: { value: 'no-such-option' }, 'no-such-question': { value: 'x' } } },
    });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(error?.errors?.map((e) => e.pointer)).toEqual(expect.arrayContaining([`/body/answers/${single.id}/value`, '/body/answers/no-such-question']));
    const shape = await api.patch(`/v1/assessments/${assessmentId}/answers`, { revision: 'one', answers: { x: { value: 1, colour: 'red' } } }, owner);
    expectProblem(shape, 400, 'validation_failed');
    expect(shape.body.errors.map((e: any) => e.pointer)).toEqual(expect.arrayContaining(['/body/revision', '/body/answers/x/colour']));
  });

  it('says exactly what is missing when submitting too early', async () => {
    const res = await api.contract(owner).POST('/v1/assessments/{id}/submit', byId(assessmentId));
    expectProblem(answered(res), 422, 'assessment_incomplete');
    expect(res.error?.errors?.length).toBeGreaterThan(3);
    expect(res.error?.errors?.[0]?.pointer).toMatch(/^\/answers\//);
  });

  it('submits once, idempotently, with scores per domain', async () => {
    const answers = completeAnswers(questionnaire, (n) => n - 2);
    const client = api.contract(owner);
    const saved = await client.PATCH('/v1/assessments/{id}/answers', { ...byId(assessmentId), body: { revision, answers } });
    expect(saved.response.status).toBe(200);
    const once = { params: { path: { id: assessmentId }, header: { 'idempotency-key': 'submit-once-1' } } };
    const first = bodyOf(await client.POST('/v1/assessments/{id}/submit', once));
    expect(first.status).toBe('submitted');
    const { overall, domains } = first.scores!;
    expect(overall.score).toBeGreaterThanOrEqual(0);
    expect(overall.score).toBeLessThanOrEqual(5);
    expect(overall.level).toBeGreaterThanOrEqual(1);
    expect(Object.keys(domains)).toEqual(questionnaire.domains.map((d) => d.id));
    expect(bodyOf(await client.POST('/v1/assessments/{id}/submit', once))).toEqual(first);
    expectProblem(answered(await client.POST('/v1/assessments/{id}/submit', byId(assessmentId))), 409, 'assessment_not_draft');
    expectProblem(
      answered(await client.PATCH('/v1/assessments/{id}/answers', { ...byId(assessmentId), body: { revision: first.revision, answers } })),
      409,
      'assessment_not_draft',
    );
  });

  it('serves the submitted assessment with its scores', async () => {
    const client = api.contract(owner);
    expect(bodyOf(await client.GET('/v1/assessments/{id}', byId(assessmentId)))).toMatchObject({
      status: 'submitted',
      scores: { overall: { score: expect.any(Number) } },
    });
    const list = bodyOf(await client.GET('/v1/assessments'));
    expect(list.assessments.map((a) => a.id)).toContain(assessmentId);
  });

  it('reopens a submitted assessment as a new draft with its answers, leaving the original untouched', async () => {
    const client = api.contract(owner);
    const original = bodyOf(await client.GET('/v1/assessments/{id}', byId(assessmentId)));
    const reopenOnce = { params: { path: { id: assessmentId }, header: { 'idempotency-key': 'reopen-1' } } };
    const result = await client.POST('/v1/assessments/{id}/reopen', reopenOnce);
    expect(result.response.status).toBe(201);
    const reopened = bodyOf(result);
    expect(reopened).toMatchObject({
      status: 'draft',
      revision: 0,
      reopenedFrom: assessmentId,
      questionnaireId: original.questionnaireId,
      version: original.version,
    });
    expect(reopened.id).not.toBe(assessmentId);
    for (const [questionId, answer] of Object.entries(original.answers)) expect(reopened.answers[questionId]?.value).toEqual(answer.value);
    expect(bodyOf(await client.POST('/v1/assessments/{id}/reopen', reopenOnce)).id).toBe(reopened.id);
    expect(bodyOf(await client.GET('/v1/assessments/{id}', byId(assessmentId)))).toEqual(original);
    expectProblem(answered(await client.POST('/v1/assessments/{id}/reopen', byId(reopened.id))), 409, 'assessment_not_submitted');
  });

  it('renders the PDF report for owners', async () => {
    const res = await api.contract(owner).GET('/v1/assessments/{id}/report.pdf', { ...byId(assessmentId), parseAs: 'arrayBuffer' });
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(bodyOf(res).slice(0, 5)).toString()).toBe('%PDF-');
    expectProblem(answered(await api.contract(other).GET('/v1/assessments/{id}/report.pdf', byId(assessmentId))), 404, 'not_found');
  });
});

describe('tokens and roles', () => {
  let owner: string;

  beforeAll(async () => {
    owner = (await register('Roles Ltd')).token.secret;
  });

  it('lets owners mint scoped tokens that act within their role', async () => {
    const minted = await api.contract(owner).POST('/v1/tokens', { body: { role: 'respondent', actorType: 'agent', label: 'survey agent', expiresInDays: 7 } });
    expect(minted.response.status).toBe(201);
    const { token } = bodyOf(minted);
    expect(token).toMatchObject({ role: 'respondent', actorType: 'agent', label: 'survey agent', expiresAt: expect.any(String) });
    const agent = api.contract(token.secret);
    const draft = await agent.POST('/v1/assessments', { body: { questionnaireId: 'agent-identity', version: '1.0.0' } });
    expect(draft.response.status).toBe(201);
    expect(bodyOf(draft).createdBy).toMatchObject({ actorType: 'agent', label: 'survey agent' });
    expectProblem(answered(await agent.GET('/v1/tokens')), 403, 'forbidden');
    expectProblem(answered(await api.contract(owner).POST('/v1/tokens', { body: { role: 'analyst', label: 'x' } })), 400, 'validation_failed');
  });

  it('revokes a token on its next request', async () => {
    const client = api.contract(owner);
    const { token } = bodyOf(await client.POST('/v1/tokens', { body: { role: 'leader', label: 'board member' } }));
    const leader = api.contract(token.secret);
    expect((await leader.GET('/v1/assessments')).response.status).toBe(200);
    expect((await client.DELETE('/v1/tokens/{id}', byId(token.id))).response.status).toBe(204);
    expectProblem(answered(await leader.GET('/v1/assessments')), 401, 'token_revoked');
    expectProblem(answered(await client.DELETE('/v1/tokens/{id}', byId('not-a-token'))), 404, 'not_found');
  });

  it('keeps analysts to aggregates', async () => {
    const minted = bodyOf(await api.contract(platform.adminKey).POST('/v1/tokens', { body: { role: 'analyst', label: 'benchmark analyst' } }));
    const analyst = minted.token.secret;
    expectProblem(answered(await api.contract(analyst).GET('/v1/assessments')), 403, 'forbidden');
    const cohort = { params: { query: { questionnaireId: 'agent-identity' } } };
    expect((await api.contract(analyst).GET('/v1/benchmarks', cohort)).response.status).toBe(200);
    expectProblem(answered(await api.contract(owner).GET('/v1/benchmarks', cohort)), 403, 'forbidden');
    // An industry the document does not list: only the untyped client can send it.
    expectProblem(await api.get('/v1/benchmarks?questionnaireId=agent-identity&industry=piracy', analyst), 400, 'validation_failed');
  });
});

describe('benchmarks', () => {
  it('withholds small cohorts, and shows a released cohort and positions with intervals once it is large enough', async () => {
    const analyst = api.contract(
      bodyOf(await api.contract(platform.adminKey).POST('/v1/tokens', { body: { role: 'analyst', label: 'analyst 2' } })).token.secret,
    );
    // The submissions below are on 1.0.0, whose figures are not pooled with the newest version's (docs/benchmarks.md, "Versions").
    const healthcare = { params: { query: { questionnaireId: 'agent-identity', industry: 'healthcare', version: '1.0.0' } } } as const;
    const figures = async () => bodyOf(await analyst.GET('/v1/benchmarks', healthcare));
    await platform.drainStream();
    // Empty: the noisy count (scale 10/3 at the defaults) stays below 10 (98% of draws; the test's noise is seeded).
    expect(await figures()).toMatchObject({
      cohort: { questionnaireId: 'agent-identity', industry: 'healthcare', population: 'real' },
      synthetic: false,
      suppressed: true,
      reason: 'noisy organisation count below the minimum of 10',
    });

    const submitted: { token: string; id: string }[] = [];
    for (let i = 0; i < 25; i++) {
      const { organisation: org, token } = await register(`Clinic ${i}`, { industry: 'healthcare' });
      await verifyOrganisation(api, platform.adminKey, org.id);
      const client = api.contract(token.secret);
      const draft = bodyOf(await client.POST('/v1/assessments', { body: { questionnaireId: 'agent-identity', version: '1.0.0' } }));
      const answers = completeAnswers(questionnaire, (n) => Math.min(n - 1, Math.floor(i / 5)));
      expect((await client.PATCH('/v1/assessments/{id}/answers', { ...byId(draft.id), body: { revision: 0, answers } })).response.status).toBe(200);
      expect((await client.POST('/v1/assessments/{id}/submit', byId(draft.id))).response.status).toBe(200);
      // The first owner key lives an hour and the clock moves a day below: a leader key reads the position.
      const reader = bodyOf(await client.POST('/v1/tokens', { body: { role: 'leader', label: 'benchmark reader' } })).token.secret;
      submitted.push({ token: reader, id: draft.id });
    }
    await platform.drainStream();
    // Today's release was made before they joined: it stays as it was until tomorrow.
    expect(await figures()).toMatchObject({ suppressed: true });
    offsetMs += 86_400_000;
    // 25 organisations: the noisy count falls below 10 in under 1% of draws.
    const stats = await figures();
    expect(stats).toMatchObject({
      suppressed: false,
      release: { date: clock.now().toISOString().slice(0, 10), period: 'day', epsilon: '4', confidence: 0.9 },
    });
    if (stats.suppressed) throw new Error('the cohort is still suppressed');
    const { p10, p50, p90, mean } = stats.overall;
    expect(p10.value).toBeLessThanOrEqual(p50.value);
    expect(p50.value).toBeLessThanOrEqual(p90.value);
    for (const f of [p10, p50, p90, mean, stats.n]) expect(f.low <= f.value && f.value <= f.high).toBe(true);
    expect(JSON.stringify(stats)).not.toMatch(/Clinic|organisationId/);

    const position = async (who: { token: string; id: string }, query: { industry: 'healthcare'; region?: 'asia-pacific' }) =>
      bodyOf(await api.contract(who.token).GET('/v1/assessments/{id}/benchmark', { params: { path: { id: who.id }, query } }));
    const lowest = await position(submitted[0]!, { industry: 'healthcare' });
    const highest = await position(submitted[24]!, { industry: 'healthcare' });
    expect(lowest).toMatchObject({ suppressed: false, n: stats.n, release: stats.release });
    if (lowest.suppressed || highest.suppressed) throw new Error('a position is suppressed');
    expect(lowest.overall.percentile.value).toBeLessThan(highest.overall.percentile.value);
    expect(lowest.overall.p50).toEqual(stats.overall.p50);
    const small = await position(submitted[0]!, { industry: 'healthcare', region: 'asia-pacific' });
    // A kind of cohort no release publishes: the reference population stands in, labelled (docs/benchmarks.md).
    expect(small).toMatchObject({
      cohort: { questionnaireId: 'agent-identity', industry: 'healthcare', region: 'asia-pacific', population: 'reference' },
      synthetic: true,
      reference: true,
      suppressed: false,
      realCohort: { status: 'not-published', reason: expect.stringContaining('not published') },
    });
  });
});
