/**
 * Questionnaire versions through a real server on DynamoDB Local: every agent-identity
 * version is served, the diff shows what changed, and POST …/upgrade moves a draft
 * (and only a draft) to a newer version, through every migration between (1.0.0 →
 * 1.1.0 → 1.2.0), with problem documents for every refusal.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { keyExchanger } from '../support/key-exchange';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { createDraft, registerOrganisation } from '../support/api-steps';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let owner: string;
/** The owner key exchanged for a token, for requests sent without the test client (the API takes no keys). */
let ownerToken: string;
let v100: ServedQuestionnaire;
let v110: ServedQuestionnaire;

/** Questions 1.2.0 adds, in its migration's order. */
const ADDED_IN_120 = [
  'agent-to-agent-authentication',
  'data-reach-by-sensitivity',
  'audit-log-retention',
  'data-touched-by-sensitivity',
  'programme-owner',
  'third-party-agent-grants',
  'approver-separation',
];
/** 1.1.0 questions whose answers 1.2.0 takes under another id (identity-reuse split in two). */
const RENAMED_IN_120: Record<string, string[]> = {
  'identity-reuse': ['identity-shared-across-agents', 'identity-shared-across-environments'],
  'privileged-agent-share': ['privileged-agent-proportion'],
  'token-audience-binding': ['token-audience-enforcement'],
  'agent-inventory': ['agent-inventory-records'],
  'agent-ownership': ['agent-owner-coverage'],
  'agent-credential-type': ['weakest-credential-type'],
};

