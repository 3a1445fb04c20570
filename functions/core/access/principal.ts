/** Who is calling: the identity behind a bearer token. */
import { z } from 'zod';

export const OrganisationRole = z.enum(['owner', 'leader', 'respondent']);
export const PlatformRole = z.enum(['analyst', 'admin']);
export const Role = z.enum([...OrganisationRole.options, ...PlatformRole.options]);
export const ActorType = z.enum(['human', 'agent']);

export type OrganisationRole = z.infer<typeof OrganisationRole>;
export type PlatformRole = z.infer<typeof PlatformRole>;
export type Role = z.infer<typeof Role>;
export type ActorType = z.infer<typeof ActorType>;

export interface Principal {
  tokenId: string;
  label: string;
  role: Role;
  actorType: ActorType;
  /** The organisation the token belongs to; null for platform tokens (analyst, admin). */
  organisationId: string | null;
  /** An agent's access token: the operations it may perform (policy names); absent for static tokens (their role decides). */
  scopes?: readonly string[];
  /** An agent's access token bound to one assessment: others are not found. */
  assessmentId?: string;
  /** A member restricted to one scope of the organisation: other scopes' assessments, and the whole organisation's, are not found. */
  scopeId?: string;
  /** A signed-in person (a session): their id, `(issuer, subject)` hashed (services/people.ts). */
  personId?: string;
  /** An agent acting for a person (an approved delegation, docs/security.md): the person it acts for. */
  onBehalfOf?: { personId: string; name: string };
  /** An access token exchanged for a key (services/key-exchange.ts): the key's record, by its secret's hash, for shared-use detection. */
  exchangedKey?: { hash: string };
  /** The bootstrap admin credential: it only grants the first platform admin membership (policy.ts). */
  bootstrap?: boolean;
  /** The request's correlation id (its X-Request-Id): every audit event built from this principal carries it. */
  correlationId?: string;
  /** What the request asked, as the audit trail records it (http/access-audit.ts). */
  request?: RequestSummary;
  /** This request's policy decisions in order, appended by authorize() (policy.ts); present on a principal made for one request. */
  decisions?: Decision[];
}

/** A request as the audit trail records it: no body, no headers (so no secrets, cookies or Authorization values). */
export interface RequestSummary {
  method: string;
  /** The route template, e.g. /v1/assessments/{id}/answers. */
  route: string;
  params: Record<string, string>;
  query: Record<string, string>;
}

/** One policy decision: an operation of policy.ts allowed, or refused with the problem code the caller got. */
export interface Decision {
  outcome: 'allowed' | 'refused';
  operation: string;
  reason?: string;
}

export const isPlatformRole = (role: Role): role is PlatformRole => PlatformRole.options.includes(role as PlatformRole);
