/**
 * Domain errors with stable codes. The HTTP layer maps each code to a status and an
 * RFC 9457 problem document in one place (functions/http/problems.ts).
 */
export type ErrorCode =
  | 'validation_failed'
  | 'secret_in_text'
  | 'unauthenticated'
  | 'token_expired'
  | 'token_revoked'
  | 'key_exchange_required'
  | 'static_credentials_disabled'
  | 'invalid_client'
  | 'assertion_expired'
  | 'assertion_replayed'
  | 'invalid_dpop_proof'
  | 'agent_tokens_unavailable'
  | 'session_expired'
  | 'sign_in_required'
  | 'sign_in_failed'
  | 'sign_in_unavailable'
  | 'csrf_failed'
  | 'no_membership'
  | 'interactive_agent_use'
  | 'last_owner'
  | 'already_member'
  | 'identity_in_use'
  | 'forbidden'
  | 'not_found'
  | 'revision_conflict'
  | 'targets_not_set'
  | 'plan_not_found'
  | 'plan_newer'
  | 'milestone_name_taken'
  | 'scope_name_taken'
  | 'assessment_not_draft'
  | 'assessment_incomplete'
  | 'assessment_not_submitted'
  | 'assessment_too_large'
  | 'evidence_unreadable'
  | 'bootstrap_token_protected'
  | 'verification_unchanged'
  | 'idempotency_key_reused'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'unsupported_media_type'
  | 'database_unavailable'
  | 'internal_error';

/** A field, as a path of names and indexes: `['answers', 'q1', 'value']`. */
export type FieldPath = readonly (string | number)[];

/**
 * Whose field a problem names, in the terms of the operation that found it:
 * - `input` (the default): the operation's input (the answers to save, the audit query);
 *   where the caller took that input from (a request body, a query string) is not the
 *   operation's business.
 * - `subject`: the stored thing the operation acts on (the answers of the assessment being
 *   submitted), which the caller did not send.
 * - `idempotencyKey`: the key the caller made the request repeatable with (`field` is empty).
 */
export type FieldSource = 'input' | 'subject' | 'idempotencyKey';

/** Where a field is: its source and its path there. */
export interface FieldRef {
  in?: FieldSource;
  field: FieldPath;
}

/** A problem with one field. The HTTP layer turns it into a JSON Pointer into the request. */
export interface FieldProblem extends FieldRef {
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
