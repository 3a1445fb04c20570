/**
 * The interfaces the services own and the adapters implement. Every mutating method
 * takes the audit event it must commit together with the change (one transaction).
 */
import type { JWTVerifyGetKey } from 'jose';
import type { CellCounts, Contribution, ContributionChange } from '../core/benchmark/contributions';
import type { DenseCounts } from '../core/benchmark/dense-histogram';
import type { Release } from '../core/release/release';
import type { DataClass } from '../core/access/data-classes';
import type { Sighting } from '../core/access/shared-use';
import type { Participation, VerificationStatus } from '../core/verification/verification';
import type {
  AgentRecord,
  DelegationRecord,
  AnswerClearing,
  Assessment,
  AuditEvent,
  IdempotencyRecord,
  Invitation,
  Organisation,
  StoredAnswer,
  ReportRecord,
  Submission,
  TokenRecord,
  PersonRecord,
  MembershipRecord,
  SessionRecord,
  SignInRecord,
} from './entities';
import type { ClassificationRulesRecord, EvidenceFormat, EvidenceImport, Milestone, Plan, PlanItem, Scope, Targets } from '../contract';

export interface OrganisationStore {
  /**
   * With its first owner: a key (scripted onboarding), the membership of the person who
   * registered it, or an owner's invitation (scripted onboarding under federation only).
   * Its audit events: the organisation's, and the platform's when a platform credential registered it.
   */
  create(organisation: Organisation, owner: FirstOwner, audit: AuditEvent | readonly AuditEvent[], idempotency?: IdempotencyRecord): Promise<void>;
  get(id: string): Promise<Organisation | undefined>;
}

export type FirstOwner = { token: TokenRecord } | { membership: MembershipRecord } | { invitation: Invitation };

export interface TokenStore {
  create(token: TokenRecord, audit: AuditEvent): Promise<void>;
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  /** A key by its id in its scope (a token exchanged for it names the id); without it such tokens are refused. */
  findById?(organisationId: string | null, tokenId: string): Promise<TokenRecord | undefined>;
  list(organisationId: string | null): Promise<TokenRecord[]>;
  /** Marks the token revoked; false when no such token exists in that scope. */
  revoke(organisationId: string | null, tokenId: string, at: string, audit: AuditEvent): Promise<boolean>;
  /** Records the token's last use; false when the token no longer exists (erased with its organisation meanwhile). */
  touch(hash: string, at: string): Promise<boolean>;
}

export type WriteOutcome = 'written' | 'conflict';

/** A non-person credential whose sources are watched (services/credential-sightings.ts). */
export interface WatchedCredential {
  kind: 'token' | 'agent';
  id: string;
  organisationId: string | null;
  /** A key's secret hash: where its record lives. */
  hash?: string;
}

/** A credential's recent sources, and when it was last suspected of shared use. */
export interface SightingsRecord {
  sightings: Sighting[];
  suspectedAt: string | null;
  /** Optimistic concurrency: every write raises it; 0 before the first. */
  version: number;
}

export interface SightingStore {
  get(credential: WatchedCredential): Promise<SightingsRecord | undefined>;
  /** Writes when the stored version is still `record.version - 1`; false when another writer was first. */
  put(credential: WatchedCredential, record: SightingsRecord, expiresAtSeconds: number): Promise<boolean>;
  /** Shows the suspicion on the key or agent (its `sharedUse`) with its audit event; false when the credential is gone. */
  markSuspected(credential: WatchedCredential, sharedUse: { suspectedAt: string; sources: number }, audit: AuditEvent): Promise<boolean>;
}

