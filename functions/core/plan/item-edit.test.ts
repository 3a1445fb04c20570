import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { editPlanItem } from './item-edit';
import type { PlanItem } from './types';

const item: PlanItem<string> = {
  controlId: 'c1',
  title: 'Control',
  action: 'Do it',
  frameworks: [],
  domains: [],
  questionIds: ['q1'],
  expectedGain: 1,
  prerequisites: [],
  window: 30,
  owner: null,
  dueDate: null,
  status: 'planned',
  wontDoReason: null,
  notes: null,
  stillRecommended: true,
  recommendedIn: 'a1',
  achievedIn: null,
  completedAt: null,
  revision: 4,
  createdAt: 'c',
  updatedAt: 'u',
  updatedBy: 'someone',
};
const ctx = { now: '2026-05-05T05:05:05.000Z', actor: 'me' };

const fieldsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.errors.map((e) => e.field.join('/'));
  }
  throw new Error('expected a validation error');
};

describe('editing a plan item', () => {
  it('records when an item is done, and forgets it when it is reopened', () => {
    const done = editPlanItem(item, { status: 'done' }, ctx);
    expect(done).toMatchObject({ status: 'done', completedAt: ctx.now, revision: 5, updatedAt: ctx.now, updatedBy: 'me' });
    expect(editPlanItem(done, { notes: 'checked' }, { ...ctx, now: 'later' })).toMatchObject({ completedAt: ctx.now, notes: 'checked' });
    expect(editPlanItem(done, { status: 'in_progress' }, ctx)).toMatchObject({ status: 'in_progress', completedAt: null });
  });

  it("needs a reason for won't do, sent or already stored", () => {
    expect(fieldsOf(() => editPlanItem(item, { status: 'wont_do' }, ctx))).toEqual(['wontDoReason']);
    expect(fieldsOf(() => editPlanItem(item, { status: 'wont_do', wontDoReason: null }, ctx))).toEqual(['wontDoReason']);
    const wont = editPlanItem(item, { status: 'wont_do', wontDoReason: 'out of scope' }, ctx);
    expect(wont).toMatchObject({ status: 'wont_do', wontDoReason: 'out of scope' });
    expect(editPlanItem(wont, { notes: 'agreed' }, ctx)).toMatchObject({ wontDoReason: 'out of scope' });
  });

  it("refuses a reason with another status, and clears it when leaving won't do", () => {
    expect(fieldsOf(() => editPlanItem(item, { wontDoReason: 'why not' }, ctx))).toEqual(['wontDoReason']);
    const wont = editPlanItem(item, { status: 'wont_do', wontDoReason: 'out of scope' }, ctx);
    expect(editPlanItem(wont, { status: 'planned' }, ctx)).toMatchObject({ status: 'planned', wontDoReason: null });
  });

  it('sets the owner and due date it is given, and clears blank notes', () => {
    const owner = { type: 'person' as const, id: 'p1', name: 'Ann' };
    expect(editPlanItem(item, { dueDate: '2026-06-01', notes: '  ' }, { ...ctx, owner })).toMatchObject({ owner, dueDate: '2026-06-01', notes: null });
    expect(editPlanItem({ ...item, owner }, { dueDate: null }, { ...ctx, owner: null })).toMatchObject({ owner: null, dueDate: null });
  });

  it('takes an achieved item back when a person reopens it', () => {
    const achieved = { ...item, status: 'achieved' as const, achievedIn: 'a2', completedAt: 'then' };
    expect(editPlanItem(achieved, { status: 'planned' }, ctx)).toMatchObject({ status: 'planned', achievedIn: null, completedAt: null });
    expect(editPlanItem(achieved, { notes: 'n' }, ctx)).toMatchObject({ status: 'achieved', achievedIn: 'a2', completedAt: 'then' });
  });
});
