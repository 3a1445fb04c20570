/**
 * Domain errors with stable codes. The HTTP layer maps each code to a status and an
 * RFC 9457 problem document in one place (functions/http/problems.ts).
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'token_expired'
  | 'token_revoked'
  | 'forbidden'
  | 'not_found'
  | 'revision_conflict'
  | 'assessment_not_draft'
  | 'assessment_incomplete'
  | 'assessment_not_submitted'
  | 'assessment_too_large'
  | 'bootstrap_token_protected'
  | 'verification_unchanged'
  | 'idempotency_key_reused'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'unsupported_media_type'
  | 'database_unavailable'
  | 'internal_error';

export interface FieldProblem {
  /** JSON Pointer (RFC 6901) into the request: `/body/name`, `/query/industry`. */
  pointer: string;
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
