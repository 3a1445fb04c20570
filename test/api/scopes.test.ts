/**
 * Scopes (issue 19), through a real server on DynamoDB Local: owners create named scopes,
 * assessments name one (or cover the whole organisation), a respondent restricted to a
 * scope reaches only that scope's assessments, the roll-up shows each scope's latest
 * scores, and only whole-organisation submissions feed benchmarks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { submitAssessment } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Scopes Ltd');
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

const asPerson = (name: keyof World['people']) => ({ headers: world.people[name].headers });

/** A submitted assessment of a scope, answered at `pick(levels)` everywhere. */
async function submitInScope(scopeId: string, pick: (levels: number) => number, token = world.tokens.owner) {
  const draft = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: questionnaire.version, scopeId }, token);
  expect(draft.status).toBe(201);
  expect(draft.body.scopeId).toBe(scopeId);
  const answers = completeAnswers(questionnaire, (n) => pick(n));
  expect((await api.call('PATCH', `/v1/assessments/${draft.body.id}/answers`, { token, body: { revision: 0, answers } })).status).toBe(200);
  const submitted = await api.post(`/v1/assessments/${draft.body.id}/submit`, {}, token);
  expect(submitted.status).toBe(200);
  return submitted.body;
}

/** The person id of a member, found by their provider subject in the owner's member list. */
async function personIdOf(name: keyof World['people']): Promise<string> {
  const members = await api.get('/v1/members', world.tokens.owner);
  const found = members.body.members.find((m: { person: { subject: string } }) => m.person.subject === world.people[name].subject);
  return found.person.id;
}

