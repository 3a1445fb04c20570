/** Builds the audit event that commits together with a change. */
import type { Principal } from '../core/access/principal';
import type { Actor, AuditEvent } from './entities';
import { hashOf } from './hashing';
import type { Clock, IdSource } from './ports';

export const actorOf = (principal: Principal): Actor => ({
  tokenId: principal.tokenId,
  label: principal.label,
  role: principal.role,
  actorType: principal.actorType,
  ...(principal.onBehalfOf ? { onBehalfOf: { personId: principal.onBehalfOf.personId, name: principal.onBehalfOf.name } } : {}),
});

export interface AuditContext {
  clock: Clock;
  ids: IdSource;
}

export function auditEvent(
  ctx: AuditContext,
  input: { organisationId: string | null; actor: Actor; operation: string; target: AuditEvent['target']; before?: unknown; after?: unknown; at?: string },
): AuditEvent {
  return {
    id: ctx.ids.id(),
    organisationId: input.organisationId,
    at: input.at ?? ctx.clock.now().toISOString(),
    actor: input.actor,
    operation: input.operation,
    target: input.target,
    beforeHash: hashOf(input.before),
    afterHash: hashOf(input.after),
  };
}
