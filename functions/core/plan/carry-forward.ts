/**
 * Carrying a plan forward from a submission (docs/plan.md, "Carrying the plan forward"):
 * every control the submission recommends is an item; items it no longer recommends are
 * achieved (unless won't do); an achieved item recommended again is planned again. Only
 * new and changed items are returned, each at its next revision.
 */
import type { RecommendedControl } from '../report-model/types';
import type { PlanBasis, PlanHeader, PlanItem } from './types';

export interface CarryForwardInput<Actor> {
  questionnaireId: string;
  /** The scope whose plan it is; undefined for the whole organisation's. */
  scopeId?: string;
  /** The stored plan's header and items; undefined when there is no plan yet. */
  current: { header: PlanHeader; items: readonly PlanItem<Actor>[] } | undefined;
  /** The submitted assessment to carry the plan forward from. */
  submission: PlanBasis;
  /** Its recommended controls in roadmap order (./recommended.ts). */
  recommended: readonly RecommendedControl[];
  actor: Actor;
  now: string;
}

export type CarryForwardResult<Actor> =
  /** The plan already follows this submission: nothing to write. */
  | { outcome: 'unchanged' }
  /** The plan follows a submission made after this one. */
  | { outcome: 'newer' }
  | { outcome: 'changed'; header: PlanHeader & { order: string[]; scopeId: string | null }; changes: { item: PlanItem<Actor>; expectedRevision: number }[] };

/** The fields of an item that follow the submission, not the people working on it. */
function derived(control: RecommendedControl, recommended: ReadonlySet<string>) {
  return {
    title: control.title,
    action: control.action,
    frameworks: [...control.frameworks],
    domains: control.domains.map((d) => ({ id: d.id, title: d.title })),
    questionIds: [...new Set(control.triggeredBy.map((t) => t.questionId))],
    expectedGain: control.scoreGain,
    // Only prerequisites the plan holds as items (met ones are not recommended).
    prerequisites: control.prerequisites.filter((id) => recommended.has(id)),
    window: control.window,
    stillRecommended: true,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function carryForward<Actor>(input: CarryForwardInput<Actor>): CarryForwardResult<Actor> {
  const { current, submission, recommended, actor, now } = input;
  if (current) {
    if (current.header.basedOn.assessmentId === submission.assessmentId) return { outcome: 'unchanged' };
    if (submission.submittedAt < current.header.basedOn.submittedAt) return { outcome: 'newer' };
  }
  const recommendedIds = new Set(recommended.map((c) => c.id));
  const existing = new Map((current?.items ?? []).map((i) => [i.controlId, i]));
  const changes: { item: PlanItem<Actor>; expectedRevision: number }[] = [];
  const touched = (before: PlanItem<Actor>, after: PlanItem<Actor>) => {
    const { revision: _r, updatedAt: _u, updatedBy: _b, ...beforeFields } = before;
    const { revision: _r2, updatedAt: _u2, updatedBy: _b2, ...afterFields } = after;
    if (same(beforeFields, afterFields)) return;
    changes.push({ item: { ...after, revision: before.revision + 1, updatedAt: now, updatedBy: actor }, expectedRevision: before.revision });
  };

  for (const control of recommended) {
    const item = existing.get(control.id);
    const fields = derived(control, recommendedIds);
    if (!item) {
      changes.push({
        item: {
          controlId: control.id,
          ...fields,
          owner: null,
          dueDate: null,
          status: 'planned',
          wontDoReason: null,
          notes: null,
          recommendedIn: submission.assessmentId,
          achievedIn: null,
          completedAt: null,
          revision: 1,
          createdAt: now,
          updatedAt: now,
          updatedBy: actor,
        },
        expectedRevision: 0,
      });
      continue;
    }
    // Recommended again after it was found achieved: the answers fell back below the level.
    const reopened = item.status === 'achieved' ? { status: 'planned' as const, achievedIn: null, completedAt: null } : {};
    touched(item, { ...item, ...fields, ...reopened });
  }

  for (const item of current?.items ?? []) {
    if (recommendedIds.has(item.controlId)) continue;
    const closes = item.status === 'planned' || item.status === 'in_progress' || item.status === 'done';
    touched(
      item,
      closes
        ? {
            ...item,
            stillRecommended: false,
            status: 'achieved',
            achievedIn: submission.assessmentId,
            completedAt: item.status === 'done' && item.completedAt ? item.completedAt : submission.submittedAt,
          }
        : { ...item, stillRecommended: false },
    );
  }

  return {
    outcome: 'changed',
    header: {
      questionnaireId: input.questionnaireId,
      scopeId: input.scopeId ?? null,
      basedOn: { assessmentId: submission.assessmentId, version: submission.version, submittedAt: submission.submittedAt },
      createdAt: current?.header.createdAt ?? now,
      updatedAt: now,
      order: recommended.map((c) => c.id),
    },
    changes,
  };
}
