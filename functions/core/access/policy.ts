/**
 * The authorization policy in one place: which roles may perform each operation.
 * Resources of another organisation are answered with 404 by the services (they look
 * up data only inside the caller's organisation), so nothing here reveals existence.
 */
import { DomainError } from '../errors';
import type { Principal, Role } from './principal';

export const policy = {
  'session.read': ['owner', 'leader', 'respondent', 'analyst', 'admin'],
  'tokens.mint': ['owner', 'admin'],
  'tokens.list': ['owner', 'admin'],
  'tokens.revoke': ['owner', 'admin'],
  'agents.register': ['owner'],
  'agents.list': ['owner', 'leader', 'respondent'], // labels and public keys only: whom a member may let act for them
  'agents.revoke': ['owner'],
  'members.list': ['owner'],
  'members.manage': ['owner'],
  'invitations.create': ['owner'],
  'invitations.list': ['owner'],
  'invitations.revoke': ['owner'],
  'audit.read': ['owner', 'leader'],
  'organisation.export': ['owner'],
  'organisation.delete': ['owner'],
  'assessments.reopen': ['owner', 'respondent'],
  'assessments.create': ['owner', 'respondent'],
  'assessments.list': ['owner', 'leader', 'respondent'],
  'assessments.read': ['owner', 'leader', 'respondent'],
  'assessments.answer': ['owner', 'respondent'],
  'assessments.submit': ['owner', 'respondent'],
  'assessments.upgrade': ['owner', 'respondent'],
  'assessments.benchmark': ['owner', 'leader'],
  'assessments.report': ['owner', 'leader'],
  // Evidence imports (issue 20): whoever answers an assessment imports inventory files into it; every member reads what was imported.
  'evidence.import': ['owner', 'respondent'],
  'evidence.read': ['owner', 'leader', 'respondent'],
  // Targets per domain (issue 19): every member reads them; owners and leaders set them.
  'targets.read': ['owner', 'leader', 'respondent'],
  'targets.write': ['owner', 'leader'],
  // The improvement plan (issue 19): every member reads it; owners and leaders shape it
  // (carry it forward, assign, date); an item's owner, a respondent too, updates its status and notes.
  'plan.read': ['owner', 'leader', 'respondent'],
  'plan.write': ['owner', 'leader'],
  'plan.updateOwn': ['owner', 'leader', 'respondent'],
  // Milestones, comparisons and progress (issue 19): every member reads them; owners and leaders name milestones.
  'milestones.read': ['owner', 'leader', 'respondent'],
  'milestones.write': ['owner', 'leader'],
  // Scopes (issue 19): every member reads them and the roll-up; owners create them and restrict members to one.
  'scopes.read': ['owner', 'leader', 'respondent'],
  'scopes.write': ['owner'],
  'benchmarks.read': ['analyst', 'admin'],
  'organisation.settings': ['owner'],
  // Anonymous registration needs no role (and is throttled); a credential registering must be a platform admin's.
  'organisations.register': ['admin'],
  'organisations.queue': ['admin'],
  'organisations.verify': ['admin'],
  // Platform agents (platform-agents.ts): federated, admin-role agents with a narrow scope, e.g. a pipeline registering organisations.
  'platformAgents.register': ['admin'],
  'platformAgents.list': ['admin'],
  'platformAgents.revoke': ['admin'],
  // Recovery, and the first platform admin: granting a person a membership (audited with its reason).
  'memberships.grant': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof policy;

export function isAllowed(principal: Principal, operation: Operation): boolean {
  return roleMay(principal.role, operation);
}

/** Whether a role may perform an operation: the web app asks it to decide what to offer (functions/contract/rules.ts). */
export function roleMay(role: Role | null, operation: Operation): boolean {
  return role !== null && (policy[operation] as readonly Role[]).includes(role);
}

/**
 * What the bootstrap admin credential may do: grant memberships (the first platform admin
 * first of all) and say who it is. Everything else is for people and keys with a role.
 */
export const BOOTSTRAP_OPERATIONS: readonly Operation[] = ['memberships.grant', 'session.read'];

/**
 * Allows `operation` or throws `forbidden`. Either way the decision is appended to the
 * principal's decision log, when it has one (a principal made for one request, http/context.ts):
 * memory only, no IO, so the core stays pure. The audit trail reads it: a change event
 * names the operation the service authorized last, a refusal names the one refused.
 */
export function authorize(principal: Principal, operation: Operation): void {
  const refusal = refusalOf(principal, operation);
  principal.decisions?.push(refusal ? { outcome: 'refused', operation, reason: refusal.code } : { outcome: 'allowed', operation });
  if (refusal) throw refusal;
}

function refusalOf(principal: Principal, operation: Operation): DomainError | undefined {
  if (!isAllowed(principal, operation)) return new DomainError('forbidden', `the ${principal.role} role may not perform ${operation}`);
  if (principal.bootstrap && !BOOTSTRAP_OPERATIONS.includes(operation))
    return new DomainError(
      'forbidden',
      'the bootstrap admin credential only grants memberships (POST /v1/memberships): grant yourself the platform admin role, sign in, and act as that person or with a key they mint',
    );
  // An agent's token narrows its role further: only the operations in its scope.
  if (principal.scopes && !principal.scopes.includes(operation)) return new DomainError('forbidden', `this token's scope does not include ${operation}`);
  return undefined;
}

/**
 * An assessment the caller acts on: a token bound to another assessment gets 404, as if
 * it did not exist (nothing about other assessments is revealed).
 */
export function authorizeAssessment(principal: Principal, operation: Operation, assessmentId: string): void {
  authorize(principal, operation);
  if (principal.assessmentId !== undefined && principal.assessmentId !== assessmentId) {
    principal.decisions?.push({ outcome: 'refused', operation, reason: 'not_found' });
    throw new DomainError('not_found', 'assessment not found');
  }
}

/** The operations a role may perform: an agent's widest scope. */
export const operationsOf = (role: Role): Operation[] => (Object.keys(policy) as Operation[]).filter((operation) => roleMay(role, operation));

/** The organisation an organisation-scoped operation acts on; platform tokens have none. */
export function organisationOf(principal: Principal): string {
  if (!principal.organisationId) throw new DomainError('forbidden', 'this operation needs an organisation token');
  return principal.organisationId;
}
