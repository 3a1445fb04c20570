import { authorizeAssessment, organisationOf } from '../core/access/policy';
import { assertReaches } from '../core/access/scope-reach';
import type { Principal } from '../core/access/principal';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import { carryAnswers, type CarryReport } from '../core/questionnaire/answer-carry';
import { compareVersions } from '../core/questionnaire/semver';
import { answersOf } from './assessments';
import { actorOf, auditEvent } from './audit';
import type { Assessment, StoredAnswer } from './entities';
import type { AssessmentStore, Clock, IdSource } from './ports';
import { equivalencesFor } from './questionnaire-versions';
import { ASSESSMENT_MAX_BYTES, assertStorable } from './stored-size';
import type { UpgradeAssessmentRequest } from '../contract';

export interface UpgradeReport extends CarryReport {
  from: string;
  to: string;
}

export interface UpgradeResult {
  assessment: Assessment;
  upgrade: UpgradeReport;
}

export interface AssessmentUpgradeDeps {
  assessments: AssessmentStore;
  catalogue: Catalogue;
  clock: Clock;
  ids: IdSource;
  /** The most a stored assessment may measure (stored-size.ts); smaller only in tests. */
  maxAssessmentBytes?: number;
}

/** Another writer got in between: read again and redo the carry (a handful of tries). */
const MAX_ATTEMPTS = 10;

export class AssessmentUpgradeService {
  constructor(private readonly deps: AssessmentUpgradeDeps) {}

  async upgrade(principal: Principal, id: string, request: UpgradeAssessmentRequest): Promise<UpgradeResult> {
    authorizeAssessment(principal, 'assessments.upgrade', id);
    const organisationId = organisationOf(principal);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.deps.assessments.get(organisationId, id);
      if (!current) throw notFound('assessment');
      assertReaches(principal, 'assessments.upgrade', current);
      if (current.status !== 'draft')
        throw new DomainError('assessment_not_draft', 'a submitted assessment never changes version; start or reopen a draft to answer a newer version');
      if (request.revision !== undefined && request.revision !== current.revision)
        throw new DomainError(
          'revision_conflict',
          `the assessment is at revision ${current.revision}, not ${request.revision}; review it and upgrade again`,
          [],
          { currentRevision: current.revision, conflicts: [] },
        );

      const from = this.deps.catalogue.get(current.questionnaireId, current.version);
      const to = this.deps.catalogue.getPublished(current.questionnaireId, request.version);
      const order = compareVersions(to.version, from.version);
      if (order < 0)
        throw new DomainError('validation_failed', `an assessment only moves to a newer version; it is on ${from.version}`, [
          { field: ['version'], message: `${to.version} is older than ${from.version}` },
        ]);
      const { equivalences } = equivalencesFor(this.deps.catalogue, from, to, ['version']);
      const { answers, report } = carryAnswers(from, to, equivalences, answersOf(current));
      // Already on that version (a retried request): nothing to write.
      if (order === 0) return { assessment: current, upgrade: { from: from.version, to: to.version, ...report } };

      const now = this.deps.clock.now().toISOString();
      const revision = current.revision + 1;
      const carried: Record<string, StoredAnswer> = {};
      for (const { from: source, to: target } of report.carried) {
        const previous = current.answers[source]!;
        // Who answered, and when, stays; the revision moves so that a save based on the
        // old version's revision conflicts instead of overwriting a carried answer.
        carried[target] = { ...answers[target]!, updatedBy: previous.updatedBy, updatedAt: previous.updatedAt, revision };
      }
      const upgraded: Assessment = { ...current, version: to.version, revision, answers: carried, updatedAt: now };
      assertStorable(upgraded, { in: 'subject', field: ['answers'] }, this.deps.maxAssessmentBytes ?? ASSESSMENT_MAX_BYTES);
      const upgrade: UpgradeReport = { from: from.version, to: to.version, ...report };
      const audit = auditEvent(this.deps, {
        organisationId,
        actor: actorOf(principal),
        operation: 'assessment.upgrade',
        target: { type: 'assessment', id },
        before: { version: current.version, revision: current.revision, answers: current.answers },
        after: { version: upgraded.version, revision, answers: carried, upgrade },
        at: now,
      });
      if ((await this.deps.assessments.replaceDraft(upgraded, current.revision, audit)) === 'written') return { assessment: upgraded, upgrade };
    }
    throw new DomainError('revision_conflict', 'the assessment is being changed by others right now; try again', [], { conflicts: [] });
  }
}
