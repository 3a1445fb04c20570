import { authorize, authorizeAssessment, organisationOf } from '../core/access/policy';
import { assertReaches, reaches } from '../core/access/scope-reach';
import type { Principal } from '../core/access/principal';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import { acceptProposal, assuredAnswer, evidenceFlags, latestProposals } from '../core/evidence/assurance';
import type { EvidenceSource } from '../core/questionnaire/answers';
import { checkAnswers, missingAnswers } from '../core/questionnaire/answer-check';
import type { Answers, AssuredAnswers } from '../core/questionnaire/answers';
import { planSave, withoutHiddenAnswers } from '../core/questionnaire/hidden-answers';
import { scoreAssessment } from '../core/scoring/score';
import { actorOf, auditEvent } from './audit';
import type { Actor, Assessment, StoredAnswer, Submission } from './entities';
import { findReplay, idempotencyRecord, type KeyedRequest } from './idempotency';
import { refuseSecretsInText, type LeakedSecretDeps, type TextField } from './leaked-secrets';
import type {
  AssessmentStore,
  Clock,
  EvidenceStore,
  IdempotencyStore,
  IdSource,
  InvitationStore,
  OrganisationStore,
  ScopeStore,
  TokenGuard,
  TokenStore,
} from './ports';
import { ASSESSMENT_MAX_BYTES, assertStorable, tooLargeToStore } from './stored-size';
import type { CreateAssessmentRequest, SaveAnswersRequest, SavedAnswers } from '../contract';

/** A saved draft, and the answers the save cleared because their questions are no longer asked. */
export type { SavedAnswers };

/**
 * Optimistic writes retry when another writer got in between (a save of other
 * questions, which must not fail ours). Jittered backoff spreads many writers out.
 */
const MAX_ATTEMPTS = 40;
/** Drafts a process remembers at most (see `recent`). */
const RECENT_ASSESSMENTS = 5_000;

/** The token a write was guarded by is no longer valid: the caller must authenticate again. */
export class TokenRecheckNeeded extends Error {
  constructor() {
    super('the bearer token changed since it was last confirmed');
  }
}
const backoff = (attempt: number) =>
  attempt === 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));

export interface AssessmentServiceDeps extends Pick<LeakedSecretDeps, 'containment' | 'agents'> {
  assessments: AssessmentStore;
  organisations: OrganisationStore;
  idempotency: IdempotencyStore;
  /** To revoke an AIM key or invitation code pasted into an answer (leaked-secrets.ts). */
  tokens: TokenStore;
  invitations?: InvitationStore;
  catalogue: Catalogue;
  clock: Clock;
  ids: IdSource;
  /** The most a stored assessment may measure (stored-size.ts); smaller only in tests. */
  maxAssessmentBytes?: number;
  /**
   * Runs once a submit is written: carries the improvement plan forward (services/plan.ts).
   * Its failure is the hook's own to report; it never fails the submit.
   */
  afterSubmit?: (organisationId: string, submitted: Assessment, actor: Actor) => Promise<void>;
  /** The organisation's scopes, to check the one a new assessment names; without it, naming a scope is refused. */
  scopes?: ScopeStore;
  /** The assessment's evidence imports: an answer accepting a proposal is checked against them, and a submit flags contradictions. */
  evidence?: Pick<EvidenceStore, 'list'>;
}

/** The stored assessment's answers, as a field problem names them (a submit or reopen sends none). */
const SUBJECT_ANSWERS = { in: 'subject', field: ['answers'] } as const;

/** The free text a save would store, by field: comments, reasons, text values and evidence links. */
const answerTexts = (request: SaveAnswersRequest): TextField[] =>
  Object.entries(request.answers).flatMap(([questionId, answer]) => {
    if (!answer) return [];
    const at = (...field: (string | number)[]) => ['answers', questionId, ...field];
    return [
      ...(typeof answer.value === 'string' ? [{ field: at('value'), text: answer.value }] : []),
      ...(answer.comment ? [{ field: at('comment'), text: answer.comment }] : []),
      ...(answer.reason ? [{ field: at('reason'), text: answer.reason }] : []),
      ...(answer.evidence ?? []).map((link, index) => ({ field: at('evidence', index), text: link })),
    ];
  });

