/** Builds the audit event that commits together with a change, and the events of reads and refusals. */
import { dataClassesOf } from '../core/access/data-classes';
import type { Decision, Principal } from '../core/access/principal';
import type { Actor, AuditEvent } from './entities';
import { hashOf } from './hashing';
import type { Clock, IdSource } from './ports';

/**
 * The principal each actor was made from. Services build change events from
 * `actorOf(principal)`; through this map `auditEvent` finds that principal's request (its
 * correlation id, route and policy decisions) without each of its callers passing them.
 * A WeakMap, so the actor stays the plain object that is stored (also as `createdBy`).
 */
const principals = new WeakMap<Actor, Principal>();

export const actorOf = (principal: Principal): Actor => {
  const actor: Actor = {
    tokenId: principal.tokenId,
    label: principal.label,
    role: principal.role,
    actorType: principal.actorType,
    ...(principal.onBehalfOf ? { onBehalfOf: { personId: principal.onBehalfOf.personId, name: principal.onBehalfOf.name } } : {}),
  };
  principals.set(actor, principal);
  return actor;
};

export interface AuditContext {
  clock: Clock;
  ids: IdSource;
}

type AuditInput = {
  organisationId: string | null;
  actor: Actor;
  operation: string;
  target: AuditEvent['target'];
  before?: unknown;
  after?: unknown;
  at?: string;
  /** Answers departing from imported evidence: kept in the clear, as the trail's record of why (the changes themselves are only hashed). */
  assurance?: AuditEvent['assurance'];
};

export function auditEvent(ctx: AuditContext, input: AuditInput): AuditEvent {
  const principal = principals.get(input.actor);
  return {
    id: ctx.ids.id(),
    organisationId: input.organisationId,
    at: input.at ?? ctx.clock.now().toISOString(),
    actor: input.actor,
    operation: input.operation,
    target: input.target,
    beforeHash: hashOf(input.before),
    afterHash: hashOf(input.after),
    ...(input.assurance?.length ? { assurance: input.assurance } : {}),
    // A change is committed only after its service authorized it: the last operation allowed
    // so far in this request is the one that let it through (a service authorizes before it writes).
    ...(principal ? requestFields(principal, lastAllowed(principal)) : {}),
    dataClasses: dataClassesOf({ operation: input.operation }),
  };
}

/**
 * An event for a call that changed nothing: a read by an agent or a key (`read`), or a
 * call the policy refused (`refused`), under the caller's organisation (platform callers'
 * in the platform partition, as their other events).
 */
export function accessEvent(
  ctx: AuditContext,
  principal: Principal,
  input: { operation: 'read' | 'refused'; target: AuditEvent['target']; decision?: Decision },
): AuditEvent {
  return {
    id: ctx.ids.id(),
    organisationId: principal.organisationId,
    at: ctx.clock.now().toISOString(),
    actor: actorOf(principal),
    operation: input.operation,
    target: input.target,
    beforeHash: null,
    afterHash: null,
    ...requestFields(principal, input.decision),
    dataClasses: dataClassesOf({ operation: input.operation, decision: input.decision, request: principal.request }),
  };
}

/**
 * An event as read back: one written before events carried their data classes gets them
 * derived from its action, the same mapping as at write, so a query by class covers the past too.
 */
export const withDataClasses = (event: AuditEvent): AuditEvent => (event.dataClasses ? event : { ...event, dataClasses: dataClassesOf(event) });

/** The last operation the policy allowed in this request, if it decided any. */
export const lastAllowed = (principal: Principal): Decision | undefined => principal.decisions?.findLast((d) => d.outcome === 'allowed');

function requestFields(principal: Principal, decision: Decision | undefined): Pick<AuditEvent, 'correlationId' | 'decision' | 'request'> {
  return {
    ...(principal.correlationId ? { correlationId: principal.correlationId } : {}),
    ...(decision ? { decision: { outcome: decision.outcome, operation: decision.operation, ...(decision.reason ? { reason: decision.reason } : {}) } } : {}),
    ...(principal.request ? { request: principal.request } : {}),
  };
}
