/**
 * Milestones, comparisons and progress (issue 19), through a real server on DynamoDB Local:
 * a submitted assessment saved under a name unique in the organisation; two submissions of
 * one scope compared (scores, changed answers with who changed them, plan items closed in
 * between, cohort movement); progress over time against targets with the plan's burn-down;
 * and each scope seeing its own milestones, submissions and plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { createDraft, submitAssessment } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

const Q = 'agent-identity';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let questionnaire: ServedQuestionnaire;

const asPerson = (name: keyof World['people'], extra: { body?: unknown } = {}) => ({ headers: world.people[name].headers, ...extra });
const lowest = () => 0;
const highest = (levels: number) => levels - 1;

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Milestones Ltd');
  questionnaire = (await api.get(`/v1/questionnaires/${Q}/versions/1.2.0`)).body;
});

afterAll(async () => {
  await platform?.stop();
});

/** The person id of a member, found by their provider subject in the owner's member list. */
async function personIdOf(name: keyof World['people']): Promise<string> {
  const members = await api.get('/v1/members', world.tokens.owner);
  return members.body.members.find((m: { person: { subject: string } }) => m.person.subject === world.people[name].subject).person.id;
}

/** A draft (of a scope, or the whole organisation) answered at `pick(levels)` everywhere and submitted by the owner. */
async function submitFresh(pick: (levels: number) => number, scopeId?: string) {
  const token = world.tokens.owner;
  const draft = await api.post('/v1/assessments', { questionnaireId: Q, version: questionnaire.version, ...(scopeId ? { scopeId } : {}) }, token);
  expect(draft.status).toBe(201);
  const answers = completeAnswers(questionnaire, (n) => pick(n));
  expect((await api.call('PATCH', `/v1/assessments/${draft.body.id}/answers`, { token, body: { revision: 0, answers } })).status).toBe(200);
  const submitted = await api.post(`/v1/assessments/${draft.body.id}/submit`, {}, token);
  expect(submitted.status).toBe(200);
  return submitted.body as { id: string; submittedAt: string; scores: { overall: { score: number; level: number } } };
}

/**
 * Reopens a submission; `answerer` (a signed-in person) answers everything at the highest
 * level; the owner submits. The answers of the new submission were changed by `answerer`.
 */
async function improve(id: string, answerer: keyof World['people']) {
  const draft = await api.post(`/v1/assessments/${id}/reopen`, {}, world.tokens.owner);
  expect(draft.status).toBe(201);
  const answers = completeAnswers(questionnaire, (n) => highest(n));
  const patched = await api.call('PATCH', `/v1/assessments/${draft.body.id}/answers`, asPerson(answerer, { body: { revision: draft.body.revision, answers } }));
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const submitted = await api.post(`/v1/assessments/${draft.body.id}/submit`, {}, world.tokens.owner);
  expect(submitted.status).toBe(200);
  return submitted.body as { id: string; submittedAt: string; scores: { overall: { score: number; level: number } } };
}

/** Carries the plan of (questionnaire, scope) forward from a submission; marks its first open item done. */
async function planWithOneDone(assessmentId: string, scopeId?: string) {
  const query = scopeId ? `?scopeId=${scopeId}` : '';
  const carried = await api.post(`/v1/plans/${Q}/carry-forward${query}`, { assessmentId }, world.tokens.owner);
  expect([200, 201]).toContain(carried.status);
  const item = carried.body.items.find((i: { status: string }) => i.status === 'planned');
  expect(item).toBeDefined();
  const done = await api.call('PATCH', `/v1/plans/${Q}/items/${item.controlId}${query}`, {
    token: world.tokens.owner,
    body: { revision: item.revision, status: 'done', dueDate: '2027-01-31' },
  });
  expect(done.status).toBe(200);
  expect(done.body.completedAt).toEqual(expect.any(String));
  return { controlId: item.controlId as string, items: carried.body.items.length as number };
}

const trail = async () =>
  (await api.get('/v1/audit?kind=changes&limit=200', world.tokens.owner)).body.events as { operation: string; target: { id: string } }[];

