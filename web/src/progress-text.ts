/**
 * Progress and comparisons in words (issue 19): a score's change as a direction plus a
 * signed figure (never colour alone), where a score stands against its cohort's median and
 * how it moved between two submissions, the labels of submissions on a chart, how many
 * domains meet their targets, and what the milestone name field checks before sending.
 */
import { formatReleaseDate, score2 } from './format';

/**
 * The longest milestone name the API takes (MILESTONE_NAME_MAX in
 * functions/contract/milestones.ts, which brings zod along; the unit test holds the two equal).
 */
export const MILESTONE_NAME_LIMIT = 120;

/** Two places, rounded first so that a change too small to show carries no sign: "+0.40", "−0.20", "0.00". */
export function signed(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  if (rounded === 0) return '0.00';
  return rounded > 0 ? `+${score2(rounded)}` : `−${score2(-rounded)}`;
}

/** A change in words and figure: "up 0.40 (+0.40)", "down 0.20 (−0.20)", "no change (0.00)". */
export function changeText(change: number | null): string {
  if (change === null) return 'not comparable: the domain is in one version only';
  const text = signed(change);
  if (text === '0.00') return 'no change (0.00)';
  return `${change > 0 ? 'up' : 'down'} ${score2(Math.abs(Math.round(change * 100) / 100))} (${text})`;
}

/** Where a score stands against the median: "0.40 below the median", "0.20 above the median", "at the median". */
export function medianPosition(difference: number): string {
  const rounded = Math.round(difference * 100) / 100;
  if (rounded === 0) return 'at the median';
  return `${score2(Math.abs(rounded))} ${rounded > 0 ? 'above' : 'below'} the median`;
}

/** What the comparison tells of the cohort (the shape of Comparison['cohort']). */
export interface CohortMovementText {
  description: string;
  from: { difference: number } | null;
  to: { difference: number } | null;
  movement: number | null;
}

/**
 * The movement against the organisation's own cohort's median, or why it is not shown:
 * "Against the median of Technology, Europe: from 0.40 below the median to 0.20 above the
 * median, up 0.60 (+0.60)."
 */
export function movementSentence(cohort: CohortMovementText | null): string {
  if (!cohort) {
    return "The movement against the cohort median is not shown: the organisation's own cohort has no published median for these submissions.";
  }
  const lead = `Against the median of ${cohort.description}`;
  const { from, to } = cohort;
  if (from && to)
    return `${lead}: from ${medianPosition(from.difference)} to ${medianPosition(to.difference)}, ${changeText(cohort.movement ?? to.difference - from.difference)}.`;
  if (to)
    return `${lead}: ${medianPosition(to.difference)} at the later submission; no median was published for the earlier one, so there is no movement to show.`;
  if (from)
    return `${lead}: ${medianPosition(from.difference)} at the earlier submission; no median was published for the later one, so there is no movement to show.`;
  return `${lead}: no median was published for either submission, so there is no movement to show.`;
}

/** What the name field says before anything is sent; null when the name may be sent. */
export function milestoneNameError(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name for the milestone, for example "Q3 board review".';
  if (trimmed.length > MILESTONE_NAME_LIMIT) return `Keep the name to ${MILESTONE_NAME_LIMIT} characters or fewer.`;
  return null;
}

/** The field's message for 409 `milestone_name_taken` (names are unique in the organisation, whatever their case). */
export const nameTakenMessage = (name: string) => `A milestone called "${name.trim()}" already exists. Choose another name.`;

/**
 * Each submission's label on a chart, oldest first: its milestone's name, else the day it
 * was submitted ("4 Dec 2026"), numbered when several unnamed ones share a day.
 */
export function pointLabels(points: { milestone: { name: string } | null; submittedAt: string }[]): string[] {
  const day = (p: { submittedAt: string }) => formatReleaseDate(p.submittedAt.slice(0, 10));
  const unnamed = new Map<string, number>();
  for (const p of points) if (!p.milestone) unnamed.set(day(p), (unnamed.get(day(p)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return points.map((p) => {
    if (p.milestone) return p.milestone.name;
    const d = day(p);
    if ((unnamed.get(d) ?? 0) < 2) return d;
    const n = (seen.get(d) ?? 0) + 1;
    seen.set(d, n);
    return `${d} (${n})`;
  });
}

/** A label cut to `max` characters at a word where it can be, with an ellipsis: for chart axes (tables keep the whole). */
export function shortLabel(label: string, max: number): string {
  if (label.length <= max) return label;
  const cut = label.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : label.slice(0, max)).trimEnd()}…`;
}

/** How many targeted domains a submission's levels meet: "3 of 4". */
export function domainsMeetingTargets(
  levels: Record<string, { level: number }>,
  targets: Record<string, number>,
): { met: number; targeted: number; text: string } {
  const targeted = Object.entries(targets);
  const met = targeted.filter(([id, target]) => (levels[id]?.level ?? 0) >= target).length;
  return { met, targeted: targeted.length, text: targeted.length ? `${met} of ${targeted.length}` : 'No domain targets' };
}