/** The answers of an assessment without their bookkeeping (who, when, revision). */
/** The stored answers without who changed them and when: values, comments, evidence links and assurance. */
export const answersOf = (assessment: Assessment): AssuredAnswers =>
  Object.fromEntries(Object.entries(assessment.answers).map(([id, { updatedBy: _b, updatedAt: _a, revision: _r, ...answer }]) => [id, answer]));

export class AssessmentService {
  constructor(private readonly deps: AssessmentServiceDeps) {}

  private get maxBytes() {
    return this.deps.maxAssessmentBytes ?? ASSESSMENT_MAX_BYTES;
  }

  /** The assessment, if it exists in the organisation and is within the caller's scope (core/access/scope-reach.ts). */
  private async load(principal: Principal, operation: string, organisationId: string, id: string): Promise<Assessment> {
    const assessment = await this.deps.assessments.get(organisationId, id);
    if (!assessment) throw notFound('assessment');
    assertReaches(principal, operation, assessment);
    return assessment;
  }

  /** The new draft; a retry with the same idempotency key and request gets the draft the first one made. */
  async create(principal: Principal, request: CreateAssessmentRequest, idempotencyKey?: string): Promise<Assessment> {
    authorize(principal, 'assessments.create');
    const organisationId = organisationOf(principal);
    const keyed: KeyedRequest | undefined = idempotencyKey
      ? { scope: organisationId, operation: 'assessment.create', key: idempotencyKey, input: request }
      : undefined;
    const replay = await findReplay<Assessment>(this.deps.idempotency, keyed);
    if (replay) return replay;
    const questionnaire = this.deps.catalogue.getPublished(request.questionnaireId, request.version);
    const scopeId = await this.scopeOfNew(principal, organisationId, request.scopeId);
    const now = this.deps.clock.now();
    const assessment: Assessment = {
      id: this.deps.ids.id(),
      organisationId,
      questionnaireId: questionnaire.id,
      version: questionnaire.version,
      status: 'draft',
      revision: 0,
      answers: {},
      createdAt: now.toISOString(),
      createdBy: actorOf(principal),
      updatedAt: now.toISOString(),
      ...(scopeId ? { scopeId } : {}),
    };
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'assessment.create',
      target: { type: 'assessment', id: assessment.id },
      after: assessment,
      at: assessment.createdAt,
    });
    const outcome = await this.deps.assessments.create(assessment, audit, keyed && idempotencyRecord(keyed, assessment, now));
    if (outcome === 'conflict') {
      // Only the idempotency record can collide: a concurrent retry won the race.
      const raced = await findReplay<Assessment>(this.deps.idempotency, keyed);
      if (raced) return raced;
      throw new Error('assessment create conflicted without an idempotency record');
    }
    return assessment;
  }

  /**
   * The scope a new assessment covers: the one asked for (which must exist), else the
   * caller's own when they are restricted to one; a restricted caller cannot name another.
   */
  private async scopeOfNew(principal: Principal, organisationId: string, asked: string | undefined): Promise<string | undefined> {
    const scopeId = asked ?? principal.scopeId;
    if (principal.scopeId !== undefined && scopeId !== principal.scopeId) {
      principal.decisions?.push({ outcome: 'refused', operation: 'assessments.create', reason: 'forbidden' });
      throw new DomainError('forbidden', 'you are restricted to one scope of the organisation and can start assessments only there');
    }
    if (scopeId !== undefined && !(await this.deps.scopes?.get(organisationId, scopeId)))
      throw new DomainError('validation_failed', 'no such scope in this organisation', [
        { field: ['scopeId'], message: 'not a scope of this organisation (GET /v1/scopes lists them)' },
      ]);
    return scopeId;
  }

  /**
   * Starts a new draft from a submitted assessment, copying its answers (and who gave
   * them), so that an organisation builds a history. The submitted one never changes.
   */
  async reopen(principal: Principal, id: string, idempotencyKey?: string): Promise<Assessment> {
    authorizeAssessment(principal, 'assessments.reopen', id);
    const organisationId = organisationOf(principal);
    const keyed: KeyedRequest | undefined = idempotencyKey
      ? { scope: organisationId, operation: 'assessment.reopen', key: idempotencyKey, input: { assessment: id } }
      : undefined;
    const replay = await findReplay<Assessment>(this.deps.idempotency, keyed);
    if (replay) return replay;
    const source = await this.load(principal, 'assessments.reopen', organisationId, id);
    if (source.status !== 'submitted')
      throw new DomainError('assessment_not_submitted', 'only a submitted assessment can be reopened; keep answering this draft');
    const now = this.deps.clock.now();
    // Older submissions may hold answers to questions that were not asked: they do not carry.
    const asked = withoutHiddenAnswers(this.deps.catalogue.get(source.questionnaireId, source.version).questions, source.answers).answers;
    const answers = Object.fromEntries(Object.entries(asked).map(([questionId, answer]) => [questionId, { ...answer, revision: 0 }]));
    const draft: Assessment = {
      id: this.deps.ids.id(),
      organisationId,
      questionnaireId: source.questionnaireId,
      version: source.version,
      status: 'draft',
      revision: 0,
      answers,
      createdAt: now.toISOString(),
      createdBy: actorOf(principal),
      updatedAt: now.toISOString(),
      reopenedFrom: source.id,
      ...(source.scopeId ? { scopeId: source.scopeId } : {}),
    };
    assertStorable(draft, SUBJECT_ANSWERS, this.maxBytes);
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'assessment.reopen',
      target: { type: 'assessment', id: draft.id },
      before: { from: source.id },
      after: draft,
      at: draft.createdAt,
    });
    const outcome = await this.deps.assessments.create(draft, audit, keyed && idempotencyRecord(keyed, draft, now));
    if (outcome === 'conflict') {
      const raced = await findReplay<Assessment>(this.deps.idempotency, keyed);
      if (raced) return raced;
      throw new Error('reopen conflicted without an idempotency record');
    }
    return draft;
  }

  async get(principal: Principal, id: string): Promise<Assessment> {
    authorizeAssessment(principal, 'assessments.read', id);
    return this.load(principal, 'assessments.read', organisationOf(principal), id);
  }

  async list(principal: Principal): Promise<Assessment[]> {
    authorize(principal, 'assessments.list');
    const all = await this.deps.assessments.list(organisationOf(principal));
    // A token bound to one assessment sees only it; a respondent restricted to a scope, only that scope's.
    return all.filter((a) => (principal.assessmentId === undefined || a.id === principal.assessmentId) && reaches(principal, a));
  }

  /**
   * Saves some answers. The request carries the revision it was based on; it conflicts
   * only if a question it touches was changed by a newer save. Concurrent saves of
   * other questions are merged by retrying on the fresh state.
   */
  /**
   * Drafts this process wrote or read last, by organisation and id. A save based on one
   * skips the read: its write is conditional on the same revision, and every change to
   * an assessment moves the revision, so a stale copy can only fail the condition (and
   * the save then reads and tries again), never overwrite anything.
   */
  private readonly recent = new Map<string, Assessment>();

  private remember(assessment: Assessment) {
    const key = `${assessment.organisationId}/${assessment.id}`;
    this.recent.delete(key);
    this.recent.set(key, assessment);
    while (this.recent.size > RECENT_ASSESSMENTS) this.recent.delete(this.recent.keys().next().value!);
  }

  async saveAnswers(principal: Principal, id: string, request: SaveAnswersRequest, tokenGuard?: TokenGuard): Promise<SavedAnswers> {
    authorizeAssessment(principal, 'assessments.answer', id);
    const organisationId = organisationOf(principal);
    // Before anything is read or written: a secret in the text is refused (and an AIM key revoked) whatever the draft's state.
    await refuseSecretsInText(this.deps, principal, answerTexts(request));
    const key = `${organisationId}/${id}`;
    const sources = await this.acceptedSources(organisationId, id, request);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await backoff(attempt);
      const remembered = attempt === 0 ? this.recent.get(key) : undefined;
      const current = remembered ?? (await this.load(principal, 'assessments.answer', organisationId, id));
      assertReaches(principal, 'assessments.answer', current);
      // Any refusal is decided on fresh data only: a remembered copy may be behind.
      const refuse = (error: DomainError) => {
        if (remembered) return 'reload' as const;
        throw error;
      };
      if (current.status !== 'draft' && refuse(new DomainError('assessment_not_draft', 'a submitted assessment cannot change; reopen it to start a new draft')))
        continue;
      const questionnaire = this.deps.catalogue.get(current.questionnaireId, current.version);
      const given = Object.fromEntries(Object.entries(request.answers).filter(([, a]) => a !== null)) as Answers;
      // Clearing a question the version does not have is refused like answering one: every
      // clearing is recorded in the assessment, so unknown ids would grow it without bound.
      const unknownCleared = Object.keys(request.answers)
        .filter((questionId) => request.answers[questionId] === null && !questionnaire.questions.some((q) => q.id === questionId))
        .map((questionId) => ({
          field: ['answers', questionId],
          message: `no question "${questionId}" in ${questionnaire.id} ${questionnaire.version} to clear`,
        }));
      const problems = [...checkAnswers(questionnaire, given), ...unknownCleared];
      if (problems.length && refuse(new DomainError('validation_failed', 'some answers are not valid for this questionnaire', problems))) continue;

      if (
        request.revision > current.revision &&
        refuse(
          new DomainError('revision_conflict', `revision ${request.revision} does not exist yet; the assessment is at revision ${current.revision}`, [], {
            currentRevision: current.revision,
            conflicts: [],
          }),
        )
      )
        continue;
      const cleared = current.clearedAnswers ?? {};
      const lastChange = (questionId: string) => Math.max(current.answers[questionId]?.revision ?? 0, cleared[questionId]?.revision ?? 0);
      const conflicts = Object.keys(request.answers)
        .filter((questionId) => lastChange(questionId) > request.revision)
        .map((questionId) => ({ question: questionId, current: current.answers[questionId] ?? { cleared: true, ...cleared[questionId] } }));
      if (
        conflicts.length &&
        refuse(
          new DomainError('revision_conflict', 'another save changed the same question since your revision; review the current answer and save again', [], {
            currentRevision: current.revision,
            conflicts,
          }),
        )
      )
        continue;
      // On the answers as they will be after this save: a question not asked takes no answer,
      // and a stored answer the save leaves hidden is cleared with it (same write, same event).
      const plan = planSave(questionnaire.questions, answersOf(current), request.answers);
      if (plan.problems.length && refuse(new DomainError('validation_failed', 'some answers are to questions that are not asked', plan.problems))) continue;

      const now = this.deps.clock.now().toISOString();
      const revision = current.revision + 1;
      const changes: Record<string, StoredAnswer | null> = {};
      const clearedAnswers = { ...cleared };
      for (const [questionId, answer] of Object.entries(request.answers)) {
        changes[questionId] =
          answer === null
            ? null
            : { ...assuredAnswer(answer, current.answers[questionId], sources.get(questionId)), updatedBy: actorOf(principal), updatedAt: now, revision };
        if (answer === null) clearedAnswers[questionId] = { updatedBy: actorOf(principal), updatedAt: now, revision };
        else delete clearedAnswers[questionId];
      }
      for (const questionId of plan.cleared) {
        changes[questionId] = null;
        clearedAnswers[questionId] = { updatedBy: actorOf(principal), updatedAt: now, revision };
      }
      const answers = { ...current.answers };
      for (const [questionId, answer] of Object.entries(changes)) {
        if (answer === null) delete answers[questionId];
        else answers[questionId] = answer;
      }
      const saved = { ...current, answers, clearedAnswers, revision, updatedAt: now };
      // Measured before writing: an assessment past the store's item limit is refused (422), never half-written.
      const tooLarge = tooLargeToStore(saved, { field: ['answers'] }, this.maxBytes);
      if (tooLarge && refuse(tooLarge)) continue;
      const before = Object.fromEntries(Object.keys(changes).map((q) => [q, current.answers[q] ?? null]));
      const audit = auditEvent(this.deps, {
        organisationId,
        actor: actorOf(principal),
        operation: 'assessment.answer',
        target: { type: 'assessment', id },
        before,
        after: changes,
        at: now,
        assurance: Object.entries(request.answers).flatMap(([questionId, a]) => (a?.assuranceReason ? [{ questionId, reason: a.assuranceReason }] : [])),
      });
      const outcome = await this.deps.assessments.saveAnswers({
        organisationId,
        assessmentId: id,
        expectedRevision: current.revision,
        changes,
        clearedAnswers,
        updatedAt: now,
        audit,
        tokenGuard,
      });
      if (outcome === 'token-invalid') throw new TokenRecheckNeeded();
      if (outcome === 'written') {
        this.remember(saved);
        return { ...saved, cleared: plan.cleared };
      }
      this.recent.delete(key);
    }
    throw new DomainError('revision_conflict', 'the assessment is being changed by others right now; try again', [], { conflicts: [] });
  }

  /**
   * The evidence behind each answer that accepts an import's proposal (read once per save:
   * imports are only ever added). An acceptance the imports do not bear out, or a reason for
   * departing from evidence on a question no import measured, is refused (400
   * `validation_failed`, at the field): reasons stay within the questions an import can
   * measure, which keeps a stored assessment within its size budget (services/stored-size.test.ts).
   */
  private async acceptedSources(organisationId: string, assessmentId: string, request: SaveAnswersRequest): Promise<Map<string, EvidenceSource>> {
    const accepting = Object.entries(request.answers).filter(([, a]) => a?.evidenceImportId !== undefined);
    const departing = Object.entries(request.answers).filter(([, a]) => a?.assuranceReason !== undefined);
    const sources = new Map<string, EvidenceSource>();
    if (!accepting.length && !departing.length) return sources;
    const imports = (await this.deps.evidence?.list(organisationId, assessmentId)) ?? [];
    const measured = latestProposals(imports);
    const problems = [
      ...accepting.flatMap(([questionId, answer]) => {
        const outcome = acceptProposal(imports, questionId, answer!);
        if ('source' in outcome) {
          sources.set(questionId, outcome.source);
          return [];
        }
        return [{ field: ['answers', questionId, 'evidenceImportId'], message: outcome.problem }];
      }),
      ...departing
        .filter(([questionId]) => !measured.has(questionId))
        .map(([questionId]) => ({
          field: ['answers', questionId, 'assuranceReason'],
          message: `no import of this assessment proposes an answer to "${questionId}": there is no evidence to depart from`,
        })),
    ];
    if (problems.length) throw new DomainError('validation_failed', 'an answer names evidence that the imports of this assessment do not bear out', problems);
    return sources;
  }

  async submit(principal: Principal, id: string, idempotencyKey?: string): Promise<Assessment> {
    authorizeAssessment(principal, 'assessments.submit', id);
    const organisationId = organisationOf(principal);
    const keyed: KeyedRequest | undefined = idempotencyKey
      ? { scope: organisationId, operation: 'assessment.submit', key: idempotencyKey, input: { assessment: id } }
      : undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await backoff(attempt);
      const replay = await findReplay<Assessment>(this.deps.idempotency, keyed);
      if (replay) return replay;
      const current = await this.load(principal, 'assessments.submit', organisationId, id);
      if (current.status !== 'draft') {
        // A concurrent retry with the same key may have submitted it since we looked.
        const raced = await findReplay<Assessment>(this.deps.idempotency, keyed);
        if (raced) return raced;
        throw new DomainError('assessment_not_draft', 'this assessment has already been submitted');
      }
      const questionnaire = this.deps.catalogue.get(current.questionnaireId, current.version);
      // Older data may hold answers to questions that are not asked: the snapshot never keeps one.
      const { answers: asked, dropped } = withoutHiddenAnswers(questionnaire.questions, current.answers);
      const answers = answersOf({ ...current, answers: asked });
      const problems = [...checkAnswers(questionnaire, answers), ...missingAnswers(questionnaire, answers)];
      if (problems.length)
        throw new DomainError(
          'assessment_incomplete',
          `${problems.length} question(s) need an answer or a correction before submitting`,
          // The answers at fault are the stored draft's, not anything this request sent.
          problems.map((p) => ({ ...p, in: 'subject' as const })),
        );

      const organisation = await this.deps.organisations.get(organisationId);
      if (!organisation) throw notFound('organisation');
      const now = this.deps.clock.now();
      const submittedAt = now.toISOString();
      const scores = scoreAssessment(questionnaire, answers);
      // Flagged, never refused: the report and the submitter see which answers contradict imported evidence.
      const flags = evidenceFlags(
        questionnaire.questions.map((q) => q.id),
        asked,
        (await this.deps.evidence?.list(organisationId, id)) ?? [],
      );
      const submitted: Assessment = {
        ...current,
        answers: asked,
        status: 'submitted',
        revision: current.revision + 1,
        updatedAt: submittedAt,
        submittedAt,
        submittedBy: actorOf(principal),
        scores,
        ...(flags.length ? { evidenceFlags: flags } : {}),
      };
      // The scores are added to the item: a draft just under the limit could pass it.
      assertStorable(submitted, SUBJECT_ANSWERS, this.maxBytes);
      // Only whole-organisation assessments feed benchmarks: one organisation, one vote (docs/benchmarks.md).
      const submission: Submission | undefined = current.scopeId
        ? undefined
        : {
            assessmentId: id,
            organisationId,
            questionnaireId: current.questionnaireId,
            version: current.version,
            industry: organisation.industry,
            sizeBand: organisation.sizeBand,
            region: organisation.region,
            synthetic: organisation.synthetic,
            contributesToBenchmarks: organisation.contributesToBenchmarks,
            submittedAt,
            scores,
          };
      const audit = auditEvent(this.deps, {
        organisationId,
        actor: actorOf(principal),
        operation: 'assessment.submit',
        target: { type: 'assessment', id },
        before: { status: 'draft', revision: current.revision },
        after: {
          status: 'submitted',
          scores,
          ...(dropped.length ? { notAsked: dropped.map((d) => d.question) } : {}),
          ...(flags.length ? { evidenceFlags: flags } : {}),
        },
        at: submittedAt,
        assurance: flags.map(({ questionId, importId }) => {
          const reason = asked[questionId]?.assuranceReason;
          return { questionId, importId, ...(reason ? { reason } : {}) };
        }),
      });
      const outcome = await this.deps.assessments.submit({
        assessment: submitted,
        expectedRevision: current.revision,
        submission,
        audit,
        idempotency: keyed && idempotencyRecord(keyed, submitted, now),
      });
      if (outcome === 'written') {
        await this.deps.afterSubmit?.(organisationId, submitted, submitted.submittedBy!).catch(() => undefined);
        return submitted;
      }
      // Someone saved or submitted in between: look again (a replay or a clear 409 follows).
    }
    throw new DomainError('revision_conflict', 'the assessment is being changed by others right now; try again', [], { conflicts: [] });
  }
}
