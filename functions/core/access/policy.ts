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
  'benchmarks.read': ['analyst', 'admin'],
  'organisation.settings': ['owner'],
  'organisations.queue': ['admin'],
  'organisations.verify': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof policy;

export function isAllowed(principal: Principal, operation: Operation): boolean {
  return roleMay(principal.role, operation);
}

/** Whether a role may perform an operation: the web app asks it to decide what to offer (functions/contract/rules.ts). */
export function roleMay(role: Role | null, operation: Operation): boolean {
  return role !== null && (policy[operation] as readonly Role[]).includes(role);
}

export function authorize(principal: Principal, operation: Operation): void {
  if (!isAllowed(principal, operation)) throw new DomainError('forbidden', `the ${principal.role} role may not perform ${operation}`);
}

/** The organisation an organisation-scoped operation acts on; platform tokens have none. */
export function organisationOf(principal: Principal): string {
  if (!principal.organisationId) throw new DomainError('forbidden', 'this operation needs an organisation token');
  return principal.organisationId;
}
