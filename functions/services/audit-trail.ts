/**
 * Reading the audit trail: owners and leaders, filterable by actor, actor type, outcome,
 * kind, data class and time, paginated; each event with the names of its actor and target.
 */
import type { z } from 'zod';
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';
import { withDataClasses } from './audit';
import { AuditNames, type AuditNameSources } from './audit-names';
import type { AuditStore } from './ports';
import type { AuditActorChoice, AuditListQuery, AuditTrailPage } from '../contract';

const encodeCursor = (sortKey: string) => Buffer.from(sortKey, 'utf8').toString('base64url');

const CURSOR = /^AUDIT#([0-9T:.Z-]+)#[\w-]+$/;

/**
 * A cursor is the sort key of the last event of a page, so it names a time inside the
 * range of the query that produced it. One from another query (a different `from` or
 * `to`) would send the database a start key outside the key condition: a 400 here.
 */
function decodeCursor(cursor: string, range: { from?: string; to?: string }): string {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  const at = CURSOR.exec(sortKey)?.[1];
  if (!at)
    throw new DomainError('validation_failed', 'the cursor is not valid', [
      { field: ['cursor'], message: 'pass the `next` value of a previous page unchanged' },
    ]);
  if ((range.from && at < range.from) || (range.to && at > range.to))
    throw new DomainError('validation_failed', 'the cursor does not belong to this query', [
      {
        field: ['cursor'],
        message: 'this cursor came from a query with another time range: pass it with the same `from` and `to`, or start again without a cursor',
      },
    ]);
  return sortKey;
}

export class AuditTrailService {
  /** Without `names` (unit tests of paging and filters), actors are named by their recorded label and targets not at all. */
  constructor(private readonly deps: { audit: AuditStore; names?: AuditNameSources }) {}

  async list(principal: Principal, query: z.output<typeof AuditListQuery>): Promise<AuditTrailPage> {
    authorize(principal, 'audit.read');
    if (query.from && query.to && query.from > query.to)
      throw new DomainError('validation_failed', '`from` is after `to`', [{ field: ['from'], message: 'must not be after `to`' }]);
    // Stored times are full ISO strings (with milliseconds); compare like with like.
    const range = { from: query.from && new Date(query.from).toISOString(), to: query.to && new Date(query.to).toISOString() };
    const { events, next } = await this.deps.audit.query(organisationOf(principal), {
      ...range,
      actorTokenId: query.actor,
      actorType: query.actorType,
      outcome: query.outcome,
      kind: query.kind === 'all' ? undefined : query.kind,
      dataClass: query.dataClass,
      limit: query.limit,
      after: query.cursor ? decodeCursor(query.cursor, range) : undefined,
    });
    const names = this.deps.names && new AuditNames(this.deps.names, organisationOf(principal));
    const named = await Promise.all(
      events
        .map(withDataClasses)
        .map((e) => (names ? names.event(e) : { ...e, actor: { ...e.actor, name: e.actor.label, email: null }, target: { ...e.target, name: null } })),
    );
    return { events: named, ...(next ? { next: encodeCursor(next) } : {}) };
  }

  /** The people, agents and keys the trail can be filtered by, by name (the web app's "Made by" list). */
  async actors(principal: Principal): Promise<{ actors: AuditActorChoice[] }> {
    authorize(principal, 'audit.read');
    if (!this.deps.names) return { actors: [] };
    return { actors: await new AuditNames(this.deps.names, organisationOf(principal)).choices() };
  }
}
