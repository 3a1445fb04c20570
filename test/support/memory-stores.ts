/**
 * In-memory implementations of the ports in functions/services/ports.ts, for unit tests of
 * the services without a database. They keep the semantics the services rely on:
 * - a write and its audit event (and idempotency record) land together or not at all;
 * - conditional writes answer 'conflict' when their condition fails (another revision, not
 *   a draft, an id or idempotency key already taken, an audit event id already used), and
 *   an answer save whose token guard fails answers 'token-invalid' (which outranks 'conflict');
 * - values are copied in and out, so nothing a service does to what it read changes the
 *   store behind the store's back.
 * What they leave out: the organisation fence of deletion (table-context.ts) and item sizes.
 */
import type { AnswerClearing, Assessment, AuditEvent, IdempotencyRecord, Organisation, Submission, TokenRecord } from '../../functions/services/entities';
import type {
  FirstOwner,
  AnswerSave,
  AssessmentStore,
  AssessmentSubmission,
  AuditQuery,
  AuditStore,
  Clock,
  IdempotencyStore,
  IdSource,
  OrganisationStore,
  TokenGuard,
  TokenStore,
  WriteOutcome,
} from '../../functions/services/ports';

const copy = <T>(value: T): T => structuredClone(value);

/** Where an audit event sorts in its organisation's trail (as in the DynamoDB table: time, then id). */
const auditSortKey = (event: AuditEvent) => `AUDIT#${event.at}#${event.id}`;
const auditKey = (event: AuditEvent) => `${event.organisationId ?? 'PLATFORM'}|${auditSortKey(event)}`;
const orgKey = (organisationId: string, id: string) => `${organisationId}/${id}`;

/** Everything the stores hold, shared by them as one table is. */
export class MemoryTable {
  readonly organisations = new Map<string, Organisation>();
  /** Token records by hash. */
  readonly tokens = new Map<string, TokenRecord>();
  readonly assessments = new Map<string, Assessment>();
  readonly submissions = new Map<string, Submission>();
  /** Idempotency records by scope and key. */
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Audit events in the order they were written. */
  readonly events: AuditEvent[] = [];
  private readonly auditKeys = new Set<string>();

  /** Writes `audit` and `idempotency`, after `apply`, if `condition` and their own keys allow it; 'conflict' otherwise, nothing written. */
  commit(condition: boolean, audit: AuditEvent | undefined, idempotency: IdempotencyRecord | undefined, apply: () => void): WriteOutcome {
    if (!condition) return 'conflict';
    if (audit && this.auditKeys.has(auditKey(audit))) return 'conflict';
    if (idempotency && this.idempotency.has(orgKey(idempotency.scope, idempotency.key))) return 'conflict';
    apply();
    if (audit) {
      this.auditKeys.add(auditKey(audit));
      this.events.push(copy(audit));
    }
    if (idempotency) this.idempotency.set(orgKey(idempotency.scope, idempotency.key), copy(idempotency));
    return 'written';
  }

  /** The token check of an answer save: the token exists, is not revoked and has not expired at `guard.at`. */
  tokenValid(guard: TokenGuard): boolean {
    const token = this.tokens.get(guard.hash);
    if (!token || token.revokedAt !== null) return false;
    if (token.expiresAt !== null) return token.expiresAt > guard.at;
    return guard.legacyCreatedAfter === undefined || token.createdAt > guard.legacyCreatedAfter;
  }
}

export class MemoryOrganisationStore implements OrganisationStore {
  constructor(private readonly table: MemoryTable) {}

  async create(organisation: Organisation, owner: FirstOwner, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<void> {
    if (!('token' in owner)) throw new Error('the memory stores keep no memberships');
    const ownerToken = owner.token;
    const free = !this.table.organisations.has(organisation.id) && !this.table.tokens.has(ownerToken.hash);
    const outcome = this.table.commit(free, audit, idempotency, () => {
      this.table.organisations.set(organisation.id, copy(organisation));
      this.table.tokens.set(ownerToken.hash, copy(ownerToken));
    });
    if (outcome === 'conflict') throw new Error(`organisation ${organisation.id} or its idempotency record already exists`);
  }

  async get(id: string): Promise<Organisation | undefined> {
    return copy(this.table.organisations.get(id));
  }
}

export class MemoryTokenStore implements TokenStore {
  constructor(private readonly table: MemoryTable) {}

  private inScope(organisationId: string | null, tokenId: string): TokenRecord | undefined {
    return [...this.table.tokens.values()].find((t) => t.organisationId === organisationId && t.id === tokenId);
  }

  async create(token: TokenRecord, audit: AuditEvent): Promise<void> {
    const free = !this.table.tokens.has(token.hash) && !this.inScope(token.organisationId, token.id);
    if (this.table.commit(free, audit, undefined, () => this.table.tokens.set(token.hash, copy(token))) === 'conflict')
      throw new Error(`token ${token.id} already exists`);
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    return copy(this.table.tokens.get(hash));
  }

  async list(organisationId: string | null): Promise<TokenRecord[]> {
    return [...this.table.tokens.values()]
      .filter((t) => t.organisationId === organisationId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(copy);
  }

  async revoke(organisationId: string | null, tokenId: string, at: string, audit: AuditEvent): Promise<boolean> {
    const token = this.inScope(organisationId, tokenId);
    if (!token) return false;
    // Revoking twice keeps the first time and writes no second event.
    this.table.commit(token.revokedAt === null, audit, undefined, () => {
      token.revokedAt = at;
    });
    return true;
  }

  async touch(hash: string, at: string): Promise<boolean> {
    const token = this.table.tokens.get(hash);
    if (!token) return false;
    token.lastUsedAt = at;
    return true;
  }
}

export class MemoryAssessmentStore implements AssessmentStore {
  constructor(private readonly table: MemoryTable) {}