async function draft(version: string, answers: Record<string, unknown> = {}) {
  const created = await createDraft(api, owner, version);
  if (Object.keys(answers).length === 0) return created;
  const saved = await api.patch(`/v1/assessments/${created.id}/answers`, { revision: 0, answers }, owner);
  expect(saved.status).toBe(200);
  // The assessment as a read returns it: a save's response also lists what it cleared.
  const { cleared: _, ...assessment } = saved.body;
  return assessment;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  owner = (await registerOrganisation(api, 'Versions plc', { industry: 'technology' })).token.secret;
  ownerToken = (await keyExchanger(platform.url).credentialFor(owner))!;
  expect(ownerToken).not.toMatch(/^aim_/);
  v100 = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  v110 = (await api.get('/v1/questionnaires/agent-identity/versions/1.1.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

describe('questionnaire versions', () => {
  it('serves 1.0.0, 1.1.0 and 1.2.0, with 1.2.0 as the latest, and their migrations', async () => {
    const list = await api.get('/v1/questionnaires');
    expect(list.body.questionnaires.find((q: { id: string }) => q.id === 'agent-identity')).toMatchObject({
      latest: '1.2.0',
      versions: [
        { version: '1.0.0', status: 'published' },
        { version: '1.1.0', status: 'published' },
        { version: '1.2.0', status: 'published' },
      ],
    });
    expect(v100.domains).toHaveLength(7);
    const v110 = await api.get('/v1/questionnaires/agent-identity/versions/1.1.0');
    expect(v110.status).toBe(200);
    expect(v110.body.domains.map((d: { id: string }) => d.id)).toEqual(v100.domains.map((d) => d.id));
    expect(v110.body.migration).toMatchObject({ from: '1.0.0', added: ['approved-tool-register'] });
    const v120 = await api.get('/v1/questionnaires/agent-identity/versions/1.2.0');
    expect(v120.body.domains.map((d: { id: string }) => d.id)).toEqual(v100.domains.map((d) => d.id));
    expect(v120.body.domains.flatMap((d: { questions: unknown[] }) => d.questions)).toHaveLength(40);
    expect(v120.body.migration).toMatchObject({ from: '1.1.0', removed: [], added: ADDED_IN_120 });
  });

  it('shows the diff from 1.1.0 to 1.2.0: added questions, identity-reuse split in two, and the renamed questions', async () => {
    const res = await api.get('/v1/questionnaires/agent-identity/diff?from=1.1.0&to=1.2.0');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '1.1.0', to: '1.2.0', path: ['1.1.0', '1.2.0'] });
    expect(res.body.questions.added.map((q: { id: string }) => q.id)).toEqual(ADDED_IN_120);
    expect(res.body.questions.removed).toEqual([]);
    const routes = res.body.questions.changed.map((c: { from: string; to: string }) => `${c.from} → ${c.to}`);
    expect(routes).toEqual(expect.arrayContaining(Object.entries(RENAMED_IN_120).flatMap(([from, to]) => to.map((t) => `${from} → ${t}`))));
    const convention = res.body.equivalences.find((e: { to: string }) => e.to === 'token-audience-enforcement');
    expect(convention.options).toMatchObject({ 'by-convention': 'convention-only', some: 'enforced-some' });
    // "under a quarter" straddles the new 5% boundary: it has no equivalent, so it is asked again.
    expect(res.body.equivalences.find((e: { to: string }) => e.to === 'privileged-agent-proportion').options['under-quarter']).toBeUndefined();
  });

  it('shows the diff from 1.0.0 to 1.2.0 through 1.1.0', async () => {
    const res = await api.get('/v1/questionnaires/agent-identity/diff?from=1.0.0&to=1.2.0');
    expect(res.status).toBe(200);
    expect(res.body.path).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect(res.body.questions.added.map((q: { id: string }) => q.id)).toEqual(expect.arrayContaining(['approved-tool-register', ...ADDED_IN_120]));
    expect(res.body.equivalences.find((e: { to: string }) => e.to === 'approval-record')).toMatchObject({ from: 'approval-binding' });
  });

  it('shows the diff from 1.0.0 to 1.1.0', async () => {
    const res = await api.get('/v1/questionnaires/agent-identity/diff?from=1.0.0&to=1.1.0');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ questionnaireId: 'agent-identity', from: '1.0.0', to: '1.1.0', path: ['1.0.0', '1.1.0'] });
    expect(res.body.questions.added.map((q: { id: string }) => q.id)).toEqual(['approved-tool-register']);
    expect(res.body.questions.removed).toEqual([]);
    const split = res.body.questions.changed.filter((c: { from: string }) => c.from === 'approval-binding');
    expect(split.map((c: { to: string }) => c.to)).toEqual(['approval-action-binding', 'approval-record']);
    expect(res.body.questions.changed.find((c: { to: string }) => c.to === 'agent-inventory')).toMatchObject({
      wordingOnly: true,
      changes: [{ path: 'prompt', wording: true }],
    });
    expect(res.body.equivalences.find((e: { to: string }) => e.to === 'approval-record').options).toMatchObject({ logged: 'logged', signed: 'signed' });
    expect(res.body.controls.added).toEqual(['ctl-approved-tool-register']);
  });

  it('answers bad diff requests with problem documents', async () => {
    expectProblem(await api.get('/v1/questionnaires/agent-identity/diff?from=1.1.0&to=1.0.0'), 400, 'validation_failed', '/query/to');
    expectProblem(await api.get('/v1/questionnaires/agent-identity/diff?from=one&to=1.1.0'), 400, 'validation_failed', '/query/from');
    expectProblem(await api.get('/v1/questionnaires/agent-identity/diff?to=1.1.0'), 400, 'validation_failed', '/query/from');
    expectProblem(await api.get('/v1/questionnaires/agent-identity/diff?from=1.0.0&to=7.0.0'), 404, 'not_found');
    expectProblem(await api.get('/v1/questionnaires/no-such-thing/diff?from=1.0.0&to=1.1.0'), 404, 'not_found');
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.paths['/v1/questionnaires/{id}/diff']?.get).toBeDefined();
    expect(doc.paths['/v1/assessments/{id}/upgrade']?.post).toBeDefined();
  });
});

