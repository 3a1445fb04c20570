/** What the services store and return. Shapes shared by services, ports and adapters. */
import type { ActorType, Role } from '../core/access/principal';
import type { Answer } from '../core/questionnaire/answers';
import type { Scores } from '../core/scoring/score';
import type { VerificationStatus } from '../core/verification/verification';

export interface Organisation {
  id: string;
  name: string;
  industry: string;
  sizeBand: string;
  region: string;
  createdAt: string;
  /** Whether its submissions count in peer benchmarks (owners control it). */
  contributesToBenchmarks: boolean;
  /** Demo data is marked so that it never mixes with real data unless asked. */
  synthetic: boolean;
  /** A platform admin's decision (docs/benchmarks.md, "Verification"): only verified organisations count in benchmarks. */
  verification: VerificationStatus;
  /** When an admin last decided on it; absent while it waits in the queue for the first time. */
  verificationDecidedAt?: string;
}

export interface Actor {
  tokenId: string;
  label: string;
  role: Role;
  actorType: ActorType;
}

export interface TokenRecord {
  id: string;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  hash: string;
  organisationId: string | null;
  role: Role;
  actorType: ActorType;
  label: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type StoredAnswer = Answer & { updatedBy: Actor; updatedAt: string; revision: number };

export interface AnswerClearing {
  updatedBy: Actor;
  updatedAt: string;
  revision: number;
}

export type AssessmentStatus = 'draft' | 'submitted';

export interface Assessment {
  id: string;
  organisationId: string;
  questionnaireId: string;
  version: string;
  status: AssessmentStatus;
  revision: number;
  answers: Record<string, StoredAnswer>;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  submittedAt?: string;
  scores?: Scores;
  /** The submitted assessment this draft was reopened from. */
  reopenedFrom?: string;
  /** Who cleared which answer at which revision, so that clearing conflicts like any change. */
  clearedAnswers?: Record<string, AnswerClearing>;
}

/** The immutable snapshot a submission leaves behind; it streams to the aggregator. */
export interface Submission {
  assessmentId: string;
  organisationId: string;
  questionnaireId: string;
  version: string;
  industry: string;
  sizeBand: string;
  region: string;
  synthetic: boolean;
  contributesToBenchmarks: boolean;
  submittedAt: string;
  scores: Scores;
}

export interface AuditEvent {
  id: string;
  organisationId: string | null;
  at: string;
  actor: Actor;
  operation: string;
  target: { type: string; id: string };
  beforeHash: string | null;
  afterHash: string | null;
}

/** The stored first result of a request made with an Idempotency-Key. */
export interface IdempotencyRecord {
  /** The organisation the key belongs to. */
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  body: unknown;
  expiresAt: number;
}

/** What a generated report was made of, so that a copy can be checked against it later. */
export interface ReportRecord {
  reportId: string;
  organisationId: string;
  assessmentId: string;
  questionnaireId: string;
  version: string;
  format: 'pdf' | 'json';
  generatedAt: string;
  generatedBy: Actor;
  /** SHA-256 over the answers hash, the questionnaire id and version, and the benchmark hash. */
  sha256: string;
  answersSha256: string;
  benchmarkSha256: string;
}

/** An invite link for a role: its code is shown once and stored only as a hash. */
export interface Invitation {
  id: string;
  hash: string;
  organisationId: string;
  role: Role;
  actorType: ActorType;
  label: string;
  /** Days the token minted on acceptance stays valid; null for no expiry. */
  tokenExpiresInDays: number | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedTokenId: string | null;
  revokedAt: string | null;
}
