import { describe, expect, it } from 'vitest';
import type { RecommendedControl } from '../report-model/types';
import { carryForward } from './carry-forward';
import { orderItems, planSummary } from './listing';
import type { PlanHeader, PlanItem } from './types';

const control = (id: string, window: RecommendedControl['window'] = 30, extra: Partial<RecommendedControl> = {}): RecommendedControl => ({
  id,
  title: `Control ${id}`,
  action: `Do ${id}`,
  effort: 'low',
  impact: 'high',
  frameworks: ['NIST SP 800-53 Rev.5 AC-6(9)'],
  domains: [{ id: 'd1', title: 'Domain one', score: 1 }],
  triggeredBy: [{ questionId: `q-${id}`, prompt: 'p', domainId: 'd1', belowLevel: 3 }],
  prerequisites: [],
  scoreGain: 2.5,
  gainPerEffort: 2.5,
  window,
  ...extra,
});

const first = { assessmentId: 'a1', version: '1.0.0', submittedAt: '2026-01-10T10:00:00.000Z' };
const second = { assessmentId: 'a2', version: '1.0.0', submittedAt: '2026-03-10T10:00:00.000Z' };
const actor = 'leader';

/** A plan carried forward from `first` with these controls, as stored. */
function planFrom(controls: RecommendedControl[]): { header: PlanHeader; items: PlanItem<string>[] } {
  const result = carryForward({ questionnaireId: 'q', current: undefined, submission: first, recommended: controls, actor, now: '2026-01-10T11:00:00.000Z' });
  if (result.outcome !== 'changed') throw new Error('expected a new plan');
  return { header: result.header, items: result.changes.map((c) => c.item) };
}

const withStatus = (plan: ReturnType<typeof planFrom>, controlId: string, change: Partial<PlanItem<string>>) => ({
  ...plan,
  items: plan.items.map((i) => (i.controlId === controlId ? { ...i, ...change, revision: i.revision + 1 } : i)),
});