describe('POST /v1/assessments/{id}/upgrade', () => {
  it('moves a complete 1.0.0 draft to 1.1.0 keeping its answers, and lists what needs an answer', async () => {
    const answers = completeAnswers(v100, (levels) => Math.floor(levels / 2));
    const before = await draft('1.0.0', answers);
    const res = await api.post(`/v1/assessments/${before.id}/upgrade`, { version: '1.1.0', revision: before.revision }, owner);
    expect(res.status).toBe(200);
    expect(res.body.assessment).toMatchObject({ id: before.id, version: '1.1.0', revision: before.revision + 1, status: 'draft' });
    for (const [questionId, answer] of Object.entries(answers))
      if (questionId !== 'approval-binding') expect(res.body.assessment.answers[questionId], questionId).toMatchObject(answer);
    expect(res.body.upgrade.needsAnswer).toContain('approved-tool-register');
    const read = await api.get(`/v1/assessments/${before.id}`, owner);
    expect(read.body).toEqual(res.body.assessment);
  });

  it('moves a 1.1.0 draft to 1.2.0: kept answers kept, split and renamed questions carried as declared, the rest asked again', async () => {
    const answers = {
      ...completeAnswers(v110, (levels) => Math.floor(levels / 2)),
      // Both halves of the split take "never, and tooling checks it".
      'identity-reuse': { value: 'never-checked', comment: 'one identity per agent and environment' },
      'token-audience-binding': { value: 'by-convention' },
      'agent-ownership': { value: 'most' },
      // No equivalent: these straddle the new options, so 1.2.0 asks them again.
      'privileged-agent-share': { value: 'under-quarter' },
      'agent-inventory': { value: 'complete-for-production' },
      'agent-credential-type': { value: 'rotated-secrets' },
      // Carried tick by tick; without "disable the identity" (essential) 1.2.0 scores it at most 2.
      'containment-actions': { value: ['revoke-tokens', 'pause-fleet'] },
    };
    const before = await draft('1.1.0', answers);
    const res = await api.post(`/v1/assessments/${before.id}/upgrade`, { version: '1.2.0', revision: before.revision }, owner);
    expect(res.status).toBe(200);
    const { assessment, upgrade } = res.body;
    expect(assessment).toMatchObject({ id: before.id, version: '1.2.0', revision: before.revision + 1, status: 'draft' });
    expect(upgrade.from).toBe('1.1.0');
    expect(upgrade.to).toBe('1.2.0');

    for (const [questionId, answer] of Object.entries(answers))
      if (!RENAMED_IN_120[questionId]) expect(assessment.answers[questionId], questionId).toMatchObject(answer);
    for (const questionId of Object.keys(RENAMED_IN_120)) expect(assessment.answers[questionId], questionId).toBeUndefined();
    expect(assessment.answers['identity-shared-across-agents']).toMatchObject({ value: 'all-checked', comment: 'one identity per agent and environment' });
    expect(assessment.answers['identity-shared-across-environments']).toMatchObject({ value: 'all-checked' });
    expect(assessment.answers['token-audience-enforcement']).toMatchObject({ value: 'convention-only' });
    expect(assessment.answers['agent-owner-coverage']).toMatchObject({ value: 'most' });

    const reAsked = ['privileged-agent-proportion', 'agent-inventory-records', 'weakest-credential-type'];
    expect(upgrade.dropped.map((d: { question: string; to?: string }) => `${d.question} → ${d.to}`).sort()).toEqual([
      'agent-credential-type → weakest-credential-type',
      'agent-inventory → agent-inventory-records',
      'privileged-agent-share → privileged-agent-proportion',
    ]);
    for (const id of reAsked) expect(assessment.answers[id], id).toBeUndefined();
    expect([...upgrade.needsAnswer].sort()).toEqual([...ADDED_IN_120, ...reAsked].sort());
    expect(upgrade.carried).toHaveLength(Object.keys(assessment.answers).length);

    const read = await api.get(`/v1/assessments/${before.id}`, owner);
    expect(read.body).toEqual(assessment);
    // Once answered, what needed an answer, the draft submits on 1.2.0 (scoring method 2).
    const v120 = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body as ServedQuestionnaire;
    const rest = Object.fromEntries(Object.entries(completeAnswers(v120, () => 0)).filter(([id]) => upgrade.needsAnswer.includes(id)));
    expect((await api.patch(`/v1/assessments/${before.id}/answers`, { revision: assessment.revision, answers: rest }, owner)).status).toBe(200);
    const submitted = await api.post(`/v1/assessments/${before.id}/submit`, {}, owner);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ version: '1.2.0', status: 'submitted' });
  });

  it('moves a 1.0.0 draft straight to 1.2.0, chaining the migrations through 1.1.0', async () => {
    const answers = completeAnswers(v100, (levels) => levels - 1);
    const before = await draft('1.0.0', answers);
    const res = await api.post(`/v1/assessments/${before.id}/upgrade`, { version: '1.2.0', revision: before.revision }, owner);
    expect(res.status).toBe(200);
    const { assessment, upgrade } = res.body;
    expect(assessment).toMatchObject({ version: '1.2.0', revision: before.revision + 1 });
    expect(upgrade).toMatchObject({ from: '1.0.0', to: '1.2.0' });
    // approval-binding split in 1.1.0; its halves keep their ids in 1.2.0.
    expect(assessment.answers['approval-action-binding']).toMatchObject({ value: 'exact-parameters' });
    expect(assessment.answers['approval-record']).toMatchObject({ value: 'signed' });
    // identity-reuse split in 1.2.0: the highest 1.0.0 answer speaks to both halves.
    expect(assessment.answers['identity-shared-across-agents']).toMatchObject({ value: 'all-issued-automatically' });
    expect(assessment.answers['identity-shared-across-environments']).toMatchObject({ value: 'all-issued-per-environment' });
    expect(assessment.answers['agent-owner-coverage']).toMatchObject({ value: 'all-reattested' });
    // 1.0.0 let "none prepared" be ticked with actions; 1.2.0 takes it only alone, so that answer is asked again.
    expect(answers['containment-actions']!.value).toContain('none-prepared');
    expect(assessment.answers['containment-actions']).toBeUndefined();
    expect(upgrade.dropped.find((d: { question: string }) => d.question === 'containment-actions').reason).toMatch(/none-prepared/);
    expect(upgrade.dropped.map((d: { question: string }) => d.question).sort()).toEqual(['agent-credential-type', 'agent-inventory', 'containment-actions']);
    expect([...upgrade.needsAnswer].sort()).toEqual(
      ['approved-tool-register', ...ADDED_IN_120, 'agent-inventory-records', 'weakest-credential-type', 'containment-actions'].sort(),
    );
    expect((await api.get(`/v1/assessments/${before.id}`, owner)).body).toEqual(assessment);
  });

  it('lets a respondent upgrade, and forbids a leader', async () => {
    const leader = (await api.post('/v1/tokens', { role: 'leader', label: 'board' }, owner)).body.token.secret;
    const respondent = (await api.post('/v1/tokens', { role: 'respondent', actorType: 'agent', label: 'survey agent' }, owner)).body.token.secret;
    const d = await draft('1.0.0');
    expectProblem(await api.post(`/v1/assessments/${d.id}/upgrade`, { version: '1.1.0' }, leader), 403, 'forbidden');
    expect((await api.post(`/v1/assessments/${d.id}/upgrade`, { version: '1.1.0' }, respondent)).status).toBe(200);
  });

  it('never changes a submitted assessment (409), and refuses bad requests with pointers', async () => {
    const d = await draft(
      '1.0.0',
      completeAnswers(v100, () => 0),
    );
    expect((await api.post(`/v1/assessments/${d.id}/submit`, {}, owner)).status).toBe(200);
    const submitted = (await api.get(`/v1/assessments/${d.id}`, owner)).body;
    expectProblem(await api.post(`/v1/assessments/${d.id}/upgrade`, { version: '1.1.0' }, owner), 409, 'assessment_not_draft');
    expect((await api.get(`/v1/assessments/${d.id}`, owner)).body).toEqual(submitted);

    const fresh = await draft('1.0.0');
    expectProblem(await api.post(`/v1/assessments/${fresh.id}/upgrade`, { version: 'latest' }, owner), 400, 'validation_failed', '/body/version');
    expectProblem(await api.post(`/v1/assessments/${fresh.id}/upgrade`, { version: '1.1.0', surprise: 1 }, owner), 400, 'validation_failed');
    expectProblem(await api.post(`/v1/assessments/${fresh.id}/upgrade`, { version: '1.1.0', revision: 5 }, owner), 409, 'revision_conflict');
    expectProblem(await api.post('/v1/assessments/not-an-assessment/upgrade', { version: '1.1.0' }, owner), 404, 'not_found');
    expectProblem(await api.post(`/v1/assessments/${fresh.id}/upgrade`, { version: '1.1.0' }), 401, 'unauthenticated');
  });
});