export interface AgentStore {
  /**
   * 'conflict' when the organisation is gone or being deleted; 'identity_in_use' when a
   * federated agent's (issuer, subject) belongs to another live agent.
   */
  create(agent: AgentRecord, audit: AuditEvent): Promise<WriteOutcome | 'identity_in_use'>;
  get(id: string): Promise<AgentRecord | undefined>;
  /** The agent holding this workload identity, if any (maybe revoked or expired: the caller checks). */
  findByIdentity(issuer: string, subject: string): Promise<AgentRecord | undefined>;
  /** The agents registered with the public key of this RFC 7638 thumbprint (maybe revoked or expired: the caller checks); registrations older than the index are not found; absent: none are. */
  findByThumbprint?(jkt: string): Promise<AgentRecord[]>;
  /** The organisation's agents; null: the platform agents. */
  list(organisationId: string | null): Promise<AgentRecord[]>;
  /** Marks the agent revoked; false when no such agent exists in the organisation (null: among the platform agents). */
  revoke(organisationId: string | null, id: string, at: string, audit: AuditEvent): Promise<boolean>;
  /**
   * Revokes in one transaction, with one audit event, the agent (when named) and the listed
   * keys and delegations, each on condition that it is still live; 'conflict' when one was
   * revoked (or erased) meanwhile: nothing is written, the caller reads again. At most
   * MAX_REVOCATIONS_PER_TRANSACTION credentials (services/containment.ts batches more).
   */
  revokeHoldings(holdings: AgentHoldings, at: string, reason: string | null, audit: AuditEvent): Promise<WriteOutcome>;
}

/** Credentials to revoke together: an agent, static keys (by hash) and delegations (by id). */
export interface AgentHoldings {
  agentId?: string;
  keyHashes: string[];
  delegationIds: string[];
}

/** Delegations: a person's approval for an agent to act for them (docs/security.md, "Agents acting for a person"). */
export interface DelegationStore {
  /** 'conflict' when the organisation is gone or being deleted, or the agent is revoked or gone. */
  create(delegation: DelegationRecord, audit: AuditEvent): Promise<WriteOutcome>;
  get(id: string): Promise<DelegationRecord | undefined>;
  listForAgent(organisationId: string, agentId: string): Promise<DelegationRecord[]>;
  /** Marks it revoked (a second revocation keeps the first time and writes nothing); false when it is gone. */
  revoke(delegation: DelegationRecord, at: string, audit: AuditEvent): Promise<boolean>;
}

/** Values that may be used once (assertion and DPoP proof `jti`s), remembered until they expire. */
export interface ReplayStore {
  /** true the first time `key` is claimed, false ever after (until `expiresAt`, seconds since the epoch); atomic. */
  claimOnce(key: string, expiresAt: number): Promise<boolean>;
}

/** The signing keys of workload identity issuers, found by OpenID discovery (docs/security.md, "Workload identity federation"). */
export interface WorkloadIssuerKeys {
  /** A key resolver for jose's jwtVerify; rejects when the issuer's discovery document cannot be read. */
  keysOf(issuer: string): Promise<JWTVerifyGetKey>;
}

/** AIM's key for agents' access tokens (ES256). */
export interface AccessTokenSigner {
  /** The claims signed as a JWT with header { alg: ES256, typ: at+jwt, kid }. */
  sign(claims: Record<string, unknown>): Promise<string>;
  /** The public keys tokens are signed with (a JWK Set, RFC 7517 §5). */
  jwks(): Promise<{ keys: Record<string, unknown>[] }>;
}

/** A bearer token whose validity a write must re-check in its own transaction. */
export interface TokenGuard {
  hash: string;
  /** The time at which it must not have expired. */
  at: string;
  /** For a key stored without an expiry: it must have been created after this time (LEGACY_KEY_MAX_AGE_DAYS). */
  legacyCreatedAfter?: string;
}

export interface InvitationStore {
  create(invitation: Invitation, audit: AuditEvent): Promise<void>;
  findByHash(hash: string): Promise<Invitation | undefined>;
  list(organisationId: string): Promise<Invitation[]>;
  /**
   * Marks the invitation used and creates the invitee's token, with its audit event, if
   * the invitation is still unused, unrevoked and unexpired at `at`; 'conflict' otherwise.
   */
  accept(invitation: Invitation, token: TokenRecord, at: string, audit: AuditEvent): Promise<WriteOutcome>;
  /** The same for a signed-in person: their membership instead of a token ('conflict' also when they are a member already). */
  acceptAsMember(invitation: Invitation, membership: MembershipRecord, at: string, audit: AuditEvent): Promise<WriteOutcome>;
  /** false when no such invitation exists in the organisation. */
  revoke(organisationId: string, id: string, at: string, audit: AuditEvent): Promise<boolean>;
}