describe('scopes', () => {
  let payments: { id: string };
  let platformScope: { id: string };

  it('are created by owners with names unique in any case; members list them; others may not create', async () => {
    const created = await api.post('/v1/scopes', { name: 'Payments', kind: 'business_unit', description: 'Card and transfer services' }, world.tokens.owner);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Payments', kind: 'business_unit', description: 'Card and transfer services', createdBy: { role: 'owner' } });
    payments = created.body;
    const again = await api.post('/v1/scopes', { name: 'payments', kind: 'platform' }, world.tokens.owner);
    expectProblem(again, 409, 'scope_name_taken', '/body/name');
    expectProblem(await api.post('/v1/scopes', { name: 'Agents', kind: 'platform' }, world.tokens.leader), 403, 'forbidden');
    expectProblem(await api.post('/v1/scopes', { name: 'Agents', kind: 'planet' }, world.tokens.owner), 400, 'validation_failed');
    platformScope = (await api.post('/v1/scopes', { name: 'Agent platform', kind: 'platform' }, world.tokens.owner)).body;

    const listed = await api.get('/v1/scopes', world.tokens.respondent);
    expect(listed.status).toBe(200);
    expect(listed.body.scopes.map((s: { name: string }) => s.name)).toEqual(['Agent platform', 'Payments']);
    expectProblem(await api.get('/v1/scopes', world.tokens.analyst), 403, 'forbidden');
  });

  it('name the assessments made in them; an unknown scope is refused at /body/scopeId', async () => {
    const unknown = await api.post(
      '/v1/assessments',
      { questionnaireId: 'agent-identity', version: questionnaire.version, scopeId: 'no-such-scope' },
      world.tokens.owner,
    );
    expectProblem(unknown, 400, 'validation_failed', '/body/scopeId');
  });

  it('count only whole-organisation submissions towards benchmarks: a scope submission leaves no benchmark snapshot', async () => {
    const whole = await submitAssessment(api, world.tokens.owner!, questionnaire, () => 0);
    const scoped = await submitInScope(payments.id, (n) => n - 1);
    const exported = await api.get('/v1/organisation/export', world.tokens.owner);
    expect(exported.status).toBe(200);
    expect((exported.body.submissions as { assessmentId: string }[]).map((s) => s.assessmentId)).toEqual([whole.id]);
    expect(scoped.scopeId).toBe(payments.id);
  });

  it("restrict a respondent to one scope: only that scope's assessments are listed and found, new ones land there", async () => {
    const respondentId = await personIdOf('respondent');
    // Only respondents are restricted; an unknown scope is refused.
    const leaderId = await personIdOf('leader');
    const leaderScope = { token: world.tokens.owner, body: { scopeId: payments.id } };
    expectProblem(await api.call('PUT', `/v1/members/${leaderId}/scope`, leaderScope), 400, 'validation_failed', '/body/scopeId');
    const unknownScope = { token: world.tokens.owner, body: { scopeId: 'nope' } };
    expectProblem(await api.call('PUT', `/v1/members/${respondentId}/scope`, unknownScope), 400, 'validation_failed', '/body/scopeId');
    expectProblem(await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.leader, body: { scopeId: payments.id } }), 403, 'forbidden');
    expect((await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId: payments.id } })).status).toBe(204);

    const members = await api.get('/v1/members', world.tokens.owner);
    expect(members.body.members.find((m: { person: { id: string } }) => m.person.id === respondentId).scopeId).toBe(payments.id);

    const all = await api.get('/v1/assessments', world.tokens.owner);
    const wholeOrg = all.body.assessments.find((a: { scopeId?: string }) => a.scopeId === undefined);
    const listed = await api.call('GET', '/v1/assessments', asPerson('respondent'));
    expect(listed.status).toBe(200);
    expect(listed.body.assessments.length).toBeGreaterThan(0);
    expect(listed.body.assessments.every((a: { scopeId?: string }) => a.scopeId === payments.id)).toBe(true);
    expectProblem(await api.call('GET', `/v1/assessments/${wholeOrg.id}`, asPerson('respondent')), 404, 'not_found');
    expectProblem(await api.call('POST', `/v1/assessments/${wholeOrg.id}/reopen`, asPerson('respondent')), 404, 'not_found');

    const mine = await api.call('POST', '/v1/assessments', {
      ...asPerson('respondent'),
      body: { questionnaireId: 'agent-identity', version: questionnaire.version },
    });
    expect(mine.status).toBe(201);
    expect(mine.body.scopeId).toBe(payments.id);
    const elsewhere = await api.call('POST', '/v1/assessments', {
      ...asPerson('respondent'),
      body: { questionnaireId: 'agent-identity', version: questionnaire.version, scopeId: platformScope.id },
    });
    expectProblem(elsewhere, 403, 'forbidden');
    expect((await api.call('GET', '/v1/scopes', asPerson('respondent'))).body.scopes.map((s: { id: string }) => s.id)).toEqual([payments.id]);

    // Lifting the restriction gives the whole organisation back.
    expect((await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId: null } })).status).toBe(204);
    expect((await api.call('GET', `/v1/assessments/${wholeOrg.id}`, asPerson('respondent'))).status).toBe(200);
    expect((await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId: payments.id } })).status).toBe(204);
  });

  it("roll up each scope's latest scores beside the whole organisation's; a restricted respondent sees their scope only", async () => {
    const rollUp = await api.get('/v1/scopes/roll-up?questionnaireId=agent-identity', world.tokens.leader);
    expect(rollUp.status).toBe(200);
    const rows = rollUp.body.rows as { scope: { name: string } | null; latest: { overall: { level: number } } | null; drafts: number }[];
    expect(rows.map((r) => r.scope?.name ?? 'whole')).toEqual(['whole', 'Agent platform', 'Payments']);
    expect(rows[0]!.latest?.overall.level).toBe(1);
    expect(rows[1]!.latest).toBeNull();
    expect(rows[2]!.latest!.overall.level).toBeGreaterThan(1);
    expect(rows[2]!.drafts).toBe(1);
    expect(rollUp.body.domains.length).toBeGreaterThan(3);

    const restricted = await api.call('GET', '/v1/scopes/roll-up?questionnaireId=agent-identity', asPerson('respondent'));
    expect(restricted.status).toBe(200);
    expect(restricted.body.rows.map((r: { scope: { name: string } | null }) => r.scope?.name ?? 'whole')).toEqual(['Payments']);
    expectProblem(await api.get('/v1/scopes/roll-up?questionnaireId=nope', world.tokens.owner), 404, 'not_found');
  });

  it('are audited: scope.create and member.scope, with readable names', async () => {
    const trail = await api.get('/v1/audit?kind=changes&limit=100', world.tokens.owner);
    expect(trail.status).toBe(200);
    const events = trail.body.events as { operation: string; target: { type: string; name: string | null } }[];
    const created = events.filter((e) => e.operation === 'scope.create');
    expect(created.map((e) => e.target.name).sort()).toEqual(['Agent platform', 'Payments']);
    const restricted = events.filter((e) => e.operation === 'member.scope');
    expect(restricted.length).toBe(3);
    expect(restricted[0]!.target.name).toBe('Respondent person');
  });
});
