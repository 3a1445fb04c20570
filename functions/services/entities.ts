/**
 * What the services store and return. The shapes clients see are the contract's
 * (functions/contract); the records here add what is stored but never shown.
 */
import type { Actor, AgentView, Assessment, DelegationView, InvitationView, Membership, Person, TokenView } from '../contract';

export type {
  Actor,
  AnswerClearing,
  Assessment,
  AuditEvent,
  Organisation,
  StoredAnswer,
  Submission,
} from '../contract';
export type AssessmentStatus = Assessment['status'];

/**
 * An agent as stored: everything about it is shown to its owners (its key is public). A
 * platform agent (platform-agents.ts) has no organisation and the admin role.
 */
export type AgentRecord = Omit<AgentView, 'organisationId' | 'role'> & { organisationId: string | null; role: AgentView['role'] | 'admin' };

/** A person's approval for an agent to act for them on one assessment (shown whole to them and to owners). */
export type DelegationRecord = DelegationView;

/** A token as stored: its view, and the SHA-256 of its secret (hex); the secret itself is never stored. */
export type TokenRecord = TokenView & { hash: string };

/** The stored first result of an operation made with an idempotency key. */
export interface IdempotencyRecord {
  /** The organisation the key belongs to. */
  scope: string;
  key: string;
  requestHash: string;
  /** What the operation produced (an assessment); a retry with the same key and input gets it again. */
  value: unknown;
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

/** An invite link for a role as stored: its code is shown once and kept only as a hash; its status is derived when shown. */
export type Invitation = Omit<InvitationView, 'status'> & { hash: string };

/** A person as stored: the contract's view. */
export type PersonRecord = Person;

/** A membership as stored; the organisation's name is looked up when shown. */
export type MembershipRecord = Omit<Membership, 'organisationName'>;

/** A signed-in session, found by the SHA-256 of its cookie's secret (never stored itself). */
export interface SessionRecord {
  hash: string;
  personId: string;
  /** The membership requests act under (an organisation id, null for the platform role, undefined for none yet). */
  activeOrganisationId?: string | null;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end (ISO); the item also carries it as the table's TTL. */
  endsAt: string;
  /** The provider's ID token, kept for RP-initiated logout (id_token_hint). */
  idToken: string | null;
}

/** A sign-in under way: what the callback needs to finish it (PKCE verifier, nonce), for ten minutes. */
export interface SignInRecord {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: string;
}