describe('carrying a plan forward', () => {
  it('makes a planned item of every recommended control, in roadmap order, with the derived fields', () => {
    const plan = planFrom([control('c1'), control('c2', 60, { prerequisites: ['c1', 'met-one'] })]);
    expect(plan.header).toMatchObject({ questionnaireId: 'q', basedOn: first, order: ['c1', 'c2'] });
    expect(plan.items[1]).toMatchObject({
      controlId: 'c2',
      status: 'planned',
      owner: null,
      dueDate: null,
      window: 60,
      expectedGain: 2.5,
      questionIds: ['q-c2'],
      domains: [{ id: 'd1', title: 'Domain one' }],
      prerequisites: ['c1'],
      stillRecommended: true,
      recommendedIn: 'a1',
      achievedIn: null,
      completedAt: null,
      revision: 1,
    });
  });

  it('keeps items still recommended with their owner, dates, status and notes, refreshing what the submission derives', () => {
    const owned = withStatus(planFrom([control('c1')]), 'c1', {
      status: 'in_progress',
      owner: { type: 'person', id: 'p1', name: 'Ann' },
      dueDate: '2026-02-01',
      notes: 'started',
    });
    const result = carryForward({
      questionnaireId: 'q',
      current: owned,
      submission: second,
      recommended: [control('c1', 90, { scoreGain: 1 })],
      actor,
      now: 'later',
    });
    if (result.outcome !== 'changed') throw new Error('expected changes');
    expect(result.changes).toEqual([
      {
        expectedRevision: 2,
        item: expect.objectContaining({
          status: 'in_progress',
          owner: { type: 'person', id: 'p1', name: 'Ann' },
          dueDate: '2026-02-01',
          notes: 'started',
          window: 90,
          expectedGain: 1,
          revision: 3,
        }),
      },
    ]);
  });

  it('writes no item that nothing changed, but follows the new submission', () => {
    const plan = planFrom([control('c1')]);
    const result = carryForward({ questionnaireId: 'q', current: plan, submission: second, recommended: [control('c1')], actor, now: 'later' });
    expect(result).toMatchObject({ outcome: 'changed', changes: [], header: { basedOn: second, createdAt: plan.header.createdAt } });
  });

  it('marks achieved the planned, in progress and done items no longer recommended; done keeps its completion time', () => {
    let plan = planFrom([control('c1'), control('c2'), control('c3'), control('c4')]);
    plan = withStatus(plan, 'c2', { status: 'in_progress' });
    plan = withStatus(plan, 'c3', { status: 'done', completedAt: '2026-02-02T00:00:00.000Z' });
    plan = withStatus(plan, 'c4', { status: 'wont_do', wontDoReason: 'no budget' });
    const result = carryForward({ questionnaireId: 'q', current: plan, submission: second, recommended: [], actor, now: 'later' });
    if (result.outcome !== 'changed') throw new Error('expected changes');
    const after = new Map(result.changes.map((c) => [c.item.controlId, c.item]));
    expect(after.get('c1')).toMatchObject({ status: 'achieved', achievedIn: 'a2', completedAt: second.submittedAt, stillRecommended: false });
    expect(after.get('c2')).toMatchObject({ status: 'achieved', achievedIn: 'a2', completedAt: second.submittedAt });
    expect(after.get('c3')).toMatchObject({ status: 'achieved', achievedIn: 'a2', completedAt: '2026-02-02T00:00:00.000Z' });
    // Won't do stays won't do, with its reason; it is only no longer recommended.
    expect(after.get('c4')).toMatchObject({ status: 'wont_do', wontDoReason: 'no budget', achievedIn: null, stillRecommended: false });
  });

  it('plans again an achieved item recommended again, and adds newly recommended controls', () => {
    const plan = withStatus(planFrom([control('c1')]), 'c1', { status: 'achieved', achievedIn: 'a1', completedAt: 'x', stillRecommended: false });
    const result = carryForward({ questionnaireId: 'q', current: plan, submission: second, recommended: [control('c1'), control('c9')], actor, now: 'later' });
    if (result.outcome !== 'changed') throw new Error('expected changes');
    const after = new Map(result.changes.map((c) => [c.item.controlId, c]));
    expect(after.get('c1')?.item).toMatchObject({ status: 'planned', achievedIn: null, completedAt: null, stillRecommended: true });
    expect(after.get('c9')).toMatchObject({ expectedRevision: 0, item: { status: 'planned', recommendedIn: 'a2', revision: 1 } });
  });

  it('changes nothing from the submission it already follows, and refuses an older one', () => {
    const plan = planFrom([control('c1')]);
    expect(carryForward({ questionnaireId: 'q', current: plan, submission: first, recommended: [], actor, now: 'later' })).toEqual({ outcome: 'unchanged' });
    const later = { ...plan, header: { ...plan.header, basedOn: second } };
    const older = { assessmentId: 'a0', version: '1.0.0', submittedAt: '2025-12-01T00:00:00.000Z' };
    expect(carryForward({ questionnaireId: 'q', current: later, submission: older, recommended: [], actor, now: 'later' })).toEqual({ outcome: 'newer' });
  });
});

describe("a plan's order and counts", () => {
  it('lists open items by window then recommendation order, then done, achieved and won’t do', () => {
    let plan = planFrom([control('a', 60), control('b', 30), control('c', 30), control('d'), control('e'), control('f')]);
    plan = withStatus(plan, 'd', { status: 'wont_do' });
    plan = withStatus(plan, 'e', { status: 'achieved' });
    plan = withStatus(plan, 'f', { status: 'done' });
    plan = withStatus(plan, 'c', { status: 'in_progress' });
    expect(orderItems(plan.items, plan.header.order).map((i) => i.controlId)).toEqual(['b', 'c', 'a', 'f', 'e', 'd']);
  });

  it('counts every status, open ones, and open ones due before today as overdue', () => {
    let plan = planFrom([control('a'), control('b'), control('c'), control('d')]);
    plan = withStatus(plan, 'a', { dueDate: '2026-03-01' });
    plan = withStatus(plan, 'b', { dueDate: '2026-03-02', status: 'in_progress' });
    plan = withStatus(plan, 'c', { dueDate: '2026-01-01', status: 'done' });
    expect(planSummary(plan.items, '2026-03-02')).toEqual({ planned: 2, inProgress: 1, done: 1, wontDo: 0, achieved: 0, open: 3, overdue: 1 });
  });
});
