/**
 * Agents acting for a person, the pure parts (docs/security.md, "Agents acting for a
 * person"): what a delegation lets the agent do, whether it is still live, and the claims
 * of the access token the token exchange (RFC 8693) issues for it.
 */
import { ORGANISATION_WIDE_WRITES } from './agents';
import { operationsOf, type Operation } from './policy';
import type { Role } from './principal';

/** The token exchange grant (RFC 8693 §2.1). */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** AIM's own token type URI: the subject token is the id of a delegation a person approved. */
export const DELEGATION_TOKEN_TYPE = 'urn:aim:params:oauth:token-type:delegation';
/** The only token type issued (RFC 8693 §3). */
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** What an agent acting for a person on one assessment never does: start assessments, read the organisation's trail, list its agents, change the organisation's targets, plan or milestones. */
const OUTSIDE_ONE_ASSESSMENT = new Set<Operation>(['assessments.create', 'audit.read', 'agents.list', ...ORGANISATION_WIDE_WRITES]);

/** Lifetime of a delegation, minutes: at least 5, at most a day, an hour when left out. */
export const DELEGATION_MINUTES = { min: 5, max: 1440, default: 60 } as const;

/** A delegation as the checks need it. */
export interface DelegationTerms {
  agentId: string;
  personId: string;
  organisationId: string;
  assessmentId: string;
  role: Role;
  scopes: readonly string[];
  expiresAt: string;
  revokedAt: string | null;
}

/**
 * What the agent may do for the person: the operations both the person's role and the
 * agent's scopes allow, bound to one assessment (so no creating assessments, no
 * organisation-wide audit trail, no list of agents); the role is the narrower of the two (an owner's
 * delegation takes the agent's role, otherwise the person's).
 */
export function delegatedAccess(personRole: Role, agent: { role: Role; scopes: readonly string[] }): { role: Role; scopes: Operation[] } {
  const agentScopes = new Set(agent.scopes);
  const scopes = operationsOf(personRole).filter((operation) => agentScopes.has(operation) && !OUTSIDE_ONE_ASSESSMENT.has(operation));
  return { role: personRole === 'owner' ? agent.role : personRole, scopes };
}

/** Whether a delegation can be used at `now`: 'live', or why not. */
export function delegationState(delegation: Pick<DelegationTerms, 'expiresAt' | 'revokedAt'>, now: Date): 'live' | 'revoked' | 'expired' {
  if (delegation.revokedAt) return 'revoked';
  return Date.parse(delegation.expiresAt) <= now.getTime() ? 'expired' : 'live';
}

/**
 * The claims of an access token for an agent acting for a person: `sub` is the person,
 * `act.sub` the agent (RFC 8693 §4.1), with the names to show and the delegation it rests on.
 */
export function delegatedTokenClaims(input: {
  issuer: string;
  audience: string;
  delegation: DelegationTerms & { id: string; personName: string };
  agentLabel: string;
  scopes: readonly string[];
  jti: string;
  /** Seconds since the epoch. */
  now: number;
  lifetimeSeconds: number;
  jkt?: string;
}): Record<string, unknown> {
  const { delegation } = input;
  return {
    iss: input.issuer,
    aud: input.audience,
    sub: delegation.personId,
    act: { sub: delegation.agentId },
    client_id: delegation.agentId,
    iat: input.now,
    exp: input.now + input.lifetimeSeconds,
    jti: input.jti,
    org: delegation.organisationId,
    role: delegation.role,
    scope: input.scopes.join(' '),
    assessment_id: delegation.assessmentId,
    aim_delegation_id: delegation.id,
    aim_person_name: delegation.personName,
    aim_agent_label: input.agentLabel,
    ...(input.jkt ? { cnf: { jkt: input.jkt } } : {}),
  };
}