/**
 * One save of answers to a draft: applied only if the stored assessment is still a draft
 * at `expectedRevision` (and, with `tokenGuard`, the token is still valid), in one
 * transaction with its audit event.
 */
export interface AnswerSave {
  organisationId: string;
  assessmentId: string;
  expectedRevision: number;
  /** The answers the save sets, by question id; null removes one. */
  changes: Record<string, StoredAnswer | null>;
  /** The assessment's clearing records as they are after the save (replaced whole). */
  clearedAnswers: Record<string, AnswerClearing>;
  updatedAt: string;
  audit: AuditEvent;
  /** The bearer token the save must re-check in its own transaction (the autosave hot path). */
  tokenGuard?: TokenGuard;
}

/** A submit: the draft locked at `expectedRevision` with its scores, and its snapshot for the benchmarks. */
export interface AssessmentSubmission {
  /** The assessment as submitted (answers, scores, status). */
  assessment: Assessment;
  expectedRevision: number;
  /** The snapshot that streams to the aggregator; absent for a scope's assessment (only whole-organisation ones count in benchmarks). */
  submission?: Submission;
  audit: AuditEvent;
  /** Kept for retries with the same idempotency key, written with the rest. */
  idempotency?: IdempotencyRecord;
}

export interface AssessmentStore {
  create(assessment: Assessment, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<WriteOutcome>;
  get(organisationId: string, id: string): Promise<Assessment | undefined>;
  list(organisationId: string): Promise<Assessment[]>;
  /**
   * Applies a save's changes if the stored revision is still `expectedRevision` and the
   * assessment is a draft; 'conflict' otherwise, 'token-invalid' when its token guard failed.
   */
  saveAnswers(save: AnswerSave): Promise<WriteOutcome | 'token-invalid'>;
  /** Locks a draft at `expectedRevision` with its scores and answers (as submitted) and writes the submission snapshot. */
  submit(submit: AssessmentSubmission): Promise<WriteOutcome>;
  /**
   * Replaces a draft whole (a questionnaire upgrade: new version, carried answers) if the
   * stored one is still a draft at `expectedRevision`; 'conflict' otherwise.
   */
  replaceDraft(assessment: Assessment, expectedRevision: number, audit: AuditEvent): Promise<WriteOutcome>;
}

/**
 * An organisation's targets per questionnaire (services/targets.ts): one stored item per
 * revision, never changed once written; the current targets are the newest revision.
 */
export interface TargetStore {
  /** Every revision of the targets on `questionnaireId`, newest first. */
  history(organisationId: string, questionnaireId: string): Promise<Targets[]>;
  /** The newest revision; undefined when none was ever set. */
  current(organisationId: string, questionnaireId: string): Promise<Targets | undefined>;
  /** Writes a new revision with its audit event, in one transaction; 'conflict' when that revision is already taken. */
  add(organisationId: string, targets: Targets, audit: AuditEvent): Promise<WriteOutcome>;
}

/**
 * An organisation's improvement plan per questionnaire (services/plan.ts): a header item
 * (what it was carried forward from) and one item per control, each with its own revision.
 */
export interface PlanStore {
  /** The plan with every item; undefined when none was created. `scopeId` names a scope's plan; without it, the whole organisation's. */
  get(organisationId: string, questionnaireId: string, scopeId?: string): Promise<Plan | undefined>;
  /**
   * Writes a carried-forward plan whole: the header (created when `expectedBasedOn` is
   * undefined, else only if it still names that assessment) and every changed item at its
   * expected revision, with the audit event, in one transaction; 'conflict' when anything moved.
   */
  carryForward(change: PlanCarryForward): Promise<WriteOutcome>;
  /** Writes one item of the plan on (questionnaire, scope) if its stored revision is still `expectedRevision`, with its audit event, in one transaction. */
  updateItem(
    organisationId: string,
    questionnaireId: string,
    item: PlanItem,
    expectedRevision: number,
    audit: AuditEvent,
    scopeId?: string,
  ): Promise<WriteOutcome>;
}

export interface PlanCarryForward {
  organisationId: string;
  plan: Omit<Plan, 'items' | 'summary'>;
  /** The control ids in the roadmap order of the submission carried forward from: how `get` lists open items. */
  order: readonly string[];
  /** The assessment the stored plan was based on before; undefined when the plan is new. */
  expectedBasedOn: string | undefined;
  /** Items new or changed by carrying forward, each with the revision it replaces (0 for a new item). */
  items: { item: PlanItem; expectedRevision: number }[];
  audit: AuditEvent;
}

/** An organisation's scopes (services/scopes.ts): named parts assessed on their own. */
export interface ScopeStore {
  get(organisationId: string, scopeId: string): Promise<Scope | undefined>;
  list(organisationId: string): Promise<Scope[]>;
  /** Adds one with its audit event; 'conflict' when the name is taken in the organisation (case-insensitive). */
  add(organisationId: string, scope: Scope, audit: AuditEvent): Promise<WriteOutcome>;
}

/** An organisation's milestones (services/milestones.ts): named submitted assessments. */
/** Evidence import records (services/evidence.ts), in the organisation's partition by assessment. */
export interface EvidenceStore {
  /** The imports of one assessment, in no particular order. */
  list(organisationId: string, assessmentId: string): Promise<EvidenceImport[]>;
  /** Every import of the organisation, in no particular order (a re-import is compared with the one before it). */
  listAll(organisationId: string): Promise<EvidenceImport[]>;
  /** Stores the record with its audit event in one transaction, while the organisation exists. */
  add(organisationId: string, record: EvidenceImport, audit: AuditEvent): Promise<WriteOutcome>;
}

/**
 * An organisation's classification rules for evidence imports (services/evidence.ts): one item
 * in its partition, replaced at each revision.
 */
export interface ClassificationRulesStore {
  /** The current rules; undefined when the organisation never set any. */
  get(organisationId: string): Promise<ClassificationRulesRecord | undefined>;
  /** Writes `rules` (at `rules.revision`) over revision `rules.revision - 1` with its audit event; 'conflict' when that is no longer the stored one. */
  put(organisationId: string, rules: ClassificationRulesRecord, audit: AuditEvent): Promise<WriteOutcome>;
}

export interface MilestoneStore {
  list(organisationId: string): Promise<Milestone[]>;
  /** Adds one with its audit event; 'conflict' when the name is taken in the organisation. */
  add(organisationId: string, milestone: Milestone, audit: AuditEvent): Promise<WriteOutcome>;
  /** Removes one with its audit event; 'conflict' when it no longer exists. */
  remove(organisationId: string, milestoneId: string, audit: AuditEvent): Promise<WriteOutcome>;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actorTokenId?: string;
  actorType?: 'human' | 'agent';
  /** refused: calls the policy refused; allowed: every other event. */
  outcome?: 'allowed' | 'refused';
  /** reads: read events and refused reads (GET); changes: every other event; absent: all. */
  kind?: 'changes' | 'reads';
  /** Only events that touched data of this class (derived from the action for events stored without classes). */
  dataClass?: DataClass;
  limit: number;
  /** Continue after this position (the sort key of the last event of the previous page). */
  after?: string;
}

export interface AuditStore {
  query(organisationId: string, query: AuditQuery): Promise<{ events: AuditEvent[]; next?: string }>;
}

/** Writes an event that commits with no change: a read or a refusal (services/access-audit.ts). */
export interface AuditWriter {
  record(event: AuditEvent): Promise<void>;
}

/** An organisation's stored items, grouped, without keys (hashes are stripped by the service). */
export interface OrganisationItems {
  profile: Record<string, unknown>[];
  assessments: Assessment[];
  submissions: Submission[];
  audit: AuditEvent[];
  tokenPointers: Record<string, unknown>[];
  invitationPointers: Record<string, unknown>[];
  /** Every revision of the organisation's targets (services/targets.ts). */
  targets: Targets[];
  /** Its improvement plans (services/plan.ts): each stored header with its items. */
  plans: (Omit<Plan, 'items' | 'summary'> & { items: PlanItem[] })[];
  /** Its milestones (services/milestones.ts). */
  milestones: Milestone[];
  /** Its scopes (services/scopes.ts). */
  scopes: Scope[];
  /** Its evidence imports (services/evidence.ts): facts and proposals, never identities. */
  evidence: EvidenceImport[];
  /** Its classification rules for evidence imports (at most one item: the current revision). */
  classificationRules: ClassificationRulesRecord[];
}

export interface OrganisationDataStore {
  collect(organisationId: string): Promise<OrganisationItems>;
  /** Marks the organisation deleted with its audit event; 'conflict' if it already is. */
  markDeleted(organisationId: string, at: string, audit: AuditEvent): Promise<WriteOutcome>;
  /** Removes every item the organisation owns, its credentials first. Repeatable. */
  eraseAll(organisationId: string): Promise<number>;
}

export interface ReportStore {
  /** Stores a generated report's record together with its audit event. */
  /** `audit`: the event that commits with the record; null for a report read as data (report.json), which records no event of its own. */
  record(report: ReportRecord, audit: AuditEvent | null): Promise<void>;
  get(organisationId: string, reportId: string): Promise<ReportRecord | undefined>;
}

export interface IdempotencyStore {
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
}

export type { Participation, ParticipationState } from '../core/verification/verification';

/** Benchmark contributions and cohort cells (docs/benchmarks.md). */
export interface BenchmarkStore {
  /** Stored contributions by key (`org#questionnaire#scope`), read consistently. */
  contributions(keys: readonly string[]): Promise<Map<string, Contribution>>;
  contributionsOfOrganisation(organisationId: string): Promise<Contribution[]>;
  /** Participation records (owner's setting and verification); organisations without one are left out (they do not count). */
  participation(organisationIds: readonly string[]): Promise<Map<string, Participation>>;
  /**
   * Commits contribution changes and their cell deltas in one transaction, on condition
   * that every previous contribution is still the stored one and that `contributing`
   * organisations still count (contributing and verified); 'conflict' otherwise (nothing written).
   * `fold`, when given, is kept by the store between the commits of one fold (the cells it
   * read and wrote), so that a cell is read once per fold rather than once per commit.
   */
  commit(
    changes: readonly ContributionChange[],
    deltas: ReadonlyMap<string, CellCounts>,
    contributing: readonly string[],
    fold?: Map<string, unknown>,
  ): Promise<WriteOutcome>;
  /** Cell items by cell id (with shard); missing cells are left out. */
  cells(ids: readonly string[]): Promise<Map<string, CellCounts>>;
  /** The cells (the shards of one cohort cell) added up into dense histograms; empty counts when none exists. */
  mergedCell(ids: readonly string[]): Promise<DenseCounts>;
  /** Only the organisation counts of cells (what the privacy rule needs of the broader ones). */
  cellSizes(ids: readonly string[]): Promise<Map<string, number>>;
  /** The owner's setting: profile flag, participation record and audit event in one transaction; false when the organisation is gone or withdrawn. */
  setContributing(organisationId: string, contributes: boolean, at: string, audit: AuditEvent): Promise<boolean>;
  /** Marks an organisation withdrawn for good (deleted): nothing of it is folded again. */
  markWithdrawn(organisationId: string, at: string): Promise<void>;
  submissionsOf(organisationId: string): Promise<Submission[]>;
}

/** Stored benchmark releases (issue 14), one per questionnaire and release date, immutable. */
export interface ReleaseStore {
  get(questionnaireId: string, date: string): Promise<Release | undefined>;
  /** Stores the release unless one exists for its date; returns whichever is stored. */
  putIfAbsent(release: Release): Promise<Release>;
  /** The latest release dated within [first, last] (ISO dates). */
  latestBetween(questionnaireId: string, first: string, last: string): Promise<Release | undefined>;
}

/** Whole-table passes for `benchmarks:rebuild` and the benchmark tests. */
export interface BenchmarkMaintenanceStore {
  scanSubmissions(onPage?: (count: number) => void): Promise<Submission[]>;
  scanParticipation(): Promise<Map<string, Participation>>;
  allCells(): Promise<Map<string, CellCounts>>;
  allContributions(): Promise<Contribution[]>;
  /** Deletes every cell and contribution item, then writes these (batch writes). */
  replaceAll(contributions: readonly Contribution[], cells: ReadonlyMap<string, CellCounts>, progress?: (done: number, total: number) => void): Promise<void>;
}

/** One organisation in the admins' verification queue. */
export type VerificationQueueEntry = Pick<Organisation, 'id' | 'name' | 'industry' | 'sizeBand' | 'region' | 'createdAt' | 'synthetic'> & {
  verification: VerificationStatus;
  verificationDecidedAt?: string;
};

/** Verification of organisations (docs/benchmarks.md, "Verification"). */
export interface VerificationStore {
  /**
   * Moves a living organisation from `from` to `to`: its profile, its participation
   * record, its place in the queue and the audit events, in one transaction; 'conflict'
   * when the organisation is gone, being deleted, or no longer in `from`.
   */
  decide(organisation: Organisation, to: VerificationStatus, at: string, audits: readonly AuditEvent[]): Promise<WriteOutcome>;
  /** The organisations in one state, oldest registration first, `limit` at a time after the cursor `after`. */
  queue(status: VerificationStatus, limit: number, after?: string): Promise<{ entries: VerificationQueueEntry[]; next?: string }>;
  /** How many submitted assessments an organisation holds. */
  submissionCount(organisationId: string): Promise<number>;
}

/** People as their provider names them, refreshed at each sign-in. */
export interface PersonStore {
  /** Stores the person, keeping `createdAt` of an earlier sign-in; returns what is stored. */
  signedIn(person: PersonRecord): Promise<PersonRecord>;
  get(id: string): Promise<PersonRecord | undefined>;
}

/**
 * Memberships: a person's role in an organisation (or on the platform, organisation null).
 * The organisation's item is the truth (erased with the organisation); the person's copy
 * lists their organisations. An organisation counts its owners, so the last one cannot go.
 */
export interface MembershipStore {
  get(organisationId: string | null, personId: string): Promise<MembershipRecord | undefined>;
  listForPerson(personId: string): Promise<MembershipRecord[]>;
  listForOrganisation(organisationId: string | null): Promise<MembershipRecord[]>;
  /** 'conflict' when the person already has a membership there, or the organisation is gone. */
  grant(membership: MembershipRecord, audit: AuditEvent): Promise<WriteOutcome>;
  changeRole(membership: MembershipRecord, role: MembershipRecord['role'], audit: AuditEvent): Promise<MembershipChange>;
  /** Restricts a member to a scope (undefined: lifts it) if the membership is still as read; 'stale' otherwise. */
  setScope(membership: MembershipRecord, scopeId: string | undefined, audit: AuditEvent): Promise<MembershipChange>;
  remove(membership: MembershipRecord, audit: AuditEvent): Promise<MembershipChange>;
}

/** `stale`: the membership changed meanwhile; `last_owner`: the change would leave no owner. */
export type MembershipChange = 'written' | 'stale' | 'last_owner';

/** Signed-in sessions and the sign-ins under way, each found by the SHA-256 of its secret. */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(hash: string): Promise<SessionRecord | undefined>;
  /** Records use (for the idle limit) and, when given, the membership acted under. */
  update(hash: string, change: { lastSeenAt?: string; activeOrganisationId?: string | null }): Promise<void>;
  delete(hash: string): Promise<void>;
  beginSignIn(signIn: SignInRecord): Promise<void>;
  /** The sign-in under way with that state, removed as it is read: a state works once. */
  takeSignIn(state: string): Promise<SignInRecord | undefined>;
}