  private stored(organisationId: string, id: string) {
    return this.table.assessments.get(orgKey(organisationId, id));
  }

  async create(assessment: Assessment, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<WriteOutcome> {
    return this.table.commit(!this.stored(assessment.organisationId, assessment.id), audit, idempotency, () =>
      this.table.assessments.set(orgKey(assessment.organisationId, assessment.id), copy(assessment)),
    );
  }

  async get(organisationId: string, id: string): Promise<Assessment | undefined> {
    return copy(this.stored(organisationId, id));
  }

  async list(organisationId: string): Promise<Assessment[]> {
    return [...this.table.assessments.values()]
      .filter((a) => a.organisationId === organisationId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map(copy);
  }

  async saveAnswers(save: AnswerSave): Promise<WriteOutcome | 'token-invalid'> {
    // The token check fails the whole write, and outranks a stale revision.
    if (save.tokenGuard && !this.table.tokenValid(save.tokenGuard)) return 'token-invalid';
    const current = this.stored(save.organisationId, save.assessmentId);
    const condition = !!current && current.status === 'draft' && current.revision === save.expectedRevision;
    return this.table.commit(condition, save.audit, undefined, () => {
      const answers = { ...current!.answers };
      for (const [questionId, answer] of Object.entries(save.changes)) {
        if (answer === null) delete answers[questionId];
        else answers[questionId] = copy(answer);
      }
      const clearedAnswers: Record<string, AnswerClearing> = copy(save.clearedAnswers);
      this.table.assessments.set(orgKey(save.organisationId, save.assessmentId), {
        ...current!,
        answers,
        clearedAnswers,
        revision: save.expectedRevision + 1,
        updatedAt: save.updatedAt,
      });
    });
  }

  async submit({ assessment, expectedRevision, submission, audit, idempotency }: AssessmentSubmission): Promise<WriteOutcome> {
    const current = this.stored(assessment.organisationId, assessment.id);
    const submissionKey = orgKey(assessment.organisationId, assessment.id);
    const condition = !!current && current.status === 'draft' && current.revision === expectedRevision && !this.table.submissions.has(submissionKey);
    return this.table.commit(condition, audit, idempotency, () => {
      this.table.assessments.set(orgKey(assessment.organisationId, assessment.id), {
        ...current!,
        status: 'submitted',
        revision: expectedRevision + 1,
        updatedAt: assessment.submittedAt!,
        submittedAt: assessment.submittedAt!,
        ...(assessment.submittedBy ? { submittedBy: copy(assessment.submittedBy) } : {}),
        ...(assessment.evidenceFlags ? { evidenceFlags: copy(assessment.evidenceFlags) } : {}),
        scores: copy(assessment.scores!),
        answers: copy(assessment.answers),
      });
      if (submission) this.table.submissions.set(submissionKey, copy(submission));
    });
  }

  async replaceDraft(assessment: Assessment, expectedRevision: number, audit: AuditEvent): Promise<WriteOutcome> {
    const current = this.stored(assessment.organisationId, assessment.id);
    const condition = !!current && current.status === 'draft' && current.revision === expectedRevision;
    return this.table.commit(condition, audit, undefined, () => this.table.assessments.set(orgKey(assessment.organisationId, assessment.id), copy(assessment)));
  }
}

/** The trail newest first, filtered and paged as the DynamoDB adapter pages it (by sort key). */
export class MemoryAuditStore implements AuditStore {
  constructor(private readonly table: MemoryTable) {}

  async query(organisationId: string, query: AuditQuery): Promise<{ events: AuditEvent[]; next?: string }> {
    const lower = `AUDIT#${query.from ?? ''}`;
    const upper = `AUDIT#${query.to ?? ''}~`;
    const matching = this.table.events
      .filter((e) => e.organisationId === organisationId)
      .filter((e) => auditSortKey(e) >= lower && auditSortKey(e) <= upper)
      .filter((e) => !query.after || auditSortKey(e) < query.after)
      .filter((e) => (!query.actorTokenId || e.actor.tokenId === query.actorTokenId) && (!query.actorType || e.actor.actorType === query.actorType))
      .sort((a, b) => auditSortKey(b).localeCompare(auditSortKey(a)));
    const events = matching.slice(0, query.limit).map(copy);
    return matching.length > query.limit ? { events, next: auditSortKey(events.at(-1)!) } : { events };
  }
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  constructor(private readonly table: MemoryTable) {}

  async get(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    return copy(this.table.idempotency.get(orgKey(scope, key)));
  }
}

/** One table and the stores over it. */
export function memoryStores(table = new MemoryTable()) {
  return {
    table,
    organisations: new MemoryOrganisationStore(table),
    tokens: new MemoryTokenStore(table),
    assessments: new MemoryAssessmentStore(table),
    audit: new MemoryAuditStore(table),
    idempotency: new MemoryIdempotencyStore(table),
  };
}

export type MemoryStores = ReturnType<typeof memoryStores>;

/** A clock that stands still until a test moves it. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-06-01T09:00:00.000Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Ids and secrets that count up, so that tests can tell them apart and repeat. */
export function sequentialIds(prefix = 'id'): IdSource {
  let next = 0;
  return {
    id: () => `${prefix}-${String(++next).padStart(4, '0')}`,
    secret: () => `secret-${String(++next).padStart(4, '0')}`.padEnd(43, 'x'),
  };
}
