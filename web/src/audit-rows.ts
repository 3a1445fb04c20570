/**
 * The audit trail's rows: events one per row, except an editing session's saves, which
 * read as one row. Stored events stay one per save; this only groups what a page shows.
 */
import type { AuditEvent } from './api';

/** Saves further apart than this start a new row. */
export const SAVE_SESSION_GAP_MS = 30 * 60 * 1000;

export type AuditRow = { kind: 'event'; event: AuditEvent } | { kind: 'saves'; events: AuditEvent[] };

const isSave = (e: AuditEvent) => e.operation === 'assessment.answer';

/** Whether `later` (newer) and `earlier` are saves of one session: same actor, same assessment, close in time. */
const sameSession = (later: AuditEvent, earlier: AuditEvent) =>
  isSave(later) &&
  isSave(earlier) &&
  later.actor.tokenId === earlier.actor.tokenId &&
  later.actor.onBehalfOf?.personId === earlier.actor.onBehalfOf?.personId &&
  later.target.id === earlier.target.id &&
  Date.parse(later.at) - Date.parse(earlier.at) <= SAVE_SESSION_GAP_MS;

/**
 * Groups consecutive saves (the page is newest first) by the same actor on the same
 * assessment, each within 30 minutes of the next; a lone save stays an ordinary row.
 */
export function auditRows(events: readonly AuditEvent[]): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const event of events) {
    const last = rows.at(-1);
    if (last?.kind === 'saves' && sameSession(last.events.at(-1)!, event)) last.events.push(event);
    else if (last?.kind === 'event' && sameSession(last.event, event)) rows[rows.length - 1] = { kind: 'saves', events: [last.event, event] };
    else rows.push({ kind: 'event', event });
  }
  return rows;
}
