/**
 * The improvement plan in words (issue 19): status names, the plan's counts in one
 * sentence, when an item is due (and whether it is overdue), who owns it, what an edit
 * changed, and the checks a form makes before it sends an edit.
 */
import type { PlanItemStatus, PlanOwner, PlanSummary } from '../../functions/contract/plan';
import { formatDate } from './format';
import { formatTargetDate, isRealDate } from './targets-text';

/** The API's limits (functions/contract/plan.ts PLAN_NOTES_MAX, PLAN_REASON_MAX), checked before sending. */
export const NOTES_MAX = 2000;
export const REASON_MAX = 500;

const STATUS_LABELS: Record<PlanItemStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
  achieved: 'Achieved',
};

/** The statuses a person sets; achieved is the plan's own finding when it is carried forward. */
export const STATUS_CHOICES = ['planned', 'in_progress', 'done', 'wont_do'] as const;
export type SettableStatus = (typeof STATUS_CHOICES)[number];

export const statusLabel = (status: PlanItemStatus) => STATUS_LABELS[status];

export const isOpenStatus = (status: PlanItemStatus) => status === 'planned' || status === 'in_progress';

/** "4 open (1 overdue), 2 done, 4 achieved, 1 won't do." */
export function planSummaryText(s: PlanSummary): string {
  const open = `${s.open} open${s.overdue ? ` (${s.overdue} overdue)` : ''}`;
  return `${open}, ${s.done} done, ${s.achieved} achieved, ${s.wontDo} won't do.`;
}

/** The UTC day (YYYY-MM-DD) of `now`: the API counts an item overdue from the day after its due date, in UTC. */
export const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

/** "Due 10 Jan 2027"; an open item past its day "Overdue: was due 9 Jan 2027"; a closed one "Was due …". */
export function dueText(dueDate: string | null, status: PlanItemStatus, today: string): string {
  if (!dueDate) return 'No due date';
  const day = formatTargetDate(dueDate);
  if (dueDate >= today) return `Due ${day}`;
  return isOpenStatus(status) ? `Overdue: was due ${day}` : `Was due ${day}`;
}

export const isOverdue = (dueDate: string | null, status: PlanItemStatus, today: string) => !!dueDate && dueDate < today && isOpenStatus(status);

/** "Rae Respondent", "Sync bot (agent)", or "Nobody yet". */
export function ownerText(owner: PlanOwner | null): string {
  if (!owner) return 'Nobody yet';
  return owner.type === 'agent' ? `${owner.name} (agent)` : owner.name;
}

/**
 * What the status alone does not say: where an achieved item was achieved ("Achieved in the
 * submission of 1 Feb 2027"), and that a done item's control is still called for by the
 * latest answers. `submittedAt` finds a submission's time by its assessment id.
 */
export function statusNotes(
  item: { status: PlanItemStatus; achievedIn: string | null; stillRecommended: boolean },
  submittedAt: (assessmentId: string) => string | null,
): string[] {
  if (item.status === 'achieved') {
    const when = item.achievedIn ? submittedAt(item.achievedIn) : null;
    return [when ? `Achieved in the submission of ${formatDate(when)}` : 'Achieved in a later submission'];
  }
  if (item.status === 'done' && item.stillRecommended) return ['Still recommended by the latest answers'];
  return [];
}

/** The parts of an item people edit, compared when a save conflicts. */
export interface PlanItemValues {
  owner: PlanOwner | null;
  dueDate: string | null;
  status: PlanItemStatus;
  wontDoReason: string | null;
  notes: string | null;
}

const dayOrNone = (day: string | null) => (day ? formatTargetDate(day) : 'none');

/** What changed from `before` to `after`, one line each: "Owner: Nobody yet → Rae", "Status: Planned → Done", "Notes changed". */
export function itemChanges(before: PlanItemValues, after: PlanItemValues): string[] {
  const lines: string[] = [];
  if ((before.owner?.type ?? '') !== (after.owner?.type ?? '') || (before.owner?.id ?? '') !== (after.owner?.id ?? ''))
    lines.push(`Owner: ${ownerText(before.owner)} → ${ownerText(after.owner)}`);
  if (before.dueDate !== after.dueDate) lines.push(`Due date: ${dayOrNone(before.dueDate)} → ${dayOrNone(after.dueDate)}`);
  if (before.status !== after.status) lines.push(`Status: ${statusLabel(before.status)} → ${statusLabel(after.status)}`);
  if ((before.wontDoReason ?? '') !== (after.wontDoReason ?? '') && after.wontDoReason) lines.push(`Reason: ${after.wontDoReason}`);
  if ((before.notes ?? '') !== (after.notes ?? '')) lines.push(after.notes ? (before.notes ? 'Notes changed' : 'Notes added') : 'Notes removed');
  return lines.length ? lines : ['No change'];
}

/** An item's form as typed. */
export interface ItemDraft {
  dueDate: string;
  status: SettableStatus | 'achieved';
  wontDoReason: string;
  notes: string;
}

/** What the form checks before sending, keyed by field; empty when it may be sent. */
export function checkItemDraft(draft: ItemDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.dueDate && !isRealDate(draft.dueDate)) errors.dueDate = 'Enter a date that exists, for example 2027-06-30.';
  if (draft.status === 'wont_do' && !draft.wontDoReason.trim()) errors.wontDoReason = "Say why the item won't be done.";
  if (draft.wontDoReason.length > REASON_MAX) errors.wontDoReason = `Keep the reason to ${REASON_MAX} characters or fewer.`;
  if (draft.notes.length > NOTES_MAX) errors.notes = `Keep the notes to ${NOTES_MAX} characters or fewer.`;
  return errors;
}

/** A submitted assessment, as the plan page needs it. */
export interface Submission {
  id: string;
  questionnaireId: string;
  submittedAt: string;
}

/**
 * The organisation's latest submission per questionnaire, the most recently submitted first:
 * the first is the questionnaire the plan page opens on. Drafts are left out.
 */
export function latestSubmissions(assessments: readonly { id: string; questionnaireId: string; status: string; submittedAt?: string }[]): Submission[] {
  const latest = new Map<string, Submission>();
  for (const a of assessments) {
    if (a.status !== 'submitted' || !a.submittedAt) continue;
    const known = latest.get(a.questionnaireId);
    if (!known || a.submittedAt > known.submittedAt)
      latest.set(a.questionnaireId, { id: a.id, questionnaireId: a.questionnaireId, submittedAt: a.submittedAt });
  }
  return [...latest.values()].sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0));
}
