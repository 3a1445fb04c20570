/**
 * The improvement plan (issue 19), through a real server on DynamoDB Local: made from a
 * submission, its items assigned, dated and worked through (a respondent only on items they
 * own), stale edits conflicting, every change audited, carried forward when a reopened
 * assessment is answered better and submitted, exported as CSV, and kept per scope.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { createDraft } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';
import { makeWorld, type World } from '../support/world';

const PLAN = '/v1/plans/agent-identity';
const CSV_HEADER =
  'control_id,title,domains,questions,expected_gain,window,status,owner_type,owner,due_date,completed_at,wont_do_reason,notes,still_recommended,recommended_in,achieved_in';

interface Item {
  controlId: string;
  questionIds: string[];
  domains: { id: string }[];
  owner: { type: string; id: string; name: string } | null;
  dueDate: string | null;
  status: string;
  wontDoReason: string | null;
  notes: string | null;
  completedAt: string | null;
  achievedIn: string | null;
  recommendedIn: string;
  stillRecommended: boolean;
  revision: number;
}

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let questionnaire: ServedQuestionnaire;

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Plan Ltd');
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body;
});

afterAll(async () => {
  await platform?.stop();
});

const asRespondent = () => ({ headers: world.people.respondent.headers });
const patchItem = (controlId: string, body: Record<string, unknown>, token = world.tokens.owner, query = '') =>
  api.call('PATCH', `${PLAN}/items/${encodeURIComponent(controlId)}${query}`, { token, body });
const planOf = async (token = world.tokens.owner, query = ''): Promise<{ items: Item[]; [k: string]: any }> => {
  const res = await api.get(`${PLAN}${query}`, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const itemOf = async (controlId: string) => (await planOf()).items.find((i) => i.controlId === controlId)!;

/** The person id of a member, found by their provider subject in the owner's member list. */
async function personIdOf(name: keyof World['people']): Promise<string> {
  const members = await api.get('/v1/members', world.tokens.owner);
  return members.body.members.find((m: { person: { subject: string } }) => m.person.subject === world.people[name].subject).person.id;
}

/** The organisation's audit events of one operation, newest first. */
async function auditOf(operation: string): Promise<{ operation: string; target: { type: string; id: string } }[]> {
  const res = await api.get('/v1/audit?kind=changes&limit=200', world.tokens.owner);
  expect(res.status).toBe(200);
  return res.body.events.filter((e: { operation: string }) => e.operation === operation);
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks); the repo has a CSV writer but no reader. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** Answers by domain: `low` domains at their lowest option, the others at their highest. */
const answersWith = (low: (domainId: string) => boolean) => {
  const domainOf = new Map(questionnaire.domains.flatMap((d) => d.questions.map((q) => [q.id, d.id] as const)));
  return completeAnswers(questionnaire, (n, question) => (low(domainOf.get(question.id)!) ? 0 : n - 1));
};

