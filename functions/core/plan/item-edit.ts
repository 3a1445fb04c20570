/**
 * One person's change to a plan item (docs/plan.md, "Editing an item"): won't do needs a
 * reason and only won't do has one; done records when it was closed; leaving done or
 * achieved reopens it. Who may change what is the service's decision.
 */
import { DomainError, type FieldProblem } from '../errors';
import type { PlanItem, PlanOwner, SettablePlanItemStatus } from './types';

export interface PlanItemEdit {
  status?: SettablePlanItemStatus;
  wontDoReason?: string | null;
  notes?: string | null;
  dueDate?: string | null;
}

export interface EditContext<Actor> {
  /** The new owner, resolved to a member or agent of the organisation; undefined when unchanged, null to unassign. */
  owner?: PlanOwner | null;
  now: string;
  actor: Actor;
}

export function editPlanItem<Actor>(item: PlanItem<Actor>, edit: PlanItemEdit, ctx: EditContext<Actor>): PlanItem<Actor> {
  const status = edit.status ?? item.status;
  const problems: FieldProblem[] = [];
  let wontDoReason: string | null;
  if (status === 'wont_do') {
    wontDoReason = edit.wontDoReason !== undefined ? edit.wontDoReason : item.wontDoReason;
    if (!wontDoReason?.trim()) problems.push({ field: ['wontDoReason'], message: "say why it will not be done: won't do needs a reason" });
  } else {
    if (typeof edit.wontDoReason === 'string') problems.push({ field: ['wontDoReason'], message: `a reason goes only with the status wont_do, not ${status}` });
    // Leaving won't do clears its reason.
    wontDoReason = null;
  }
  if (problems.length) throw new DomainError('validation_failed', problems.map((p) => p.message).join('; '), problems);

  const statusChanged = status !== item.status;
  const completedAt = !statusChanged ? item.completedAt : status === 'done' ? ctx.now : null;
  return {
    ...item,
    status,
    wontDoReason,
    completedAt,
    // Set by a later submission only; a person reopening or closing it by hand takes it back.
    achievedIn: statusChanged ? null : item.achievedIn,
    ...(edit.notes !== undefined ? { notes: edit.notes?.trim() ? edit.notes : null } : {}),
    ...(edit.dueDate !== undefined ? { dueDate: edit.dueDate } : {}),
    ...(ctx.owner !== undefined ? { owner: ctx.owner } : {}),
    revision: item.revision + 1,
    updatedAt: ctx.now,
    updatedBy: ctx.actor,
  };
}
