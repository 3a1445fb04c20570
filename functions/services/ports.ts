/**
 * The interfaces the services own and the adapters implement. Every mutating method
 * takes the audit event it must commit together with the change (one transaction).
 */
import type { BenchmarkMember } from '../core/benchmark/cohort';
import type { Assessment, AuditEvent, IdempotencyRecord, Organisation, StoredAnswer, Submission, TokenRecord } from './entities';

export interface OrganisationStore {
  create(organisation: Organisation, ownerToken: TokenRecord, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<void>;
  get(id: string): Promise<Organisation | undefined>;
}

export interface TokenStore {
  create(token: TokenRecord, audit: AuditEvent): Promise<void>;
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  list(organisationId: string | null): Promise<TokenRecord[]>;
  /** Marks the token revoked; false when no such token exists in that scope. */
  revoke(organisationId: string | null, tokenId: string, at: string, audit: AuditEvent): Promise<boolean>;
  touch(hash: string, at: string): Promise<void>;
}

export type WriteOutcome = 'written' | 'conflict';

export interface AssessmentStore {
  create(assessment: Assessment, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<WriteOutcome>;
  get(organisationId: string, id: string): Promise<Assessment | undefined>;
  list(organisationId: string): Promise<Assessment[]>;
  /**
   * Applies answer changes (null removes an answer) if the stored revision is still
   * `expectedRevision` and the assessment is a draft; 'conflict' otherwise.
   */
  saveAnswers(
    organisationId: string,
    id: string,
    expectedRevision: number,
    changes: Record<string, StoredAnswer | null>,
    updatedAt: string,
    audit: AuditEvent,
  ): Promise<WriteOutcome>;
  /** Locks a draft at `expectedRevision` with its scores and writes the submission snapshot. */
  submit(assessment: Assessment, expectedRevision: number, submission: Submission, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<WriteOutcome>;
}

export interface IdempotencyStore {
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
}

export interface BenchmarkStore {
  /** Records a submission as its organisation's contribution unless a newer one is already there. */
  recordSubmission(submission: Submission): Promise<void>;
  members(questionnaireId: string): Promise<BenchmarkMember[]>;
}

export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A new unique identifier (UUID). */
  id(): string;
  /** A new 256-bit secret, URL-safe. */
  secret(): string;
}