describe('the improvement plan', () => {
  // Domain 0 improves in the second submission (its items become achieved); domain 1 gets worse
  // (its controls are newly recommended); the rest stay at the lowest level (their items stay open).
  let improving: string;
  let worsening: string;
  let first: string;
  let second: string;
  let kept: Item;
  let assignedToRespondent: Item;
  let finished: Item;
  let agentId: string;
  let respondentId: string;

  beforeAll(async () => {
    improving = questionnaire.domains[0]!.id;
    worsening = questionnaire.domains[1]!.id;
    const draft = await createDraft(api, world.tokens.owner!, questionnaire.version);
    const answers = answersWith((d) => d !== worsening);
    expect((await api.patch(`/v1/assessments/${draft.id}/answers`, { revision: 0, answers }, world.tokens.owner)).status).toBe(200);
    expect((await api.post(`/v1/assessments/${draft.id}/submit`, {}, world.tokens.owner)).status).toBe(200);
    first = draft.id;
    respondentId = await personIdOf('respondent');
    const key = await generateKeyPair('ES256', { extractable: true });
    const agent = await api.post('/v1/agents', { label: 'Remediation bot', role: 'respondent', jwk: await exportJWK(key.publicKey) }, world.tokens.owner);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    agentId = agent.body.agent.id;
  });

  it('does not exist before it is made; a draft cannot make it', async () => {
    expectProblem(await api.get(PLAN, world.tokens.owner), 404, 'plan_not_found');
    const draft = await createDraft(api, world.tokens.owner!, questionnaire.version);
    expectProblem(await api.post(`${PLAN}/carry-forward`, { assessmentId: draft.id }, world.tokens.owner), 409, 'assessment_not_submitted');
    expectProblem(await api.post(`${PLAN}/carry-forward`, { assessmentId: 'no-such-assessment' }, world.tokens.owner), 404, 'not_found');
    expectProblem(await api.post(`${PLAN}/carry-forward`, { assessmentId: first }, world.tokens.respondent), 403, 'forbidden');
  });

  it('is made from a submission (201), and the same submission again changes nothing (200)', async () => {
    const created = await api.post(`${PLAN}/carry-forward`, { assessmentId: first }, world.tokens.owner);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toBe(PLAN);
    expect(created.body).toMatchObject({ questionnaireId: 'agent-identity', scopeId: null, basedOn: { assessmentId: first } });
    const items = created.body.items as Item[];
    expect(items.length).toBeGreaterThan(3);
    for (const item of items)
      expect(item).toMatchObject({
        status: 'planned',
        owner: null,
        dueDate: null,
        revision: 1,
        recommendedIn: first,
        achievedIn: null,
        stillRecommended: true,
      });
    expect(created.body.summary).toMatchObject({ planned: items.length, open: items.length, done: 0, achieved: 0 });
    // No item is called for by the domain answered at its best.
    expect(items.some((i) => i.domains.some((d) => d.id === worsening) && i.domains.length === 1)).toBe(false);

    const again = await api.post(`${PLAN}/carry-forward`, { assessmentId: first }, world.tokens.owner);
    expect(again.status).toBe(200);
    expect(again.body.items).toEqual(items);
    expect((await planOf()).items).toEqual(items);

    const onlyIn = (domainId: string) => (i: Item) => i.domains.every((d) => d.id === domainId);
    const staying = items.filter((i) => i.domains.every((d) => d.id !== improving && d.id !== worsening));
    expect(staying.length).toBeGreaterThan(2);
    expect(items.some(onlyIn(improving))).toBe(true);
    [kept, assignedToRespondent, finished] = staying as [Item, Item, Item];
  });

  it('lists members and live agents as assignees', async () => {
    const res = await api.get(`${PLAN}/assignees`, world.tokens.owner);
    expect(res.status).toBe(200);
    const assignees = res.body.assignees as { type: string; id: string; name: string; role: string | null }[];
    expect(assignees).toContainEqual(expect.objectContaining({ type: 'person', id: respondentId, role: 'respondent' }));
    expect(assignees).toContainEqual({ type: 'agent', id: agentId, name: 'Remediation bot', role: null });
    expect(assignees.findIndex((a) => a.type === 'agent')).toBeGreaterThan(assignees.findLastIndex((a) => a.type === 'person'));
    expectProblem(await api.get(`${PLAN}/assignees`, world.tokens.respondent), 403, 'forbidden');
  });

  it('assigns items to a member or an agent, with a due date; a non-member is refused at /body/owner/id', async () => {
    const toAgent = await patchItem(kept.controlId, { revision: 1, owner: { type: 'agent', id: agentId }, dueDate: '2027-01-31', notes: 'Start with CI' });
    expect(toAgent.status, JSON.stringify(toAgent.body)).toBe(200);
    expect(toAgent.body).toMatchObject({
      owner: { type: 'agent', id: agentId, name: 'Remediation bot' },
      dueDate: '2027-01-31',
      notes: 'Start with CI',
      revision: 2,
      updatedBy: { role: 'owner' },
    });
    kept = toAgent.body;

    const toPerson = await patchItem(assignedToRespondent.controlId, { revision: 1, owner: { type: 'person', id: respondentId } }, world.tokens.leader);
    expect(toPerson.status, JSON.stringify(toPerson.body)).toBe(200);
    expect(toPerson.body.owner).toMatchObject({ type: 'person', id: respondentId });
    assignedToRespondent = toPerson.body;

    const stranger = await patchItem(finished.controlId, { revision: 1, owner: { type: 'person', id: 'not-a-member' } });
    expectProblem(stranger, 400, 'validation_failed', '/body/owner/id');
    expectProblem(await patchItem(finished.controlId, { revision: 1, owner: { type: 'agent', id: respondentId } }), 400, 'validation_failed', '/body/owner/id');
    expectProblem(await patchItem(finished.controlId, { revision: 1, dueDate: '2027-02-30' }), 400, 'validation_failed');
    expectProblem(await patchItem(finished.controlId, { revision: 1 }), 400, 'validation_failed');
    expectProblem(await patchItem('no-such-control', { revision: 1, notes: 'x' }), 404, 'not_found');
    // Nothing refused was written.
    expect(await itemOf(finished.controlId)).toEqual(finished);
  });

  it("moves through statuses: won't do needs a reason, done records completedAt, leaving them clears both", async () => {
    const c = finished.controlId;
    expectProblem(await patchItem(c, { revision: 1, status: 'wont_do' }), 400, 'validation_failed', '/body/wontDoReason');
    expectProblem(await patchItem(c, { revision: 1, status: 'in_progress', wontDoReason: 'no' }), 400, 'validation_failed', '/body/wontDoReason');
    expectProblem(await patchItem(c, { revision: 1, status: 'achieved' }), 400, 'validation_failed');

    const wont = await patchItem(c, { revision: 1, status: 'wont_do', wontDoReason: 'Covered by the vendor' });
    expect(wont.status, JSON.stringify(wont.body)).toBe(200);
    expect(wont.body).toMatchObject({ status: 'wont_do', wontDoReason: 'Covered by the vendor', completedAt: null, revision: 2 });
    const progress = await patchItem(c, { revision: 2, status: 'in_progress' });
    expect(progress.body).toMatchObject({ status: 'in_progress', wontDoReason: null, completedAt: null, revision: 3 });
    const done = await patchItem(c, { revision: 3, status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', revision: 4 });
    expect(Date.parse(done.body.completedAt)).toBeGreaterThan(Date.now() - 60_000);
    const back = await patchItem(c, { revision: 4, status: 'planned' });
    expect(back.body).toMatchObject({ status: 'planned', completedAt: null, revision: 5 });
    finished = (await patchItem(c, { revision: 5, status: 'done' })).body;
    expect(finished).toMatchObject({ status: 'done', revision: 6 });
    expect((await planOf()).summary).toMatchObject({ done: 1 });
  });

  it('refuses a stale revision with the current item, overwriting nothing', async () => {
    const stale = await patchItem(kept.controlId, { revision: 1, notes: 'overwrite?', status: 'done' });
    expectProblem(stale, 409, 'revision_conflict');
    expect(stale.body.currentRevision).toBe(kept.revision);
    expect(stale.body.current).toEqual(kept);
    expect(await itemOf(kept.controlId)).toEqual(kept);
  });

  it('lets a respondent change the status and notes of items they own, and nothing else', async () => {
    const mine = await api.call('PATCH', `${PLAN}/items/${assignedToRespondent.controlId}`, {
      ...asRespondent(),
      body: { revision: assignedToRespondent.revision, status: 'in_progress', notes: 'Drafting the policy' },
    });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body).toMatchObject({ status: 'in_progress', notes: 'Drafting the policy', updatedBy: { role: 'respondent' } });
    assignedToRespondent = mine.body;

    const ownerOnly = { ...asRespondent(), body: { revision: assignedToRespondent.revision, dueDate: '2027-05-01' } };
    expectProblem(await api.call('PATCH', `${PLAN}/items/${assignedToRespondent.controlId}`, ownerOnly), 403, 'forbidden');
    const reassign = { ...asRespondent(), body: { revision: assignedToRespondent.revision, owner: null } };
    expectProblem(await api.call('PATCH', `${PLAN}/items/${assignedToRespondent.controlId}`, reassign), 403, 'forbidden');
    const others = { ...asRespondent(), body: { revision: kept.revision, status: 'done' } };
    expectProblem(await api.call('PATCH', `${PLAN}/items/${kept.controlId}`, others), 403, 'forbidden');
    expect(await itemOf(kept.controlId)).toEqual(kept);
    expect(await itemOf(assignedToRespondent.controlId)).toEqual(assignedToRespondent);

    // Respondents read the plan.
    expect((await api.call('GET', PLAN, asRespondent())).status).toBe(200);
  });

  it('audits making the plan and every item change', async () => {
    const carried = await auditOf('plan.carryForward');
    expect(carried).toHaveLength(1);
    expect(carried[0]!.target).toMatchObject({ type: 'plan', id: 'agent-identity' });
    const updates = await auditOf('plan.item.update');
    // Two assignments, five status changes, one respondent change.
    expect(updates).toHaveLength(8);
    expect(updates.map((e) => e.target.id)).toContain(`agent-identity/${kept.controlId}`);
  });

  it('carries forward to a better submission: open items kept, met ones achieved, new ones added; it never goes back', async () => {
    const reopened = await api.post(`/v1/assessments/${first}/reopen`, {}, world.tokens.owner);
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(201);
    second = reopened.body.id;
    const answers = answersWith((d) => d !== improving);
    expect((await api.patch(`/v1/assessments/${second}/answers`, { revision: reopened.body.revision, answers }, world.tokens.owner)).status).toBe(200);
    // The submit carries the plan forward itself.
    expect((await api.post(`/v1/assessments/${second}/submit`, {}, world.tokens.owner)).status).toBe(200);

    const plan = await planOf();
    expect(plan.basedOn.assessmentId).toBe(second);
    const byId = new Map(plan.items.map((i) => [i.controlId, i]));
    expect(byId.get(kept.controlId)).toMatchObject({
      status: 'planned',
      owner: kept.owner,
      dueDate: '2027-01-31',
      notes: 'Start with CI',
      stillRecommended: true,
      recommendedIn: first,
      achievedIn: null,
    });
    expect(byId.get(assignedToRespondent.controlId)).toMatchObject({ status: 'in_progress', notes: 'Drafting the policy', owner: { id: respondentId } });
    // Still recommended: done, but the answers have not moved yet.
    expect(byId.get(finished.controlId)).toMatchObject({ status: 'done', completedAt: finished.completedAt, stillRecommended: true });

    const achieved = plan.items.filter((i) => i.status === 'achieved');
    expect(achieved.length).toBeGreaterThan(0);
    for (const item of achieved) {
      expect(item).toMatchObject({ achievedIn: second, stillRecommended: false, recommendedIn: first });
      expect(item.completedAt).toBe((await api.get(`/v1/assessments/${second}`, world.tokens.owner)).body.submittedAt);
      expect(item.domains.map((d) => d.id)).toContain(improving);
    }
    const added = plan.items.filter((i) => i.recommendedIn === second);
    expect(added.length).toBeGreaterThan(0);
    for (const item of added) expect(item).toMatchObject({ status: 'planned', revision: 1, owner: null });
    expect(added.some((i) => i.domains.some((d) => d.id === worsening))).toBe(true);
    expect(plan.summary.achieved).toBe(achieved.length);

    const carried = await auditOf('plan.carryForward');
    expect(carried).toHaveLength(2);

    // The same submission again changes nothing; the earlier one would go back.
    expect((await api.post(`${PLAN}/carry-forward`, { assessmentId: second }, world.tokens.owner)).status).toBe(200);
    const back = await api.post(`${PLAN}/carry-forward`, { assessmentId: first }, world.tokens.owner);
    expectProblem(back, 409, 'plan_newer');
    expect(back.body.basedOn.assessmentId).toBe(second);
    expect((await planOf()).items).toEqual(plan.items);
  });

  it('exports as CSV: the documented header and one row per item, in the order of the JSON plan', async () => {
    const plan = await planOf();
    for (const res of [
      await api.get(`${PLAN}?format=csv`, world.tokens.owner),
      await api.call('GET', PLAN, { token: world.tokens.owner, headers: { accept: 'text/csv' } }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="aim-plan-agent-identity-\d{4}-\d{2}-\d{2}\.csv"$/);
      const text = res.body as string;
      expect(text.split(/\r?\n/)[0]).toBe(CSV_HEADER);
      const [header, ...rows] = parseCsv(text);
      expect(rows).toHaveLength(plan.items.length);
      const column = (row: string[], name: string) => row[header!.indexOf(name)];
      expect(rows.map((r) => column(r, 'control_id'))).toEqual(plan.items.map((i) => i.controlId));
      const keptRow = rows.find((r) => column(r, 'control_id') === kept.controlId)!;
      expect(column(keptRow, 'owner_type')).toBe('agent');
      expect(column(keptRow, 'owner')).toBe('Remediation bot');
      expect(column(keptRow, 'due_date')).toBe('2027-01-31');
      expect(column(keptRow, 'notes')).toBe('Start with CI');
      expect(column(keptRow, 'status')).toBe('planned');
      expect(column(keptRow, 'still_recommended')).toBe('true');
      const achievedRow = rows.find((r) => column(r, 'status') === 'achieved')!;
      expect(column(achievedRow, 'achieved_in')).toBe(second);
    }
  });
});

describe('plans of scopes', () => {
  let scopeId: string;
  let otherScopeId: string;
  let scoped: string;

  /** A submitted assessment of a scope, every answer at its lowest. */
  async function submitInScope(id: string) {
    const draft = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: questionnaire.version, scopeId: id }, world.tokens.owner);
    expect(draft.status).toBe(201);
    const answers = completeAnswers(questionnaire, () => 0);
    expect((await api.patch(`/v1/assessments/${draft.body.id}/answers`, { revision: 0, answers }, world.tokens.owner)).status).toBe(200);
    expect((await api.post(`/v1/assessments/${draft.body.id}/submit`, {}, world.tokens.owner)).status).toBe(200);
    return draft.body.id as string;
  }

  beforeAll(async () => {
    scopeId = (await api.post('/v1/scopes', { name: 'Payments', kind: 'business_unit' }, world.tokens.owner)).body.id;
    otherScopeId = (await api.post('/v1/scopes', { name: 'Agent platform', kind: 'platform' }, world.tokens.owner)).body.id;
    scoped = await submitInScope(scopeId);
  });

  it("are separate from the whole organisation's plan, made only from the scope's assessments", async () => {
    const whole = await planOf();
    const q = `?scopeId=${scopeId}`;
    expectProblem(await api.get(`${PLAN}${q}`, world.tokens.owner), 404, 'plan_not_found');
    expectProblem(await api.get(`${PLAN}?scopeId=no-such-scope`, world.tokens.owner), 404, 'not_found');
    // An assessment of the whole organisation does not make a scope's plan, nor the reverse.
    const wrong = await api.post(`${PLAN}/carry-forward${q}`, { assessmentId: whole.basedOn.assessmentId }, world.tokens.owner);
    expectProblem(wrong, 400, 'validation_failed', '/body/assessmentId');
    expectProblem(await api.post(`${PLAN}/carry-forward`, { assessmentId: scoped }, world.tokens.owner), 400, 'validation_failed', '/body/assessmentId');

    const created = await api.post(`${PLAN}/carry-forward${q}`, { assessmentId: scoped }, world.tokens.owner);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toBe(`${PLAN}${q}`);
    expect(created.body).toMatchObject({ scopeId, basedOn: { assessmentId: scoped } });
    const item = (created.body.items as Item[])[0]!;
    expect(item.recommendedIn).toBe(scoped);

    // Editing the scope's item leaves the whole organisation's alone.
    const edited = await patchItem(item.controlId, { revision: 1, notes: 'Payments only', dueDate: '2027-09-30' }, world.tokens.owner, q);
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await planOf(world.tokens.owner, q)).items.find((i) => i.controlId === item.controlId)!.notes).toBe('Payments only');
    expect(await planOf()).toEqual({ ...whole, summary: expect.any(Object) });
    expect((await api.get(`${PLAN}/assignees${q}`, world.tokens.owner)).status).toBe(200);

    // A later submission of the scope carries the scope's plan, not the organisation's.
    const later = await submitInScope(scopeId);
    expect((await planOf(world.tokens.owner, q)).basedOn.assessmentId).toBe(later);
    expect((await planOf()).basedOn.assessmentId).toBe(whole.basedOn.assessmentId);

    // The scope's report shows the scope's plan (with the date set on it), not the organisation's.
    const report = await api.get(`/v1/assessments/${later}/report.json`, world.tokens.owner);
    expect(report.status).toBe(200);
    expect(report.body.plan.basedOn.assessmentId).toBe(later);
    expect(report.body.plan.items.find((i: Item) => i.controlId === item.controlId).dueDate).toBe('2027-09-30');

    const targets = (await auditOf('plan.carryForward')).map((e) => e.target.id);
    expect(targets).toContain(`agent-identity@${scopeId}`);
    expect((await auditOf('plan.item.update')).map((e) => e.target.id)).toContain(`agent-identity@${scopeId}/${item.controlId}`);
  });

  it("give a respondent restricted to a scope that scope's plan, and no other", async () => {
    const respondentId = await personIdOf('respondent');
    expect((await api.call('PUT', `/v1/members/${respondentId}/scope`, { token: world.tokens.owner, body: { scopeId } })).status).toBe(204);

    const own = await api.call('GET', PLAN, asRespondent());
    expect(own.status).toBe(200);
    expect(own.body.scopeId).toBe(scopeId);
    expect((await api.call('GET', `${PLAN}?scopeId=${scopeId}`, asRespondent())).body.scopeId).toBe(scopeId);
    expectProblem(await api.call('GET', `${PLAN}?scopeId=${otherScopeId}`, asRespondent()), 404, 'not_found');
    // The whole organisation's plan is out of reach too: a change to the item they own there
    // lands on their scope's plan, where the item is not theirs, and nothing is written.
    const wholeItems = (await planOf()).items;
    const theirs = wholeItems.find((i) => i.owner?.id === respondentId)!;
    const body = { revision: theirs.revision, status: 'done' };
    const refused = await api.call('PATCH', `${PLAN}/items/${theirs.controlId}`, { ...asRespondent(), body });
    expect([403, 404]).toContain(refused.status);
    expect(await itemOf(theirs.controlId)).toEqual(theirs);
  });
});
