/**
 * The one place where errors become HTTP: RFC 9457 problem documents with a stable
 * `code`, and `errors: [{ pointer, message }]` for field problems. Services name fields in
 * their own terms (core/errors.ts); the pointers into the request are made here.
 */
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { DomainError, type ErrorCode, type FieldPath, type FieldRef } from '../core/errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  // Text to store held a secret (docs/security.md, "Leaked secrets"): nothing stored, AIM keys in it revoked.
  secret_in_text: 400,
  unauthenticated: 401,
  token_expired: 401,
  token_revoked: 401,
  // A static key on the API where only exchanged tokens are taken (AIM_STATIC_KEYS_ON_API=exchange-only).
  key_exchange_required: 401,
  // A static key or `jwk` registration where agents hold no stored secret (AIM_AGENT_CREDENTIALS=federated-only): not a wrong credential, a refused kind.
  static_credentials_disabled: 403,
  // Agent credentials (docs/security.md, "Agents"); the OAuth `error` member rides along.
  invalid_client: 401,
  assertion_expired: 401,
  assertion_replayed: 401,
  invalid_dpop_proof: 401,
  agent_tokens_unavailable: 501,
  // People's sessions (docs/security.md, "People").
  session_expired: 401,
  // A person's invitation accepted without a session: people sign in, keys are never theirs.
  sign_in_required: 401,
  sign_in_failed: 400,
  sign_in_unavailable: 501,
  csrf_failed: 403,
  no_membership: 403,
  // A person using an agent's identity from a browser (http/interactive-agent-use.ts).
  interactive_agent_use: 403,
  // An organisation always keeps an owner who can sign in.
  last_owner: 409,
  already_member: 409,
  // One workload identity (issuer, subject) is one live agent (docs/security.md, "Workload identity federation").
  identity_in_use: 409,
  forbidden: 403,
  not_found: 404,
  revision_conflict: 409,
  // No targets are set for this questionnaire yet (docs/api.md, "Targets").
  targets_not_set: 404,
  // No plan on this questionnaire yet; one carried forward from a submission older than the plan's (docs/plan.md).
  plan_not_found: 404,
  plan_newer: 409,
  milestone_name_taken: 409,
  scope_name_taken: 409,
  assessment_not_draft: 409,
  assessment_not_submitted: 409,
  assessment_incomplete: 422,
  // 422, not 413: the request may be small (one more answer to a full draft, or a submit
  // or reopen without a body); what cannot be stored is the assessment it would make.
  assessment_too_large: 422,
  // An evidence file that cannot be imported (docs/evidence.md): every problem named by row and column or JSON pointer; nothing stored.
  evidence_unreadable: 422,
  // The operator's way back in: retired by changing AIM_ADMIN_TOKEN, never through the API.
  bootstrap_token_protected: 409,
  // Deciding the state an organisation already has: nothing to change (docs/benchmarks.md, "Verification").
  verification_unchanged: 409,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  too_many_requests: 429,
  unsupported_media_type: 415,
  database_unavailable: 503,
  internal_error: 500,
};

const titleOf: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  secret_in_text: 'The text holds a secret',
  unauthenticated: 'Authentication required',
  token_expired: 'The token has expired',
  token_revoked: 'The token has been revoked',
  key_exchange_required: 'Exchange this key for a token',
  static_credentials_disabled: 'Agents here authenticate by workload identity federation only',
  invalid_client: 'Client authentication failed',
  assertion_expired: 'The client assertion has expired',
  assertion_replayed: 'The client assertion was already used',
  invalid_dpop_proof: 'The DPoP proof is not valid',
  agent_tokens_unavailable: 'Agent tokens are not configured here',
  session_expired: 'The session has ended',
  sign_in_required: 'Sign in to continue',
  sign_in_failed: 'Signing in did not succeed',
  sign_in_unavailable: 'Signing in is not configured here',
  csrf_failed: 'The request lacks its anti-forgery token',
  no_membership: 'Not a member of an organisation',
  interactive_agent_use: "An agent's credential cannot be used from a browser",
  last_owner: 'The last owner cannot be removed or demoted',
  already_member: 'Already a member of this organisation',
  identity_in_use: 'This workload identity is registered for another agent',
  forbidden: 'Not allowed for this role',
  not_found: 'Not found',
  revision_conflict: 'Conflicting change',
  targets_not_set: 'No targets are set',
  plan_not_found: 'No plan yet',
  plan_newer: 'The plan follows a later submission',
  milestone_name_taken: 'The milestone name is taken',
  scope_name_taken: 'The scope name is taken',
  assessment_not_draft: 'The assessment is not a draft',
  assessment_not_submitted: 'The assessment is not submitted',
  assessment_incomplete: 'The assessment is incomplete',
  assessment_too_large: 'The assessment would be too large to store',
  evidence_unreadable: 'The evidence file cannot be imported',
  bootstrap_token_protected: 'The bootstrap admin token cannot be revoked here',
  verification_unchanged: 'The organisation already has this verification state',
  idempotency_key_reused: 'Idempotency key reused with another request',
  payload_too_large: 'The request body is too large',
  too_many_requests: 'Too many requests',
  unsupported_media_type: 'Unsupported media type',
  database_unavailable: 'The database is unavailable',
  internal_error: 'Internal error',
};

