/** The plan as CSV (docs/plan.md, "CSV export"): one row per item, in the plan's order. */
import { stringify } from 'csv-stringify/sync';
import type { Plan } from '../contract';

export const PLAN_CSV_COLUMNS = [
  'control_id',
  'title',
  'domains',
  'questions',
  'expected_gain',
  'window',
  'status',
  'owner_type',
  'owner',
  'due_date',
  'completed_at',
  'wont_do_reason',
  'notes',
  'still_recommended',
  'recommended_in',
  'achieved_in',
] as const;

export function planCsv(plan: Plan): string {
  const rows = plan.items.map((i) => [
    i.controlId,
    i.title,
    i.domains.map((d) => d.title).join('; '),
    i.questionIds.join(' '),
    i.expectedGain,
    i.window,
    i.status,
    i.owner?.type ?? '',
    i.owner?.name ?? '',
    i.dueDate ?? '',
    i.completedAt ?? '',
    i.wontDoReason ?? '',
    i.notes ?? '',
    i.stillRecommended,
    i.recommendedIn,
    i.achievedIn ?? '',
  ]);
  // Text people typed (notes, reasons, names) may start with = + - @: a spreadsheet must read it as text, not run it.
  return stringify(rows, { header: true, columns: [...PLAN_CSV_COLUMNS], escape_formulas: true, cast: { boolean: (b) => String(b) } });
}
