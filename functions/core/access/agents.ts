/**
 * Agents' credentials, the pure parts: which public keys an agent may register, which
 * scopes it may hold, and the claims of the access tokens AIM issues to it
 * (docs/security.md, "Agents").
 */
import type { FieldProblem } from '../errors';
import { operationsOf, type Operation } from './policy';
import type { Role } from './principal';

/** The largest JWK accepted, serialized (an RSA-4096 public key is well below). */
export const MAX_JWK_BYTES = 4096;

const B64URL = /^[A-Za-z0-9_-]+$/;
/** Members that hold private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Bytes a base64url string (without padding) decodes to. */
const decodedBytes = (text: string) => Math.floor((text.length * 3) / 4);

/** The JWS algorithms a public key may sign client assertions and DPoP proofs with. */
export function algorithmsFor(jwk: Record<string, unknown>): string[] {
  if (jwk.kty === 'EC') return ['ES256'];
  if (jwk.kty === 'RSA') return typeof jwk.alg === 'string' ? [jwk.alg] : ['RS256', 'PS256'];
  return [];
}

/**
 * What is wrong with a JWK offered as an agent's public key: EC P-256 (ES256) or RSA of
 * 2048 to 8192 bits (RS256, PS256); never private or symmetric key material.
 */
export function publicJwkProblems(jwk: Record<string, unknown>, field: readonly string[] = ['jwk']): FieldProblem[] {
  const at = (...path: string[]) => [...field, ...path];
  if (JSON.stringify(jwk).length > MAX_JWK_BYTES) return [{ field: at(), message: `a JWK is at most ${MAX_JWK_BYTES} bytes` }];
  const secret = SECRET_MEMBERS.filter((member) => member in jwk);
  if (secret.length) return secret.map((member) => ({ field: at(member), message: 'private or symmetric key material: register the public key only' }));
  const problems: FieldProblem[] = [];
  const b64 = (member: string, check: (bytes: number) => string | undefined) => {
    const value = jwk[member];
    if (typeof value !== 'string' || !B64URL.test(value)) return problems.push({ field: at(member), message: 'expected a base64url string' });
    const message = check(decodedBytes(value));
    if (message) problems.push({ field: at(member), message });
  };
  if (jwk.use !== undefined && jwk.use !== 'sig') problems.push({ field: at('use'), message: 'expected "sig"' });
  if (jwk.kty === 'EC') {
    if (jwk.crv !== 'P-256') problems.push({ field: at('crv'), message: 'expected "P-256"' });
    b64('x', (n) => (n === 32 ? undefined : 'expected 32 bytes'));
    b64('y', (n) => (n === 32 ? undefined : 'expected 32 bytes'));
    if (jwk.alg !== undefined && jwk.alg !== 'ES256') problems.push({ field: at('alg'), message: 'expected "ES256"' });
  } else if (jwk.kty === 'RSA') {
    b64('n', (n) => (n < 256 ? 'an RSA modulus of at least 2048 bits' : n > 1024 ? 'an RSA modulus of at most 8192 bits' : undefined));
    b64('e', (n) => (n > 8 ? 'expected a small public exponent' : undefined));
    if (jwk.alg !== undefined && jwk.alg !== 'RS256' && jwk.alg !== 'PS256') problems.push({ field: at('alg'), message: 'expected "RS256" or "PS256"' });
  } else if (jwk.kty === 'oct') {
    problems.push({ field: at('kty'), message: 'a symmetric key: register an asymmetric public key (EC P-256 or RSA)' });
  } else {
    problems.push({ field: at('kty'), message: 'expected "EC" (P-256) or "RSA"' });
  }
  return problems;
}

/** The roles an agent may hold. */
export const AGENT_ROLES = ['respondent', 'leader'] as const;

/** Changes to what belongs to the whole organisation, not to one assessment: never in a token bound to one. */
export const ORGANISATION_WIDE_WRITES: readonly Operation[] = ['targets.write', 'plan.write', 'plan.updateOwn', 'milestones.write', 'scopes.write'];

/**
 * The operations an agent may perform: those requested (default: everything its role
 * may) and always reading its own session; one bound to an assessment creates none,
 * reads no organisation-wide audit trail and changes no targets, plan or milestones.
 */
export function agentScopes(
  role: Role,
  requested: readonly string[] | undefined,
  assessmentId: string | undefined,
): { scopes: Operation[]; problems: FieldProblem[] } {
  const allowed = operationsOf(role);
  const problems: FieldProblem[] = [];
  (requested ?? []).forEach((scope, i) => {
    if (!allowed.includes(scope as Operation)) problems.push({ field: ['scopes', i], message: `the ${role} role may not perform ${scope}` });
  });
  const chosen = new Set<Operation>(requested ? (requested as Operation[]) : allowed);
  chosen.add('session.read');
  if (assessmentId !== undefined) {
    chosen.delete('assessments.create');
    chosen.delete('audit.read');
    chosen.delete('agents.list');
    // The organisation's targets, plan and milestones are not the assessment's: read, never change.
    for (const operation of ORGANISATION_WIDE_WRITES) chosen.delete(operation);
  }
  return { scopes: allowed.filter((operation) => chosen.has(operation)), problems };
}

/** The claims of an agent's access token (RFC 9068 profile; RFC 9449 `cnf.jkt` when sender-constrained). */
export function accessTokenClaims(input: {
  issuer: string;
  audience: string;
  /** The agent, or a key exchanged for a token (key-exchange.ts), whose organisation is null for platform keys. */
  agent: { id: string; organisationId: string | null; role: Role; assessmentId: string | null };
  scopes: readonly string[];
  jti: string;
  /** Seconds since the epoch. */
  now: number;
  lifetimeSeconds: number;
  jkt?: string;
}): Record<string, unknown> {
  return {
    iss: input.issuer,
    aud: input.audience,
    sub: input.agent.id,
    client_id: input.agent.id,
    iat: input.now,
    exp: input.now + input.lifetimeSeconds,
    jti: input.jti,
    org: input.agent.organisationId,
    role: input.agent.role,
    scope: input.scopes.join(' '),
    ...(input.agent.assessmentId ? { assessment_id: input.agent.assessmentId } : {}),
    ...(input.jkt ? { cnf: { jkt: input.jkt } } : {}),
  };
}
