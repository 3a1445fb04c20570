import { describe, expect, it } from 'vitest';
import { fixtureInput } from '../../../test/fixtures/report-model';
import { buildReportModel } from './build';
import { reportPlan } from './plan';
import { ReportModelSchema } from './schema';
import type { PlanInput, PlanItemInput } from './types';

const assessment = { id: 'a-2', submittedAt: '2026-11-20T10:00:00.000Z' };
const generatedAt = '2026-12-04T09:30:00.000Z';

const item = (controlId: string, change: Partial<PlanItemInput> = {}): PlanItemInput => ({
  controlId,
  title: `Control ${controlId}`,
  window: 30,
  owner: null,
  dueDate: null,
  status: 'planned',
  wontDoReason: null,
  completedAt: null,
  stillRecommended: true,
  expectedGain: 0.25,
  ...change,
});

const plan = (items: PlanItemInput[], basedOn = { assessmentId: assessment.id, submittedAt: assessment.submittedAt }): PlanInput & { extra: string } => ({
  basedOn,
  updatedAt: '2026-12-01T08:00:00.000Z',
  items,
  // A stored plan has more than the report shows.
  extra: 'not shown',
});

describe('reportPlan', () => {
  it('is null, and so is planElsewhere, without a plan', () => {
    expect(reportPlan(undefined, assessment, generatedAt)).toEqual({ plan: null, planElsewhere: null });
  });

  it("gives the plan that follows this assessment: every item in the plan's order, owners by type and name, and the summary counted on the report's day", () => {
    const items = [
      item('vault', { owner: { type: 'person', name: 'Ada Lovelace' }, dueDate: '2026-12-03', status: 'in_progress' }),
      item('rotate-secrets', { owner: { type: 'agent', name: 'Deploy bot' }, dueDate: '2026-12-04', window: 60 }),
      item('least-privilege', { dueDate: '2026-11-01', status: 'done', completedAt: '2026-11-30T12:00:00.000Z' }),
      item('named-owner', { status: 'achieved', completedAt: '2026-11-20T10:00:00.000Z', stillRecommended: false }),
      item('central-logging', { status: 'wont_do', wontDoReason: 'Logs are kept by the platform team', window: 'later' }),
    ];
    const { plan: shown, planElsewhere } = reportPlan(plan(items), assessment, generatedAt);
    expect(planElsewhere).toBeNull();
    expect(shown).toEqual({
      basedOn: { assessmentId: 'a-2', submittedAt: assessment.submittedAt },
      updatedAt: '2026-12-01T08:00:00.000Z',
      // Due the day before the report: overdue; due on the report's day: not yet; done: never.
      summary: { planned: 1, inProgress: 1, done: 1, wontDo: 1, achieved: 1, open: 2, overdue: 1 },
      items: [
        { ...items[0], overdue: true },
        { ...items[1], overdue: false },
        { ...items[2], overdue: false },
        { ...items[3], overdue: false },
        { ...items[4], overdue: false },
      ],
    });
    expect(shown).not.toHaveProperty('extra');
  });

  it('leaves out fields a stored owner or item has beyond what the report shows', () => {
    const stored = { ...item('vault'), owner: { type: 'person' as const, id: 'p-1', name: 'Ada' }, notes: 'private notes', revision: 4 };
    const shown = reportPlan(plan([stored]), assessment, generatedAt).plan!;
    expect(shown.items[0]!.owner).toEqual({ type: 'person', name: 'Ada' });
    expect(shown.items[0]).not.toHaveProperty('notes');
    expect(shown.items[0]).not.toHaveProperty('revision');
  });

  it('is null when the plan has moved on to a later submission, and says which', () => {
    const later = { assessmentId: 'a-3', submittedAt: '2026-12-02T16:00:00.000Z' };
    expect(reportPlan(plan([item('vault')], later), assessment, generatedAt)).toEqual({
      plan: null,
      planElsewhere: { assessmentId: 'a-3', submittedAt: later.submittedAt, relation: 'later' },
    });
  });

  it('is null when the plan still follows an earlier submission, and says which', () => {
    const earlier = { assessmentId: 'a-1', submittedAt: '2026-10-02T16:00:00.000Z' };
    expect(reportPlan(plan([item('vault')], earlier), assessment, generatedAt)).toEqual({
      plan: null,
      planElsewhere: { assessmentId: 'a-1', submittedAt: earlier.submittedAt, relation: 'earlier' },
    });
  });

  it('gives an empty plan with zero counts', () => {
    expect(reportPlan(plan([]), assessment, generatedAt).plan?.summary).toEqual({
      planned: 0,
      inProgress: 0,
      done: 0,
      wontDo: 0,
      achieved: 0,
      open: 0,
      overdue: 0,
    });
  });

  it('reaches the report model, which its schema accepts; without a plan both fields are null', () => {
    const input = fixtureInput();
    const basedOn = { assessmentId: input.assessment.id, submittedAt: input.assessment.submittedAt };
    const model = buildReportModel({ ...input, plan: plan([item('vault', { owner: { type: 'person', name: 'Ada' } })], basedOn) });
    expect(ReportModelSchema.parse(model).plan?.items.map((i) => [i.controlId, i.owner?.name])).toEqual([['vault', 'Ada']]);
    const without = buildReportModel(input);
    expect([without.plan, without.planElsewhere]).toEqual([null, null]);
  });
});
