/**
 * The improvement plan in the report (issue 19), through a real server on DynamoDB Local:
 * once the plan is carried forward from a submission and its items are assigned, dated and
 * worked on, report.json carries the plan and the PDF (read back with pdftotext) prints its
 * owners, dates and statuses instead of the roadmap; a caller whose token may not read the
 * plan gets none; once the plan moves on to a later submission, the earlier report keeps
 * its roadmap and says where the plan went.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { submitAssessment } from '../support/api-steps';
import { API_KEY_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../support/key-exchange';
import { startTestPlatform } from '../support/platform-fixture';
import { postTokenForm } from '../support/token-endpoint';
import { makeWorld, type World } from '../support/world';

const PLAN = '/v1/plans/agent-identity';
const ROADMAP_HEADING = 'Roadmap: the next 30, 60 and 90 days';
/** What a token needs to read a report (the cohort position included). */
const REPORT_SCOPE = 'assessments.report assessments.benchmark';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let world: World;
let questionnaire: ServedQuestionnaire;
const dir = mkdtempSync(join(tmpdir(), 'aim-plan-report-'));

beforeAll(async () => {
  platform = await startTestPlatform();
  api = apiClient(platform.url);
  world = await makeWorld(api, platform, 'Plan Report Ltd');
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.2.0')).body;
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The PDF report of `id`, checked by qpdf and read back as laid-out text. */
async function pdfText(id: string, name: string): Promise<string> {
  const res = await api.get(`/v1/assessments/${id}/report.pdf`, world.tokens.owner);
  expect(res.status).toBe(200);
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, res.body);
  expect(execFileSync('/usr/bin/qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** A token for the leader's key bound to one assessment, with `scope`. */
async function boundToken(assessmentId: string, scope: string): Promise<string> {
  const exchanged = await postTokenForm(platform.url, {
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: world.tokens.leader!,
    subject_token_type: API_KEY_TOKEN_TYPE,
    scope,
    resource: `${platform.url}/v1/assessments/${assessmentId}`,
  });
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
  return exchanged.body.access_token as string;
}

describe('the improvement plan in the report', () => {
  let first: string;
  let owned: { controlId: string; title: string };
  let finished: { controlId: string; title: string };

  beforeAll(async () => {
    // Every answer at its lowest option: many recommended controls.
    first = (await submitAssessment(api, world.tokens.owner!, questionnaire, () => 0)).id;
  });

  it('is null in report.json before a plan exists', async () => {
    const report = await api.get(`/v1/assessments/${first}/report.json`, world.tokens.owner);
    expect(report.status).toBe(200);
    expect(report.body.plan).toBeNull();
    expect(report.body.planElsewhere).toBeNull();
    expect(await pdfText(first, 'before')).toContain(ROADMAP_HEADING);
  });

  it('is in report.json once carried forward, with the owner, due date and status set on its items', async () => {
    const created = await api.post(`${PLAN}/carry-forward`, { assessmentId: first }, world.tokens.owner);
    expect(created.status).toBe(201);
    const [a, b] = created.body.items as { controlId: string; title: string; revision: number }[];
    owned = a!;
    finished = b!;

    const assignees = await api.get(`${PLAN}/assignees`, world.tokens.owner);
    expect(assignees.status).toBe(200);
    const leader = (assignees.body.assignees as { type: string; id: string; name: string; role: string | null }[]).find(
      (p) => p.role === 'leader' && p.type === 'person',
    );
    expect(leader).toBeDefined();
    const assigned = await api.call('PATCH', `${PLAN}/items/${a!.controlId}`, {
      body: { revision: a!.revision, owner: { type: 'person', id: leader!.id }, dueDate: '2027-03-31' },
      token: world.tokens.owner,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const done = await api.call('PATCH', `${PLAN}/items/${b!.controlId}`, { body: { revision: b!.revision, status: 'done' }, token: world.tokens.owner });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    const stored = (await api.get(PLAN, world.tokens.owner)).body;
    const report = await api.get(`/v1/assessments/${first}/report.json`, world.tokens.owner);
    expect(report.status).toBe(200);
    const plan = report.body.plan;
    expect(report.body.planElsewhere).toBeNull();
    expect(plan.basedOn.assessmentId).toBe(first);
    expect(plan.updatedAt).toBe(stored.updatedAt);
    // The plan's order, and its counts.
    expect(plan.items.map((i: { controlId: string }) => i.controlId)).toEqual(stored.items.map((i: { controlId: string }) => i.controlId));
    expect(plan.summary).toEqual(stored.summary);
    const item = (controlId: string) => plan.items.find((i: { controlId: string }) => i.controlId === controlId);
    expect(item(a!.controlId)).toMatchObject({ owner: { type: 'person', name: leader!.name }, dueDate: '2027-03-31', status: 'planned', overdue: false });
    expect(item(b!.controlId)).toMatchObject({ owner: null, status: 'done', completedAt: expect.any(String) });
    expect(plan.summary.done).toBe(1);
  });

  it('is printed in the PDF instead of the roadmap: the owner, the due date and the status', async () => {
    const text = await pdfText(first, 'with-plan');
    expect(text).not.toContain(ROADMAP_HEADING);
    const page = text.slice(text.lastIndexOf('Improvement plan'));
    expect(page).toMatch(/\d+ items: \d+ open, 1 done/);
    const line = (title: string) =>
      page
        .split('\n')
        .find((l) => l.includes(title.slice(0, 20)))
        ?.replace(/\s+/g, ' ') ?? '';
    expect(line(owned.title)).toMatch(/Leader person 31 Mar 2027 Planned/);
    expect(line(finished.title)).toMatch(/Unassigned No date Done/);
  });

  it('is left out for a token whose scope does not include plan.read', async () => {
    const narrow = await api.get(`/v1/assessments/${first}/report.json`, await boundToken(first, REPORT_SCOPE));
    expect(narrow.status).toBe(200);
    expect(narrow.body.plan).toBeNull();
    expect(narrow.body.planElsewhere).toBeNull();
    const wide = await api.get(`/v1/assessments/${first}/report.json`, await boundToken(first, `${REPORT_SCOPE} plan.read`));
    expect(wide.status).toBe(200);
    expect(wide.body.plan?.basedOn.assessmentId).toBe(first);
  });

  it('moves on with a later submission: the earlier report keeps its roadmap and says where the plan went', async () => {
    // Every answer at its highest option: the plan follows the new submission (carried forward on submit).
    const later = (await submitAssessment(api, world.tokens.owner!, questionnaire, (levels) => levels - 1)).id;
    const carried = await api.post(`${PLAN}/carry-forward`, { assessmentId: later }, world.tokens.owner);
    expect(carried.status).toBe(200);

    const earlier = await api.get(`/v1/assessments/${first}/report.json`, world.tokens.owner);
    expect(earlier.body.plan).toBeNull();
    expect(earlier.body.planElsewhere).toMatchObject({ assessmentId: later, relation: 'later' });
    const text = await pdfText(first, 'moved-on');
    expect(text).toContain(ROADMAP_HEADING);
    expect(text.replace(/\s+/g, ' ')).toContain('The plan has moved on to the submission of');

    const current = await api.get(`/v1/assessments/${later}/report.json`, world.tokens.owner);
    expect(current.body.plan.basedOn.assessmentId).toBe(later);
    expect(current.body.plan.items.find((i: { controlId: string }) => i.controlId === finished.controlId)?.status).toBe('achieved');
  });
});