/** What a person's OpenID Provider said about them, its ID token verified (signature, iss, aud, exp, nonce). */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  name: string | null;
  email: string | null;
  idToken: string;
}

/** The OpenID Provider people sign in with (adapters/oidc): authorization code flow with PKCE. */
export interface IdentityProviderClient {
  /** Where to send the browser; `signUp` asks for the provider's account-creation page (prompt=create). */
  authorizationUrl(request: { state: string; nonce: string; codeVerifier: string; signUp: boolean }): Promise<string>;
  /** Exchanges the code of the callback URL and verifies the ID token; throws DomainError('sign_in_failed') for anything wrong. */
  finish(callbackUrl: string, expected: { state: string; nonce: string; codeVerifier: string }): Promise<VerifiedIdentity>;
  /** The provider's end-session address for this ID token (RP-initiated logout), when it has one. */
  endSessionUrl(idToken: string | null): Promise<string | null>;
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

/**
 * The audit ledger's storage (docs/security.md, "The audit ledger"): segments written once
 * and never changed (S3 Object Lock in AWS, read-only files locally), by ledger and sequence.
 */
export interface AuditLedgerStore {
  /** The stored text of a segment; undefined when there is none at that sequence. */
  read(ledger: string, sequence: number): Promise<string | undefined>;
  /** Writes the segment only if its sequence is still free: 'conflict' when another append took it (no fork). */
  create(ledger: string, sequence: number, text: string): Promise<WriteOutcome>;
}

/** The audit event items of a ledger's partition (an organisation, or PLATFORM) as stored (every attribute, keys included), oldest first. */
export interface AuditEventItems {
  page(ledger: string, after: string | undefined, limit: number): Promise<{ items: Record<string, unknown>[]; next?: string }>;
}

/**
 * Where large evidence files wait between their upload and their import (docs/evidence.md,
 * "Large files"): an S3 bucket in AWS, a directory of the data dir locally. The client PUTs
 * the file to a pre-signed URL; the import reads it as a stream and removes it.
 */
export interface EvidenceUploadStore {
  /** A URL the client PUTs exactly `bytes` bytes of `contentType` to, with these headers, until `expiresAt`. */
  prepare(
    key: string,
    contentType: string,
    expiresInSeconds: number,
    bytes: number,
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string }>;
  /** The stored object, streamed (never read whole), or undefined when nothing is stored under the key. */
  open(key: string): Promise<OpenedEvidenceUpload | undefined>;
  /** Removes the object (nothing when absent). */
  remove(key: string): Promise<void>;
}

export interface OpenedEvidenceUpload extends AsyncIterable<Uint8Array> {
  /** The object's size as stored. */
  bytes: number;
  /** Releases the stream when it is not read to its end (safe to call twice). */
  close(): void;
}

/** A prepared upload (EVIDENCEUPLOAD#<uploadId> in the organisation's partition, TTL): what the file is and where it goes, never its content. */
export interface PendingEvidenceUpload {
  uploadId: string;
  organisationId: string;
  assessmentId: string;
  format: EvidenceFormat;
  fileName: string;
  bytes: number;
  key: string;
  createdAt: string;
  /** The token that prepared it (who uploads is not audited: only an import is). */
  createdBy: string;
  /** The upload URL's end. */
  urlExpiresAt: string;
  /** After this the upload can no longer be imported (its item's TTL). */
  importBy: string;
}

export interface PendingEvidenceUploadStore {
  create(upload: PendingEvidenceUpload): Promise<void>;
  get(organisationId: string, uploadId: string): Promise<PendingEvidenceUpload | undefined>;
  /** Deletes the item and answers it: of two imports of one upload, one gets it. */
  take(organisationId: string, uploadId: string): Promise<PendingEvidenceUpload | undefined>;
}
