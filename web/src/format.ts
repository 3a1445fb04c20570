/** Words and numbers as the app shows them. */
import { type Actor, type Answer, type CohortFilter, type Figure, optionsOf, type Question, type ReleaseInfo } from './api';

const NAMED: Record<string, string> = {
  'north-america': 'North America',
  'latin-america': 'Latin America',
  'middle-east-africa': 'Middle East & Africa',
  'asia-pacific': 'Asia-Pacific',
};

/** "financial-services" → "Financial services", "50-249" → "50–249 people". */
export function choiceLabel(value: string): string {
  if (NAMED[value]) return NAMED[value];
  if (/^\d/.test(value)) return `${value.replace('-', '–')} people`;
  const text = value.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Technology, 250–999 people, Europe, 2026-Q3", or "All organisations". */
export function cohortLabel(c: CohortFilter): string {
  const parts = [c.industry, c.sizeBand, c.region].filter((x): x is string => !!x).map(choiceLabel);
  if (c.period) parts.push(c.period);
  return parts.length ? parts.join(', ') : 'All organisations';
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));
export const score2 = (n: number) => n.toFixed(2);

/** A figure given exactly (synthetic demo data): its interval has no width. */
export const isExact = (f: Figure) => f.low === f.high;

const dash = (low: string, high: string) => `${low}–${high}`;

/**
 * A released score with its interval, "2.9 (2.6–3.2)"; an exact one (demo data) as
 * "2.90". One decimal for noisy figures: a second one would claim precision they lack.
 */
export function scoreFigure(f: Figure, exact = isExact(f)): string {
  if (exact) return score2(f.value);
  return `${f.value.toFixed(1)} (${dash(f.low.toFixed(1), f.high.toFixed(1))})`;
}

/** An organisation count, "≈ 52 (47–57)", or "52" when exact. */
export function countFigure(f: Figure, exact = isExact(f)): string {
  const r = (n: number) => String(Math.round(n));
  if (exact) return r(f.value);
  return `≈ ${r(f.value)} (${dash(r(f.low), r(f.high))})`;
}

/** A percentile (0–100), "≈ 64 (52–75)", or "64" when exact. */
export const percentileFigure = countFigure;

const releaseDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A release's date ("2026-12-02", a UTC day) as "2 Dec 2026". */
export const formatReleaseDate = (day: string) => releaseDay.format(new Date(`${day}T00:00:00Z`));

/** The sentence every set of benchmark figures carries: where they come from and what the ranges mean. */
export function releaseNote(release: ReleaseInfo | undefined, synthetic: boolean): string {
  if (!release) {
    return synthetic ? 'Synthetic demonstration data: invented organisations, shown exactly (no privacy noise, no ranges).' : 'Figures shown exactly.';
  }
  const confidence = Math.round(release.confidence * 100);
  return `Released ${formatReleaseDate(release.date)} · figures include privacy noise; ranges are ${confidence}% intervals`;
}

const ROLE_NAMES: Record<string, string> = { owner: 'owner', leader: 'leader', respondent: 'respondent', analyst: 'analyst', admin: 'administrator' };

/** "Priya Shah (respondent)", "Sync job (respondent, an agent)", or "Survey bot (agent) on behalf of Priya Shah". */
export function describeActor(actor: Actor): string {
  if (actor.onBehalfOf) return `${actor.label} (agent) on behalf of ${actor.onBehalfOf.name}`;
  const role = ROLE_NAMES[actor.role] ?? actor.role;
  return `${actor.label} (${role}${actor.actorType === 'agent' ? ', an agent' : ''})`;
}

/** An answer in words: the option labels, or "Not applicable: <reason>", with its comment. */
export function describeAnswer(question: Question, answer: Answer | null | undefined): string {
  if (!answer) return 'No answer';
  let text: string;
  if (answer.notApplicable) text = `Not applicable${answer.reason ? `: ${answer.reason}` : ''}`;
  else {
    const ids = Array.isArray(answer.value) ? answer.value : answer.value === undefined ? [] : [String(answer.value)];
    const labels = ids.map((id) => optionsOf(question).find((o) => o.id === id)?.label ?? id);
    text = labels.length ? labels.join('; ') : 'No answer';
  }
  if (answer.comment?.trim()) text += ` (comment: ${answer.comment.trim()})`;
  if (answer.evidence?.length) text += ` (${answer.evidence.length} evidence link${answer.evidence.length > 1 ? 's' : ''})`;
  return text;
}

/** Saves a downloaded file under its name. */
export function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
