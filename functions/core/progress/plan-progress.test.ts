import { describe, expect, it } from 'vitest';
import { burnDown, completedBetween, planTotals, type PlanItemFacts } from './plan-progress';

const item = (controlId: string, facts: Partial<PlanItemFacts>): PlanItemFacts => ({
  controlId,
  status: 'planned',
  dueDate: null,
  completedAt: null,
  createdAt: '2026-01-01T09:00:00.000Z',
  ...facts,
});

describe('completedBetween', () => {
  const items = [
    item('at-from', { status: 'done', completedAt: '2026-02-01T00:00:00.000Z' }),
    item('between', { status: 'done', completedAt: '2026-02-15T00:00:00.000Z' }),
    item('achieved-at-to', { status: 'achieved', completedAt: '2026-03-01T00:00:00.000Z' }),
    item('after', { status: 'done', completedAt: '2026-03-01T00:00:00.001Z' }),
    item('open', { status: 'in_progress' }),
    item('wont', { status: 'wont_do' }),
  ];

  it('keeps items closed after the earlier instant and no later than the later one, oldest first', () => {
    expect(completedBetween(items, '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z').map((i) => i.controlId)).toEqual(['between', 'achieved-at-to']);
  });
});

describe('burnDown', () => {
  const items = [
    item('a', { status: 'done', dueDate: '2026-02-10', completedAt: '2026-02-05T12:00:00.000Z' }),
    item('b', { status: 'in_progress', dueDate: '2026-02-20' }),
    item('c', { status: 'achieved', completedAt: '2026-03-01T08:00:00.000Z', createdAt: '2026-02-01T00:00:00.000Z' }),
    item('d', { status: 'wont_do', dueDate: '2026-02-12' }),
    item('e', { status: 'planned', dueDate: '2026-04-01', createdAt: '2026-02-25T00:00:00.000Z' }),
  ];

  it('gives one point per due or closing date and today, counting due, closed and open items', () => {
    expect(burnDown(items, '2026-03-10')).toEqual([
      { date: '2026-02-05', due: 0, closed: 1, open: 2 },
      { date: '2026-02-10', due: 1, closed: 1, open: 2 },
      { date: '2026-02-20', due: 2, closed: 1, open: 2 },
      { date: '2026-03-01', due: 2, closed: 2, open: 2 },
      { date: '2026-03-10', due: 2, closed: 2, open: 2 },
      { date: '2026-04-01', due: 3, closed: 2, open: 2 },
    ]);
  });

  it('is today alone without items', () => {
    expect(burnDown([], '2026-03-10')).toEqual([{ date: '2026-03-10', due: 0, closed: 0, open: 0 }]);
  });
});

describe('planTotals', () => {
  it('counts closed, open, overdue (open and due before today) and won’t do', () => {
    const items = [
      item('a', { status: 'done', dueDate: '2026-01-01', completedAt: '2026-01-01T00:00:00.000Z' }),
      item('b', { status: 'planned', dueDate: '2026-03-09' }),
      item('c', { status: 'in_progress', dueDate: '2026-03-10' }),
      item('d', { status: 'wont_do', dueDate: '2026-01-01' }),
      item('e', { status: 'achieved', completedAt: '2026-02-01T00:00:00.000Z' }),
    ];
    expect(planTotals(items, '2026-03-10')).toEqual({ total: 5, closed: 2, open: 2, overdue: 1, wontDo: 1 });
  });
});
