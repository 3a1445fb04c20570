/** The improvement plan in words, as the report prints it (docs/reports.md, "The improvement plan in the report"). */
import type { ReportPlanElsewhere, ReportPlanItem, ReportPlanStatus, ReportPlanSummary } from '../../core/report-model';
import { formatDate } from './format';

export const PLAN_STATUS_WORDS: Record<ReportPlanStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: 'Won’t do',
  achieved: 'Achieved',
};

/** The groups the plan page prints, each a table: open items first, then done, achieved and won't do. */
export const PLAN_GROUPS: readonly { heading: string; statuses: readonly ReportPlanStatus[] }[] = [
  { heading: 'Open', statuses: ['planned', 'in_progress'] },
  { heading: 'Done', statuses: ['done'] },
  { heading: 'Achieved', statuses: ['achieved'] },
  { heading: 'Won’t do', statuses: ['wont_do'] },
];

/** "12 items: 5 open (1 overdue), 4 done, 2 achieved, 1 won't do"; statuses without items are left out, open never. */
export function planSummaryText(s: ReportPlanSummary): string {
  const total = s.open + s.done + s.achieved + s.wontDo;
  const parts = [`${s.open} open${s.overdue > 0 ? ` (${s.overdue} overdue)` : ''}`];
  if (s.done > 0) parts.push(`${s.done} done`);
  if (s.achieved > 0) parts.push(`${s.achieved} achieved`);
  if (s.wontDo > 0) parts.push(`${s.wontDo} won’t do`);
  return `${total} ${total === 1 ? 'item' : 'items'}: ${parts.join(', ')}`;
}

/** The status cell: "Won't do — <reason>" for an item that will not be done. */
export function planStatusText(item: Pick<ReportPlanItem, 'status' | 'wontDoReason'>): string {
  const words = PLAN_STATUS_WORDS[item.status];
  return item.status === 'wont_do' && item.wontDoReason ? `${words} — ${item.wontDoReason}` : words;
}

/** The owner cell: the name, "(agent)" after an agent's; "Unassigned" without an owner. */
export function planOwnerText(owner: ReportPlanItem['owner']): string {
  if (owner === null) return 'Unassigned';
  return owner.type === 'agent' ? `${owner.name} (agent)` : owner.name;
}

/** Why the report shows the roadmap although a plan exists: it follows another submission. */
export function planElsewhereText(other: ReportPlanElsewhere): string {
  const when = formatDate(other.submittedAt);
  return other.relation === 'later'
    ? `The plan has moved on to the submission of ${when}; the report of that submission shows it.`
    : `The improvement plan still follows the submission of ${when}; carry it forward to this one to plan from these answers.`;
}
