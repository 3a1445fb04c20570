/**
 * What the plan's items say about progress (docs/plan.md): the items closed between two
 * submissions, and the burn-down (items due, closed and open per date). "Closed" is done or
 * achieved, "open" planned or in progress; won't do is neither.
 */
export type PlanStatus = 'planned' | 'in_progress' | 'done' | 'wont_do' | 'achieved';

/** The fields of a plan item these functions read. */
export interface PlanItemFacts {
  controlId: string;
  status: PlanStatus;
  dueDate: string | null;
  completedAt: string | null;
  createdAt: string;
}

export const isClosed = (status: PlanStatus) => status === 'done' || status === 'achieved';
export const isOpen = (status: PlanStatus) => status === 'planned' || status === 'in_progress';

const dayOf = (instant: string) => instant.slice(0, 10);

/** Items closed after `from` and no later than `to` (instants, ISO 8601 UTC), oldest completion first. */
export function completedBetween<T extends PlanItemFacts>(items: readonly T[], from: string, to: string): (T & { completedAt: string })[] {
  const after = Date.parse(from);
  const until = Date.parse(to);
  return items
    .filter((item): item is T & { completedAt: string } => isClosed(item.status) && item.completedAt !== null)
    .filter((item) => {
      const at = Date.parse(item.completedAt);
      return at > after && at <= until;
    })
    .sort((a, b) => Date.parse(a.completedAt) - Date.parse(b.completedAt) || a.controlId.localeCompare(b.controlId));
}

export interface BurnDownPoint {
  date: string;
  due: number;
  closed: number;
  open: number;
}

/**
 * One point per date (YYYY-MM-DD, UTC) on which an item is due or was closed, and `today`,
 * oldest first. `due`: items due on or before the date, won't do excluded; `closed`: items
 * closed on or before it; `open`: items that existed by the end of the date (createdAt),
 * were not closed by then and are not won't do.
 */
export function burnDown(items: readonly PlanItemFacts[], today: string): BurnDownPoint[] {
  const counted = items.filter((item) => item.status !== 'wont_do');
  const closedOn = (item: PlanItemFacts) => (isClosed(item.status) && item.completedAt ? dayOf(item.completedAt) : undefined);
  const dates = new Set<string>([today]);
  for (const item of counted) {
    if (item.dueDate) dates.add(item.dueDate);
    const closed = closedOn(item);
    if (closed) dates.add(closed);
  }
  return [...dates].sort().map((date) => {
    const closedBy = (item: PlanItemFacts) => {
      const closed = closedOn(item);
      return closed !== undefined && closed <= date;
    };
    return {
      date,
      due: counted.filter((item) => item.dueDate !== null && item.dueDate <= date).length,
      closed: counted.filter(closedBy).length,
      open: counted.filter((item) => dayOf(item.createdAt) <= date && !closedBy(item)).length,
    };
  });
}

/** The plan's totals: every item, closed, open, open and past due on `today`, won't do. */
export function planTotals(items: readonly PlanItemFacts[], today: string) {
  return {
    total: items.length,
    closed: items.filter((i) => isClosed(i.status)).length,
    open: items.filter((i) => isOpen(i.status)).length,
    overdue: items.filter((i) => isOpen(i.status) && i.dueDate !== null && i.dueDate < today).length,
    wontDo: items.filter((i) => i.status === 'wont_do').length,
  };
}