/** A field problem as clients get it: an RFC 6901 JSON Pointer into the request. */
export interface PointedProblem {
  pointer: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: PointedProblem[];
  [extra: string]: unknown;
}

export function problem(code: ErrorCode, detail: string, errors: PointedProblem[] = [], extra: Record<string, unknown> = {}): Problem {
  return {
    type: `https://aim.example/problems/${code.replaceAll('_', '-')}`,
    title: titleOf[code],
    status: statusOf[code],
    code,
    detail,
    ...(errors.length ? { errors } : {}),
    ...extra,
  };
}

/** The realm of AIM's challenges. */
export const AUTH_REALM = 'aim';

/**
 * The `WWW-Authenticate` challenge every 401 carries (RFC 9110 §11.6.1): with no
 * credentials, the bare Bearer challenge (RFC 6750 §3: no error code when the request
 * had no authentication information); with a token that failed, `invalid_token` and a
 * description. The scheme is the one the client used (`DPoP` for DPoP-bound tokens,
 * RFC 9449 §7.1), else Bearer.
 */
export function wwwAuthenticate(body: Pick<Problem, 'detail'>, presented?: 'Bearer' | 'DPoP'): string {
  const challenge = `${presented ?? 'Bearer'} realm="${AUTH_REALM}"`;
  if (!presented) return challenge;
  // RFC 6750 §3: error_description holds only %x20-21 / %x23-5B / %x5D-7E (no `"` or `\`).
  const description = body.detail.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '').slice(0, 200);
  return `${challenge}, error="invalid_token", error_description="${description}"`;
}

/** RFC 6901: `~` and `/` inside a segment are escaped; the empty path is the whole document (`''`). */
export function pointerTo(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** A pointer into one part of the request: `jsonPointer('body', ['answers', 'q1'])` is `/body/answers/q1`. */
export function jsonPointer(location: string, path: readonly PropertyKey[]): string {
  return pointerTo([location, ...path]);
}

/** Where a route took the input its service names fields of: the request body (most routes) or the query string. */
export type InputLocation = 'body' | 'query';

/**
 * The pointer for a field a service named: a field of its input into the part of the
 * request it came from (`input`), the idempotency key into the headers, and a field of the
 * stored subject (an assessment's answers at submit) into that resource as the API shows it.
 */
export function fieldPointer(ref: FieldRef, input: InputLocation = 'body'): string {
  const field: FieldPath = ref.field;
  switch (ref.in ?? 'input') {
    case 'input':
      return jsonPointer(input, field);
    case 'idempotencyKey':
      return jsonPointer('headers', ['idempotency-key', ...field]);
    case 'subject':
      return pointerTo(field);
  }
}

/**
 * A service's error from a route whose service input is not the request body: carries
 * where the input came from, so that its field problems point there.
 */
export class InputError extends Error {
  constructor(
    readonly error: DomainError,
    readonly input: InputLocation,
  ) {
    super(error.message, { cause: error });
    this.name = 'InputError';
  }
}

/** Runs a service call whose input the route took from `input` (see InputError). */
export async function withInputFrom<T>(input: InputLocation, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof DomainError ? new InputError(error, input) : error;
  }
}

/** The problem document of a domain error whose input fields came from `input` of the request. */
export function domainProblem(error: DomainError, input: InputLocation = 'body'): Problem {
  const errors = error.errors.map((e) => ({ pointer: fieldPointer(e, input), message: e.message }));
  return problem(error.code, error.message, errors, error.extra);
}

export function zodProblem(error: ZodError, location: string): Problem {
  const errors = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ pointer: jsonPointer(location, [...issue.path, key]), message: `unknown field "${key}"` }))
      : [{ pointer: jsonPointer(location, issue.path), message: issue.message }],
  );
  return problem('validation_failed', `the request ${location} has ${errors.length} problem(s)`, errors);
}

const TRANSIENT_DATABASE_ERRORS = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ServiceUnavailable',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'InternalServerError',
]);

/** True for errors that mean the database could not be reached or is overloaded. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { name?: string; code?: string; $metadata?: unknown; cause?: unknown; errors?: unknown[] };
    if ((e.name && TRANSIENT_DATABASE_ERRORS.has(e.name)) || (e.code && TRANSIENT_DATABASE_ERRORS.has(e.code))) return true;
    if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
    current = e.cause;
  }
  return false;
}

/** Seconds a client should wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 2;

export function problemFromError(error: unknown): Problem {
  if (error instanceof DomainError) return domainProblem(error);
  if (error instanceof InputError) return domainProblem(error.error, error.input);
  if (error instanceof HTTPException) {
    if (error.status === 413) return problem('payload_too_large', error.message || 'the request body is too large');
    if (error.status === 415)
      return problem('unsupported_media_type', 'send the body as application/json', [
        { pointer: '/headers/content-type', message: 'expected application/json' },
      ]);
    if (error.status === 400)
      return problem('validation_failed', error.message || 'the request is malformed', [{ pointer: '/body', message: error.message || 'malformed request' }]);
    if (error.status === 401) return problem('unauthenticated', error.message || 'authentication required');
    if (error.status === 404) return problem('not_found', error.message || 'not found');
  }
  if (isDatabaseUnavailable(error)) return problem('database_unavailable', 'the database did not answer in time; retry shortly');
  return problem('internal_error', 'an unexpected error occurred; it has been logged');
}
