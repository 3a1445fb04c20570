/**
 * Agents acting for a person (docs/security.md, "Agents acting for a person"): a signed-in
 * person approves an agent of their organisation to act for them on one assessment, for
 * a while; the agent then exchanges the approval for access tokens (services/agents.ts).
 */
import { delegatedAccess } from '../core/access/delegations';
import { authorize, authorizeAssessment, organisationOf } from '../core/access/policy';
import { assertReaches } from '../core/access/scope-reach';
import type { Principal } from '../core/access/principal';
import { DomainError, notFound } from '../core/errors';
import type { CreateDelegationRequest } from '../contract';
import { actorOf, auditEvent } from './audit';
import type { DelegationRecord } from './entities';
import type { AgentStore, AssessmentStore, Clock, DelegationStore, IdSource } from './ports';

export interface DelegationServiceDeps {
  delegations: DelegationStore;
  agents: AgentStore;
  assessments: AssessmentStore;
  clock: Clock;
  ids: IdSource;
}

const onlyPeople = () => new DomainError('forbidden', 'only a signed-in person may let an agent act for them: keys and agents cannot approve delegations');

/** Those who manage agents (owners; their scope included, for agents' own tokens) see and withdraw every delegation. */
function isOwner(principal: Principal): boolean {
  try {
    authorize(principal, 'agents.revoke');
    return true;
  } catch {
    return false;
  }
}

export class DelegationService {
  constructor(private readonly deps: DelegationServiceDeps) {}

  /** The caller's organisation's unrevoked agent, or 404. */
  private async liveAgent(organisationId: string, agentId: string) {
    const agent = await this.deps.agents.get(agentId);
    if (!agent || agent.organisationId !== organisationId || agent.revokedAt) throw notFound('agent');
    return agent;
  }

  async create(principal: Principal, agentId: string, request: CreateDelegationRequest): Promise<DelegationRecord> {
    if (!principal.personId) throw onlyPeople();
    authorizeAssessment(principal, 'assessments.answer', request.assessmentId);
    const organisationId = organisationOf(principal);
    const assessment = await this.deps.assessments.get(organisationId, request.assessmentId);
    if (!assessment) throw notFound('assessment');
    assertReaches(principal, 'assessments.answer', assessment);
    const agent = await this.liveAgent(organisationId, agentId);
    if (agent.assessmentId && agent.assessmentId !== request.assessmentId)
      throw new DomainError('validation_failed', 'this agent is bound to another assessment', [
        { field: ['assessmentId'], message: 'the agent may act on another assessment only' },
      ]);
    const { role, scopes } = delegatedAccess(principal.role, agent);
    const now = this.deps.clock.now();
    const delegation: DelegationRecord = {
      id: this.deps.ids.id(),
      agentId: agent.id,
      organisationId,
      assessmentId: request.assessmentId,
      personId: principal.personId,
      personName: principal.label,
      role,
      scopes,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + request.expiresInMinutes * 60_000).toISOString(),
      revokedAt: null,
    };
    const outcome = await this.deps.delegations.create(
      delegation,
      auditEvent(this.deps, {
        organisationId,
        actor: actorOf(principal),
        operation: 'delegation.create',
        target: { type: 'delegation', id: delegation.id },
        after: delegation,
        at: delegation.createdAt,
      }),
    );
    // The agent was revoked meanwhile (a deleted organisation is refused by the store itself).
    if (outcome === 'conflict') throw notFound('agent');
    return delegation;
  }

  /** An agent's delegations: all of them for owners, a person's own for them. */
  async list(principal: Principal, agentId: string): Promise<DelegationRecord[]> {
    const owner = isOwner(principal);
    if (!owner && !principal.personId) throw onlyPeople();
    const organisationId = organisationOf(principal);
    const agent = await this.deps.agents.get(agentId);
    if (!agent || agent.organisationId !== organisationId) throw notFound('agent');
    const all = await this.deps.delegations.listForAgent(organisationId, agentId);
    return owner ? all : all.filter((d) => d.personId === principal.personId);
  }

  /** Revokes a delegation: its tokens stop working on their next request. The person who made it, or an owner. */
  async revoke(principal: Principal, agentId: string, delegationId: string): Promise<void> {
    const owner = isOwner(principal);
    if (!owner && !principal.personId) throw onlyPeople();
    const organisationId = organisationOf(principal);
    const delegation = await this.deps.delegations.get(delegationId);
    if (!delegation || delegation.organisationId !== organisationId || delegation.agentId !== agentId) throw notFound('delegation');
    if (!owner && delegation.personId !== principal.personId)
      throw new DomainError('forbidden', 'only the person who approved a delegation, or an owner, may revoke it');
    const at = this.deps.clock.now().toISOString();
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'delegation.revoke',
      target: { type: 'delegation', id: delegation.id },
      at,
    });
    if (!(await this.deps.delegations.revoke(delegation, at, audit))) throw notFound('delegation');
  }
}
