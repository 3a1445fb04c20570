/**
 * The audit events of calls that change nothing: reads by agents and keys, and calls the
 * policy refused (docs/security.md, "The audit trail: what each record holds"). A change's
 * event is not written here: it commits in the change's own transaction (audit.ts).
 */
import type { Decision, Principal } from '../core/access/principal';
import { accessEvent, lastAllowed } from './audit';
import type { AuditEvent } from './entities';
import type { AuditWriter, Clock, IdSource } from './ports';

/**
 * Whose reads are recorded: agents' tokens and keys of either actor type, whose access is
 * the question an owner asks ("what did this agent read?"). A person reading through their
 * session is not: that is not the agent question, and it would be most of the volume.
 */
export const readsAreRecorded = (principal: Principal): boolean => principal.personId === undefined;

export class AccessAuditService {
  constructor(private readonly deps: { audit: AuditWriter; clock: Clock; ids: IdSource }) {}

  /** A successful read: recorded for agents and keys, with the operation the policy allowed. */
  async read(principal: Principal, target: AuditEvent['target']): Promise<void> {
    if (!readsAreRecorded(principal)) return;
    await this.deps.audit.record(accessEvent(this.deps, principal, { operation: 'read', target, decision: lastAllowed(principal) }));
  }

  /** A call the policy refused (any caller, people too): the operation and the problem code they got. */
  async refused(principal: Principal, target: AuditEvent['target'], decision: Decision): Promise<void> {
    await this.deps.audit.record(accessEvent(this.deps, principal, { operation: 'refused', target, decision }));
  }
}
