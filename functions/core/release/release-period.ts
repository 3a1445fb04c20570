/**
 * Release periods: every figure is released once per period and read back unchanged for
 * the rest of it (issue 14). A release is named by the first UTC day of its period.
 */
import { z } from 'zod';

export const ReleasePeriod = z.enum(['day', 'week', 'month']);
export type ReleasePeriod = z.infer<typeof ReleasePeriod>;

const DAY_MS = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The first UTC day of the period containing `now` (weeks start on Monday, ISO 8601). */
export function releaseDateOf(now: Date, period: ReleasePeriod): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'day') return isoDate(day);
  if (period === 'month') return isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return isoDate(new Date(day.getTime() - sinceMonday * DAY_MS));
}

/** The first and last day of a calendar quarter ("2026-Q4" → 2026-10-01, 2026-12-31). */
export function daysOfQuarter(quarter: string): { first: string; last: string } {
  const [year, q] = quarter.split('-Q').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const last = new Date(Date.UTC(year, q * 3, 1) - DAY_MS);
  return { first: isoDate(first), last: isoDate(last) };
}
