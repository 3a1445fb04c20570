/**
 * Targets in words (issue 19): the level choices a target select offers, what one revision
 * changed against the one before it, how far a result is from its target, and whether a
 * typed target date is a real day.
 */
import { levelName } from './api';
import { formatReleaseDate } from './format';

/** The parts of a revision of the targets that its history compares. */
export interface TargetValues {
  domains: Record<string, number>;
  overall: number | null;
  targetDate: string;
  note: string | null;
}

export const LEVELS = [1, 2, 3, 4, 5] as const;

/** "4 Managed" */
export const levelLabel = (level: number) => `${level} ${levelName(level)}`;

/** A target as a select's value: '' for none. */
export const levelValue = (level: number | null | undefined) => (level ? String(level) : '');

/** A select's value as a target level; null for "No target" or anything else that is not 1 to 5. */
export function parseLevel(value: string): number | null {
  const n = Number(value);
  return (LEVELS as readonly number[]).includes(n) ? n : null;
}

/** Whether `value` (a date input's YYYY-MM-DD) names a day that exists, 2027-02-30 not. */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A target date (a calendar day) as "30 Jun 2027". */
export const formatTargetDate = (day: string) => (isRealDate(day) ? formatReleaseDate(day) : day);

const levelOrNone = (level: number | null | undefined) => (level ? String(level) : 'none');

/**
 * What a revision changed against the one before it, one line each: "Auditing: 3 → 4",
 * "Overall: none → 3", "Target date: 31 Mar 2027 → 30 Jun 2027", "Note changed". The first
 * revision (no `before`) lists what it set: "Auditing: 3".
 */
export function targetChanges(before: TargetValues | null, after: TargetValues, domains: { id: string; title: string }[]): string[] {
  const title = (id: string) => domains.find((d) => d.id === id)?.title ?? id;
  // The questionnaire's order first, then any domain it no longer has.
  const ids = [...domains.map((d) => d.id), ...Object.keys({ ...before?.domains, ...after.domains }).filter((id) => !domains.some((d) => d.id === id))];
  const lines: string[] = [];
  for (const id of ids) {
    const was = before?.domains[id];
    const now = after.domains[id];
    if (was === now) continue;
    if (!before) lines.push(`${title(id)}: ${now}`);
    else lines.push(`${title(id)}: ${levelOrNone(was)} → ${levelOrNone(now)}`);
  }
  if (!before) {
    if (after.overall) lines.push(`Overall: ${after.overall}`);
    lines.push(`Target date: ${formatTargetDate(after.targetDate)}`);
    if (after.note) lines.push('Note added');
    return lines;
  }
  if (before.overall !== after.overall) lines.push(`Overall: ${levelOrNone(before.overall)} → ${levelOrNone(after.overall)}`);
  if (before.targetDate !== after.targetDate) lines.push(`Target date: ${formatTargetDate(before.targetDate)} → ${formatTargetDate(after.targetDate)}`);
  if ((before.note ?? '') !== (after.note ?? '')) lines.push(after.note ? (before.note ? 'Note changed' : 'Note added') : 'Note removed');
  return lines.length ? lines : ['No change'];
}

/** A revision in one line: "Auditing 4, Access scoping 2; overall 3; by 30 Jun 2027". */
export function targetsSummary(values: TargetValues, domains: { id: string; title: string }[]): string {
  const title = (id: string) => domains.find((d) => d.id === id)?.title ?? id;
  const order = (id: string) => {
    const i = domains.findIndex((d) => d.id === id);
    return i < 0 ? domains.length : i;
  };
  const set = Object.entries(values.domains).sort(([a], [b]) => order(a) - order(b));
  const parts = [set.length ? set.map(([id, level]) => `${title(id)} ${level}`).join(', ') : 'no domain targets'];
  parts.push(`overall ${levelOrNone(values.overall)}`);
  parts.push(`by ${formatTargetDate(values.targetDate)}`);
  return parts.join('; ');
}

/** How far a level is from its target: "4, 2 levels to go", "4, 1 level to go", or "Met". */
export function gapText(target: number, levelsToGo: number): string {
  if (levelsToGo <= 0) return 'Met';
  return `${target}, ${levelsToGo} ${levelsToGo === 1 ? 'level' : 'levels'} to go`;
}
