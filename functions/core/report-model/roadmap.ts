/**
 * The roadmap: the recommended controls planned into the first 30 days, days 31–60 and
 * days 61–90, each window holding at most `capacity` effort points (low 1, medium 2,
 * high 3), and what does not fit listed as "later".
 *
 * Windows are filled in turn. A control is ready for a window when each of its
 * prerequisites (recommended controls it builds on) sits in an earlier window: a window
 * is the unit of planning, so work that needs another's result starts in the next one.
 * Among the ready controls, the highest gain per effort goes first (then the larger gain,
 * a foundational step before an unstaged control before an advanced step, the earlier step
 * on the ladder, report order); one that no longer fits is passed over for a smaller one.
 * An advanced step lists its foundational step among its prerequisites, so it always lands
 * in a later window than that step: when everything fits, the later windows carry the
 * advanced steps. Because a window holds at least the largest effort, a window is
 * empty only when nothing is ready, and then nothing later is ready either.
 */
import { DomainError } from '../errors';
import { effortPoints, firstStep, MAX_EFFORT_POINTS } from './recommendations';
import type { RecommendedControl, RoadmapDays, RoadmapWindow } from './types';

/** Effort points per 30 days: two high-effort controls, three medium or six low ones (docs/reports.md). */
export const DEFAULT_ROADMAP_CAPACITY = 2 * MAX_EFFORT_POINTS;

const WINDOWS = [30, 60, 90] as const;

/** Foundations first on equal gains: an unstaged control sits between the two steps. */
const STAGE_ORDER = { foundational: 0, advanced: 2 } as const;
const stageOrder = (c: RecommendedControl) => (c.stage ? STAGE_ORDER[c.stage] : 1);

const rule = (days: (typeof WINDOWS)[number], capacity: number) =>
  days === 30
    ? `Ready now, with no prerequisite still to do: highest gain per effort first, up to ${capacity} effort points`
    : `Ready once the earlier windows are done, or left over from them: highest gain per effort first, up to ${capacity} effort points`;

const LATER_RULE = 'After 90 days: what did not fit the capacity, or builds on a control planned late; prerequisites first, then highest gain per effort';

export function roadmap(controls: readonly RecommendedControl[], capacity: number = DEFAULT_ROADMAP_CAPACITY): RoadmapWindow[] {
  if (!Number.isInteger(capacity) || capacity < MAX_EFFORT_POINTS)
    throw new DomainError('validation_failed', `The roadmap capacity must be a whole number of effort points, at least ${MAX_EFFORT_POINTS}.`, [
      { field: ['roadmapCapacity'], message: `must be an integer of at least ${MAX_EFFORT_POINTS} (the effort of one high-effort control)` },
    ]);
  const rank = new Map(controls.map((c, i) => [c.id, i]));
  let waiting = [...controls].sort(
    (a, b) =>
      b.gainPerEffort - a.gainPerEffort ||
      b.scoreGain - a.scoreGain ||
      stageOrder(a) - stageOrder(b) ||
      firstStep(a) - firstStep(b) ||
      (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0),
  );
  // Window index per placed control: 0, 1, 2 for 30/60/90 days, 3 for later.
  const placedIn = new Map<string, number>();
  const readyAt = (c: RecommendedControl, index: number) => c.prerequisites.every((p) => !rank.has(p) || (placedIn.get(p) ?? Infinity) < index);

  const windows: RoadmapWindow[] = WINDOWS.map((days, index) => {
    const controlIds: string[] = [];
    let used = 0;
    for (const c of waiting) {
      const points = effortPoints(c.effort);
      if (used + points > capacity || !readyAt(c, index)) continue;
      placedIn.set(c.id, index);
      controlIds.push(c.id);
      used += points;
    }
    waiting = waiting.filter((c) => !placedIn.has(c.id));
    return { days, rule: rule(days, capacity), capacity, effortPoints: used, controlIds };
  });

  // Later: in priority order, each control after its prerequisites.
  const later: string[] = [];
  while (waiting.length) {
    // A cycle cannot reach here from a checked catalogue; if one did, its controls keep priority order.
    const next = waiting.find((c) => readyAt(c, 4)) ?? waiting[0]!;
    placedIn.set(next.id, 3);
    later.push(next.id);
    waiting = waiting.filter((c) => c !== next);
  }
  const laterPoints = later.reduce((n, id) => n + effortPoints(controls[rank.get(id)!]!.effort), 0);
  return [...windows, { days: 'later', rule: LATER_RULE, effortPoints: laterPoints, controlIds: later }];
}

/** The window each control is planned in, by control id. */
export function windowOf(windows: readonly RoadmapWindow[]): Map<string, RoadmapDays> {
  return new Map(windows.flatMap((w) => w.controlIds.map((id) => [id, w.days] as const)));
}
