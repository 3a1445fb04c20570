/**
 * How a plan reads (docs/plan.md): open items first in the roadmap's order (window, then the
 * order the submission the plan follows recommends them in), then done, achieved and won't
 * do; and its counts, overdue ones included.
 */
import type { Plan, PlanHeader, PlanItem, PlanItemStatus, PlanSummary } from './types';

/** Planned and in progress are open; done and achieved are closed; won't do is neither. */
export const isOpen = (status: PlanItemStatus) => status === 'planned' || status === 'in_progress';
export const isClosed = (status: PlanItemStatus) => status === 'done' || status === 'achieved';

const GROUP: Record<PlanItemStatus, number> = { planned: 0, in_progress: 0, done: 1, achieved: 2, wont_do: 3 };
const WINDOW: Record<string, number> = { '30': 0, '60': 1, '90': 2, later: 3 };

export function orderItems<T extends PlanItem<unknown>>(items: readonly T[], order: readonly string[] = []): T[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  return [...items].sort(
    (a, b) =>
      GROUP[a.status] - GROUP[b.status] ||
      WINDOW[String(a.window)]! - WINDOW[String(b.window)]! ||
      (rank.get(a.controlId) ?? Infinity) - (rank.get(b.controlId) ?? Infinity) ||
      (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0),
  );
}

/** `today`: the date (YYYY-MM-DD, UTC) an open item's due date must not be before. */
export function planSummary(items: readonly PlanItem<unknown>[], today: string): PlanSummary {
  const count = (status: PlanItemStatus) => items.filter((i) => i.status === status).length;
  const open = items.filter((i) => isOpen(i.status));
  return {
    planned: count('planned'),
    inProgress: count('in_progress'),
    done: count('done'),
    wontDo: count('wont_do'),
    achieved: count('achieved'),
    open: open.length,
    overdue: open.filter((i) => i.dueDate !== null && i.dueDate < today).length,
  };
}

/** The plan as the API shows it: its header, its items in order, and its counts as of `today`. */
export function assemblePlan<Actor>(header: PlanHeader, items: readonly PlanItem<Actor>[], today: string): Plan<Actor> {
  const { order, ...plan } = header;
  // Named fields only: a stored header may carry more.
  return {
    questionnaireId: plan.questionnaireId,
    scopeId: plan.scopeId ?? null,
    basedOn: plan.basedOn,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    items: orderItems(items, order),
    summary: planSummary(items, today),
  };
}
