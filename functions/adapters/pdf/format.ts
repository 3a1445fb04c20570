/** Formatting only: numbers, dates and words as the report prints them. */
import type { Figure } from '../../core/report-model';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2025-11-27T16:30:00Z" → "27 November 2025" (UTC, so the day does not depend on the server). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** "2025-11-27T16:30:00Z" → "27 Nov 2025". */
export function formatShortDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shortDateFormat.format(date);
}

/** Scores always with two decimals: "3.00", "1.67". */
export const formatScore = (score: number) => score.toFixed(2);

/** A change with its sign: "+0.30", "−0.12", "0.00". */
export const formatChange = (change: number) => (change > 0 ? `+${change.toFixed(2)}` : change < 0 ? `−${Math.abs(change).toFixed(2)}` : '0.00');

/** 22 → "22nd", 11 → "11th". */
export function ordinal(n: number): string {
  const whole = Math.round(n);
  const teen = whole % 100 >= 11 && whole % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[whole % 10] ?? 'th');
  return `${whole}${suffix}`;
}

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Position on a 0–5 scale as a percentage width, clamped. */
export const percentOfFive = (score: number): `${number}%` => `${Math.min(100, Math.max(0, (score / 5) * 100))}%`;

/** A released figure: its value and its interval (low = high = value when exact). */
export type ShownFigure = Figure;

export const isExact = (f: ShownFigure) => f.low === f.value && f.high === f.value;

/** "2.60" when exact, else "2.60 (90% interval 2.30–2.90)"; `interval` names the interval ("90% interval"). */
export function formatScoreFigure(f: ShownFigure, interval: string): string {
  return isExact(f) ? formatScore(f.value) : `${formatScore(f.value)} (${interval} ${formatScore(f.low)}–${formatScore(f.high)})`;
}

/** "2.60" when exact, else "2.60 (2.30–2.90)", for narrow columns whose heading names the interval. */
export function formatScoreFigureShort(f: ShownFigure): string {
  return isExact(f) ? formatScore(f.value) : `${formatScore(f.value)} (${formatScore(f.low)}–${formatScore(f.high)})`;
}

/** "62nd" when exact, else "62nd (90% interval 48th–75th)"; `noun` goes after the value ("62nd percentile (…)"). */
export function formatPercentileFigure(f: ShownFigure, interval: string, noun = ''): string {
  return isExact(f) ? `${ordinal(f.value)}${noun}` : `${ordinal(f.value)}${noun} (${interval} ${ordinal(f.low)}–${ordinal(f.high)})`;
}

/** "37 organisations" when exact, else "37 organisations, 90% interval 33–41". */
export function formatCountFigure(f: ShownFigure, interval: string): string {
  const whole = (x: number) => String(Math.round(x));
  const count = `${whole(f.value)} organisation${Math.round(f.value) === 1 ? '' : 's'}`;
  return isExact(f) ? count : `${count}, ${interval} ${whole(f.low)}–${whole(f.high)}`;
}