describe('malformed requests to the version routes', () => {
  const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '%2e%2e', '1.0', '01.0.0', '1.0.0.0', '-1.0.0', 'x'.repeat(500), '💥'));

  async function expectClientProblem(method: string, path: string, body?: string) {
    const res = await fetch(`${platform.url}${path}`, { method, headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' }, body });
    const text = await res.text();
    expect(res.status, `${method} ${path} ${body ?? ''} → ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `${method} ${path} ${body ?? ''} → ${text.slice(0, 200)}`).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  }

  it('answers 4xx problem documents, never 5xx, and leaves the draft unchanged', async () => {
    const target = await draft('1.0.0', { 'agent-inventory': { value: 'none' } });
    await fc.assert(
      fc.asyncProperty(junk, junk, junk, async (id, from, to) => {
        await expectClientProblem('GET', `/v1/questionnaires/${encodeURIComponent(id)}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      }),
      { numRuns: 100, seed: 3 },
    );
    const bodies = fc.oneof(
      junk.map((version) => JSON.stringify({ version })),
      // Any revision but the current one: a valid request would upgrade the draft.
      fc
        .jsonValue({ maxDepth: 2 })
        .filter((value) => value !== target.revision)
        .map((revision) => JSON.stringify({ version: '1.1.0', revision })),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        await expectClientProblem('POST', `/v1/assessments/${target.id}/upgrade`, body);
      }),
      { numRuns: 150, seed: 4 },
    );
    expect((await api.get(`/v1/assessments/${target.id}`, owner)).body).toEqual(target);
  });
});