describe('milestones, comparisons and progress', () => {
  let first: Awaited<ReturnType<typeof submitFresh>>;
  let second: Awaited<ReturnType<typeof submitFresh>>;
  let doneControl: string;
  let planItems: number;
  let baseline: { id: string };

  beforeAll(async () => {
    first = await submitFresh(lowest);
    ({ controlId: doneControl, items: planItems } = await planWithOneDone(first.id));
    second = await improve(first.id, 'respondent');
  });

  it('are created from a submitted assessment (201, audited milestone.create)', async () => {
    const created = await api.post('/v1/milestones', { assessmentId: first.id, name: 'Q3 board review' }, world.tokens.owner);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/milestones/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'Q3 board review',
      assessmentId: first.id,
      questionnaireId: Q,
      scopeId: null,
      version: questionnaire.version,
      submittedAt: first.submittedAt,
      overall: { score: first.scores.overall.score, level: first.scores.overall.level },
      createdBy: { role: 'owner' },
    });
    baseline = created.body;
    const events = (await trail()).filter((e) => e.operation === 'milestone.create');
    expect(events.map((e) => e.target.id)).toContain(baseline.id);
  });

  it('refuse a name taken in any case, a draft, another organisation’s assessment and respondents', async () => {
    const sameName = await api.post('/v1/milestones', { assessmentId: second.id, name: 'q3 BOARD Review' }, world.tokens.leader);
    expectProblem(sameName, 409, 'milestone_name_taken');
    const draft = await createDraft(api, world.tokens.owner!, questionnaire.version);
    expectProblem(await api.post('/v1/milestones', { assessmentId: draft.id, name: 'Draft' }, world.tokens.owner), 409, 'assessment_not_submitted');
    const foreign = await submitAssessment(api, world.tokens.otherOrg!, questionnaire, lowest);
    expectProblem(await api.post('/v1/milestones', { assessmentId: foreign.id, name: 'Theirs' }, world.tokens.owner), 404, 'not_found');
    expectProblem(await api.post('/v1/milestones', { assessmentId: first.id, name: 'Mine' }, world.tokens.respondent), 403, 'forbidden');
    expectProblem(await api.post('/v1/milestones', { assessmentId: first.id, name: '' }, world.tokens.owner), 400, 'validation_failed');
  });

  it('are listed newest submission first, filtered by questionnaire', async () => {
    const later = await api.post('/v1/milestones', { assessmentId: second.id, name: 'After the agent platform migration' }, world.tokens.leader);
    expect(later.status).toBe(201);
    const listed = await api.get('/v1/milestones', world.tokens.respondent);
    expect(listed.status).toBe(200);
    expect(listed.body.milestones.map((m: { name: string }) => m.name)).toEqual(['After the agent platform migration', 'Q3 board review']);
    expect((await api.get(`/v1/milestones?questionnaireId=${Q}`, world.tokens.owner)).body.milestones).toHaveLength(2);
    expect((await api.get('/v1/milestones?questionnaireId=other-questionnaire', world.tokens.owner)).body.milestones).toEqual([]);
    expect((await api.get('/v1/milestones', world.tokens.otherOrg)).body.milestones).toEqual([]);
  });

  it('are deleted (audited milestone.delete); the assessment stays', async () => {
    const temporary = await api.post('/v1/milestones', { assessmentId: first.id, name: 'Temporary' }, world.tokens.owner);
    expect(temporary.status).toBe(201);
    expectProblem(await api.del(`/v1/milestones/${temporary.body.id}`, world.tokens.respondent), 403, 'forbidden');
    expect((await api.del(`/v1/milestones/${temporary.body.id}`, world.tokens.owner)).status).toBe(204);
    expectProblem(await api.del(`/v1/milestones/${temporary.body.id}`, world.tokens.owner), 404, 'not_found');
    const names = (await api.get('/v1/milestones', world.tokens.owner)).body.milestones.map((m: { name: string }) => m.name);
    expect(names).not.toContain('Temporary');
    expect((await api.get(`/v1/assessments/${first.id}`, world.tokens.owner)).status).toBe(200);
    // The name is free again.
    const again = await api.post('/v1/milestones', { assessmentId: second.id, name: 'temporary' }, world.tokens.owner);
    expect(again.status).toBe(201);
    expect((await api.del(`/v1/milestones/${again.body.id}`, world.tokens.owner)).status).toBe(204);
    const deleted = (await trail()).filter((e) => e.operation === 'milestone.delete').map((e) => e.target.id);
    expect(deleted).toEqual(expect.arrayContaining([temporary.body.id, again.body.id]));
  });

  it('compare two submissions, the earlier as `from` in either order', async () => {
    const forward = await api.get(`/v1/comparisons?from=${first.id}&to=${second.id}`, world.tokens.owner);
    expect(forward.status).toBe(200);
    const backward = await api.get(`/v1/comparisons?from=${second.id}&to=${first.id}`, world.tokens.owner);
    expect(backward.status).toBe(200);
    expect(backward.body).toEqual(forward.body);
    const c = forward.body;
    expect(c).toMatchObject({
      questionnaireId: Q,
      scopeId: null,
      from: { assessmentId: first.id, milestone: { id: baseline.id, name: 'Q3 board review' }, submittedAt: first.submittedAt },
      to: { assessmentId: second.id, milestone: { name: 'After the agent platform migration' }, submittedAt: second.submittedAt },
    });
    expect(c.overall.from).toEqual({ score: first.scores.overall.score, level: first.scores.overall.level });
    expect(c.overall.to).toEqual({ score: second.scores.overall.score, level: second.scores.overall.level });
    expect(c.overall.change).toBeCloseTo(second.scores.overall.score - first.scores.overall.score, 2);
    expect(c.overall.change).toBeGreaterThan(0);
    expect(c.domains.map((d: { id: string }) => d.id)).toEqual(questionnaire.domains.map((d) => d.id));
    expect(c.domains.every((d: { change: number }) => d.change > 0)).toBe(true);
  });

  it('list the answers that changed, in words, with who changed them', async () => {
    const c = (await api.get(`/v1/comparisons?from=${first.id}&to=${second.id}`, world.tokens.owner)).body;
    expect(c.changedAnswers.length).toBeGreaterThan(0);
    for (const answer of c.changedAnswers) {
      // Every answer of the second submission was given by the respondent person, not the owner key that gave the first.
      expect(answer.changedBy).toMatchObject({ role: 'respondent', actorType: 'human' });
      expect(answer.changedAt).toEqual(expect.any(String));
      expect(answer.from === null || typeof answer.from.text === 'string').toBe(true);
    }
    // The earlier submission's answers were given by the owner key: a different actor.
    const earlier = (await api.get(`/v1/assessments/${first.id}`, world.tokens.owner)).body;
    const changed = c.changedAnswers[0];
    expect(earlier.answers[changed.questionId].updatedBy.role).toBe('owner');
    expect(earlier.answers[changed.questionId].updatedBy.tokenId).not.toBe(changed.changedBy.tokenId);
    const order = questionnaire.domains.flatMap((d) => d.questions.map((q) => q.id));
    const positions = c.changedAnswers.map((a: { questionId: string }) => order.indexOf(a.questionId));
    expect(positions).toEqual([...positions].sort((a: number, b: number) => a - b));
  });

  it('list the plan items closed between the two submissions', async () => {
    const c = (await api.get(`/v1/comparisons?from=${first.id}&to=${second.id}`, world.tokens.owner)).body;
    const done = c.completedPlanItems.find((i: { controlId: string }) => i.controlId === doneControl);
    // Marked done after the first submission; the second one's answers meet its level, so carrying the plan forward found it achieved.
    expect(done).toMatchObject({ status: expect.stringMatching(/^(done|achieved)$/), completedAt: expect.any(String) });
    for (const item of c.completedPlanItems) {
      expect(['done', 'achieved']).toContain(item.status);
      expect(item.completedAt > first.submittedAt && item.completedAt <= second.submittedAt).toBe(true);
    }
  });

  it('show the cohort movement only where a median may be shown', async () => {
    const c = (await api.get(`/v1/comparisons?from=${first.id}&to=${second.id}`, world.tokens.owner)).body;
    const benchmark = await api.get(`/v1/assessments/${second.id}/benchmark`, world.tokens.owner);
    if (c.cohort === null) {
      // Without a median on either side (a cohort too small to show), there is nothing to move against.
      expect(benchmark.status !== 200 || benchmark.body.suppressed !== false || benchmark.body.overall?.p50 === undefined).toBe(true);
    } else {
      expect(c.cohort.description).toEqual(expect.any(String));
      if (c.cohort.from && c.cohort.to) expect(c.cohort.movement).toBeCloseTo(c.cohort.to.difference - c.cohort.from.difference, 2);
    }
    // Respondents may not see benchmark positions: none for them.
    expect((await api.get(`/v1/comparisons?from=${first.id}&to=${second.id}`, world.tokens.respondent)).body.cohort).toBeNull();
  });

  it('refuse the same assessment twice, a draft, another organisation’s assessment and a bad query', async () => {
    expectProblem(await api.get(`/v1/comparisons?from=${first.id}&to=${first.id}`, world.tokens.owner), 400, 'validation_failed', '/query/to');
    const draft = await createDraft(api, world.tokens.owner!, questionnaire.version);
    expectProblem(await api.get(`/v1/comparisons?from=${first.id}&to=${draft.id}`, world.tokens.owner), 409, 'assessment_not_submitted');
    expectProblem(await api.get(`/v1/comparisons?from=${first.id}&to=nope`, world.tokens.owner), 404, 'not_found');
    expectProblem(await api.get(`/v1/comparisons?from=${first.id}`, world.tokens.owner), 400, 'validation_failed');
    expectProblem(await api.get(`/v1/comparisons?from=${first.id}&to=${second.id}`, world.tokens.otherOrg), 404, 'not_found');
  });

  it('show progress: each submission in time order with its milestone, the targets, the burn-down and the plan totals', async () => {
    const none = await api.get(`/v1/progress/${Q}`, world.tokens.owner);
    expect(none.status).toBe(200);
    expect(none.body.targets).toBeNull();
    const targets = await api.call('PUT', `/v1/targets/${Q}`, {
      token: world.tokens.owner,
      body: { revision: 0, domains: { auditing: 4 }, overall: 3, targetDate: '2027-06-30' },
    });
    expect(targets.status).toBe(200);

    const progress = await api.get(`/v1/progress/${Q}`, world.tokens.leader);
    expect(progress.status).toBe(200);
    const p = progress.body;
    expect(p).toMatchObject({ questionnaireId: Q, scopeId: null, targets: { revision: 1, domains: { auditing: 4 }, overall: 3 } });
    expect(p.points.map((x: { assessmentId: string }) => x.assessmentId)).toEqual([first.id, second.id]);
    expect(p.points.map((x: { milestone: { name: string } | null }) => x.milestone?.name)).toEqual(['Q3 board review', 'After the agent platform migration']);
    expect(p.points[0].overall).toEqual({ score: first.scores.overall.score, level: first.scores.overall.level });
    expect(Object.keys(p.points[1].domains).sort()).toEqual(questionnaire.domains.map((d) => d.id).sort());

    expect(p.plan.total).toBe(planItems);
    expect(p.plan.closed).toBeGreaterThanOrEqual(1);
    expect(p.plan.total).toBe(p.plan.closed + p.plan.open + p.plan.wontDo);
    const dates = p.burnDown.map((b: { date: string }) => b.date);
    expect(dates).toEqual([...dates].sort());
    // The done item is due on 2027-01-31: the burn-down has a point there counting it.
    expect(p.burnDown.find((b: { date: string }) => b.date === '2027-01-31')).toMatchObject({ due: expect.any(Number) });
    expect(p.burnDown.at(-1).closed).toBeGreaterThanOrEqual(1);

    expectProblem(await api.get('/v1/progress/no-such-questionnaire', world.tokens.owner), 404, 'not_found');
    expectProblem(await api.get(`/v1/progress/${Q}?scopeId=no-such-scope`, world.tokens.owner), 404, 'not_found');
    expectProblem(await api.get(`/v1/progress/${Q}`, world.tokens.analyst), 403, 'forbidden');
  });

  describe('in scopes', () => {
    let payments: { id: string };
    let platformScope: { id: string };
    let s1: Awaited<ReturnType<typeof submitFresh>>;
    let s2: Awaited<ReturnType<typeof submitFresh>>;
    let scopeDone: string;

    beforeAll(async () => {
      payments = (await api.post('/v1/scopes', { name: 'Payments', kind: 'business_unit' }, world.tokens.owner)).body;
      platformScope = (await api.post('/v1/scopes', { name: 'Agent platform', kind: 'platform' }, world.tokens.owner)).body;
      s1 = await submitFresh(lowest, payments.id);
      ({ controlId: scopeDone } = await planWithOneDone(s1.id, payments.id));
      s2 = await improve(s1.id, 'respondent');
    });

    it("carry their assessment's scope and are filtered by it; an unknown scope is 404", async () => {
      const created = await api.post('/v1/milestones', { assessmentId: s1.id, name: 'Payments baseline' }, world.tokens.owner);
      expect(created.status).toBe(201);
      expect(created.body.scopeId).toBe(payments.id);
      const scoped = await api.get(`/v1/milestones?scopeId=${payments.id}`, world.tokens.owner);
      expect(scoped.body.milestones.map((m: { name: string }) => m.name)).toEqual(['Payments baseline']);
      expect((await api.get(`/v1/milestones?scopeId=${platformScope.id}`, world.tokens.owner)).body.milestones).toEqual([]);
      expect((await api.get('/v1/milestones', world.tokens.owner)).body.milestones).toHaveLength(3);
      expectProblem(await api.get('/v1/milestones?scopeId=no-such-scope', world.tokens.owner), 404, 'not_found');
    });

    it("compare within one scope, with the items of that scope's plan; never across scopes", async () => {
      const c = await api.get(`/v1/comparisons?from=${s2.id}&to=${s1.id}`, world.tokens.owner);
      expect(c.status).toBe(200);
      expect(c.body).toMatchObject({
        scopeId: payments.id,
        from: { assessmentId: s1.id, milestone: { name: 'Payments baseline' } },
        to: { assessmentId: s2.id },
      });
      expect(c.body.completedPlanItems.find((i: { controlId: string }) => i.controlId === scopeDone)).toMatchObject({
        status: expect.stringMatching(/^(done|achieved)$/),
      });
      // The whole organisation's plan had its item done before s1 was even submitted; the scope's plan is the one read.
      const scopePlan = (await api.get(`/v1/plans/${Q}?scopeId=${payments.id}`, world.tokens.owner)).body;
      const closedInScope = scopePlan.items.filter((i: { completedAt: string | null }) => i.completedAt !== null && i.completedAt > s1.submittedAt);
      expect(c.body.completedPlanItems.map((i: { controlId: string }) => i.controlId).sort()).toEqual(
        closedInScope.map((i: { controlId: string }) => i.controlId).sort(),
      );

      const across = await api.get(`/v1/comparisons?from=${first.id}&to=${s2.id}`, world.tokens.owner);
      expectProblem(across, 400, 'validation_failed', '/query/from');
    });

    it("show one scope's progress at a time: its submissions and its plan", async () => {
      const scoped = (await api.get(`/v1/progress/${Q}?scopeId=${payments.id}`, world.tokens.owner)).body;
      expect(scoped.scopeId).toBe(payments.id);
      expect(scoped.points.map((x: { assessmentId: string }) => x.assessmentId)).toEqual([s1.id, s2.id]);
      expect(scoped.points[0].milestone).toMatchObject({ name: 'Payments baseline' });
      const scopePlan = (await api.get(`/v1/plans/${Q}?scopeId=${payments.id}`, world.tokens.owner)).body;
      expect(scoped.plan.total).toBe(scopePlan.items.length);

      const whole = (await api.get(`/v1/progress/${Q}`, world.tokens.owner)).body;
      expect(whole.points.map((x: { assessmentId: string }) => x.assessmentId)).toEqual([first.id, second.id]);
      const empty = (await api.get(`/v1/progress/${Q}?scopeId=${platformScope.id}`, world.tokens.owner)).body;
      expect(empty).toMatchObject({ scopeId: platformScope.id, points: [], plan: null, burnDown: [] });
    });

    it('show a respondent restricted to a scope only that scope', async () => {
      const respondentId = await personIdOf('respondent');
      const restrict = await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId: payments.id } });
      expect(restrict.status).toBe(204);

      const progress = await api.call('GET', `/v1/progress/${Q}`, asPerson('respondent'));
      expect(progress.status).toBe(200);
      expect(progress.body.scopeId).toBe(payments.id);
      expect(progress.body.points.map((x: { assessmentId: string }) => x.assessmentId)).toEqual([s1.id, s2.id]);
      expect((await api.call('GET', `/v1/progress/${Q}?scopeId=${payments.id}`, asPerson('respondent'))).status).toBe(200);
      expectProblem(await api.call('GET', `/v1/progress/${Q}?scopeId=${platformScope.id}`, asPerson('respondent')), 404, 'not_found');

      const listed = await api.call('GET', '/v1/milestones', asPerson('respondent'));
      expect(listed.body.milestones.map((m: { name: string }) => m.name)).toEqual(['Payments baseline']);
      expectProblem(await api.call('GET', `/v1/milestones?scopeId=${platformScope.id}`, asPerson('respondent')), 404, 'not_found');

      expect((await api.call('GET', `/v1/comparisons?from=${s1.id}&to=${s2.id}`, asPerson('respondent'))).status).toBe(200);
      expectProblem(await api.call('GET', `/v1/comparisons?from=${first.id}&to=${second.id}`, asPerson('respondent')), 404, 'not_found');

      // Lifting the restriction gives the whole organisation back.
      expect((await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId: null } })).status).toBe(204);
      const whole = await api.call('GET', `/v1/progress/${Q}`, asPerson('respondent'));
      expect(whole.body.points.map((x: { assessmentId: string }) => x.assessmentId)).toEqual([first.id, second.id]);
    });
  });
});
