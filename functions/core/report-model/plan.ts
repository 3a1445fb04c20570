/**
 * The improvement plan in the report (issue 19): the organisation's live plan when it
 * follows the report's assessment, counted on the day the report is generated; otherwise
 * which submission it follows instead.
 */
import type { PlanInput, PlanItemInput, ReportPlan, ReportPlanElsewhere, ReportPlanItem, ReportPlanSummary } from './types';

const isOpen = (item: PlanItemInput) => item.status === 'planned' || item.status === 'in_progress';

/** Open and due before `today` (YYYY-MM-DD, UTC): due today is not overdue yet. */
const isOverdue = (item: PlanItemInput, today: string) => isOpen(item) && item.dueDate !== null && item.dueDate < today;

function summaryOf(items: readonly ReportPlanItem[]): ReportPlanSummary {
  const count = (status: PlanItemInput['status']) => items.filter((i) => i.status === status).length;
  const planned = count('planned');
  const inProgress = count('in_progress');
  return {
    planned,
    inProgress,
    done: count('done'),
    wontDo: count('wont_do'),
    achieved: count('achieved'),
    open: planned + inProgress,
    overdue: items.filter((i) => i.overdue).length,
  };
}

/** Named fields only: a stored item also holds notes, revisions and who changed it, which the report does not print. */
function itemOf(item: PlanItemInput, today: string): ReportPlanItem {
  return {
    controlId: item.controlId,
    title: item.title,
    window: item.window,
    owner: item.owner === null ? null : { type: item.owner.type, name: item.owner.name },
    dueDate: item.dueDate,
    status: item.status,
    wontDoReason: item.wontDoReason,
    completedAt: item.completedAt,
    stillRecommended: item.stillRecommended,
    expectedGain: item.expectedGain,
    overdue: isOverdue(item, today),
  };
}

/**
 * The report's `plan` and `planElsewhere`: the plan when it follows `assessment` (items in
 * the plan's order); else null, with the submission it follows and whether that one is
 * later or earlier. `generatedAt` is the report's time: open items due before its day are overdue.
 */
export function reportPlan(
  plan: PlanInput | undefined,
  assessment: { id: string; submittedAt: string },
  generatedAt: string,
): { plan: ReportPlan | null; planElsewhere: ReportPlanElsewhere | null } {
  if (!plan) return { plan: null, planElsewhere: null };
  const { assessmentId, submittedAt } = plan.basedOn;
  if (assessmentId !== assessment.id) {
    const relation = Date.parse(submittedAt) > Date.parse(assessment.submittedAt) ? 'later' : 'earlier';
    return { plan: null, planElsewhere: { assessmentId, submittedAt, relation } };
  }
  const today = generatedAt.slice(0, 10);
  const items = plan.items.map((item) => itemOf(item, today));
  return { plan: { basedOn: { assessmentId, submittedAt }, updatedAt: plan.updatedAt, summary: summaryOf(items), items }, planElsewhere: null };
}
