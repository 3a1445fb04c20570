/**
 * The maturity report: a pure model built from stored data (with the organisation's
 * earlier submissions and its cohort), recorded with its digests so that a copy can be
 * verified later, and laid out by a renderer that the caller passes in.
 */
import { authorize, authorizeAssessment, isAllowed, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import { buildReportModel, type HistoryInput, type ReportFileName, reportFileName, type ReportModel } from '../core/report-model';
import { answersOf } from './assessments';
import { actorOf, auditEvent } from './audit';
import type { BenchmarkService } from './benchmarks';
import type { CohortQuery, ReportVerification } from '../contract';
import type { z } from 'zod';
import type { Assessment, ReportRecord } from './entities';
import { benchmarkInput } from './report-benchmark';
import { answersDigest, benchmarkDigest, reportDigest } from './report-digest';
import type { AssessmentStore, Clock, IdSource, OrganisationStore, PlanStore, ReportStore, TargetStore } from './ports';

export interface ReportRenderer {
  render(model: ReportModel): Promise<Uint8Array>;
}

export interface ReportServiceDeps {
  assessments: AssessmentStore;
  organisations: OrganisationStore;
  reports: ReportStore;
  catalogue: Catalogue;
  benchmarks: Pick<BenchmarkService, 'forAssessment'>;
  clock: Clock;
  ids: IdSource;
  /** The cohort rule's k, printed in the method section. */
  kAnonymity: number;
  /** The minimum (noisy) size of a released cohort, printed in the method section. */
  minimumCohort: number;
  /** The organisation's targets (services/targets.ts); without it reports show none. */
  targets?: Pick<TargetStore, 'current'>;
  /** The organisation's improvement plans (services/plan.ts); without it reports show none. */
  plans?: Pick<PlanStore, 'get'>;
}

export type { ReportVerification };

/** The cohort a report compares with: the benchmark route's query (industry, size band, region, period, population). */
export type ReportCohort = z.infer<typeof CohortQuery>;

/** Whether the caller may read the plan (plan.read, and in a token's scope): the report names its owners. */
const mayReadPlan = (principal: Principal) => isAllowed(principal, 'plan.read') && (principal.scopes === undefined || principal.scopes.includes('plan.read'));

const isSubmitted = (a: Assessment): a is Assessment & Required<Pick<Assessment, 'scores' | 'submittedAt'>> =>
  a.status === 'submitted' && a.scores !== undefined && a.submittedAt !== undefined;

export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  /**
   * The report model, recorded so that its digest can be verified. Reading it is not
   * generating a report (the results page reads it on every visit): no `reports.generate`
   * event; an agent's or key's read is recorded as a read, like any other (http/access-audit.ts).
   */
  async model(principal: Principal, assessmentId: string, cohort: ReportCohort = {}): Promise<ReportModel> {
    const { model, record } = await this.build(principal, assessmentId, 'json', cohort);
    await this.deps.reports.record(record, null);
    return model;
  }

  /** The PDF report, named after the organisation and the day (docs/reports.md); it is recorded only once it has rendered. */
  async pdf(
    principal: Principal,
    assessmentId: string,
    renderer: ReportRenderer,
    cohort: ReportCohort = {},
  ): Promise<{ filename: ReportFileName; pdf: Uint8Array; model: ReportModel }> {
    const { model, record } = await this.build(principal, assessmentId, 'pdf', cohort);
    const pdf = await renderer.render(model);
    await this.record(principal, record);
    return { filename: reportFileName(model.cover.organisation.name, model.generatedAt), pdf, model };
  }

  /** Answers whether `sha256` is the digest recorded for the report, and whether its answers are unchanged. */
  async verify(principal: Principal, reportId: string, sha256: string): Promise<ReportVerification> {
    authorize(principal, 'assessments.report');
    const organisationId = organisationOf(principal);
    const record = await this.deps.reports.get(organisationId, reportId);
    if (!record || (principal.assessmentId !== undefined && record.assessmentId !== principal.assessmentId)) throw notFound('report');
    const assessment = await this.deps.assessments.get(organisationId, record.assessmentId);
    const answersMatch = assessment !== undefined && answersDigest(answersOf(assessment)) === record.answersSha256;
    const sha256Matches = sha256.toLowerCase() === record.sha256;
    return {
      reportId,
      assessmentId: record.assessmentId,
      generatedAt: record.generatedAt,
      sha256Matches,
      answersMatch,
      verified: sha256Matches && answersMatch,
    };
  }

  private async build(principal: Principal, assessmentId: string, format: ReportRecord['format'], cohort: ReportCohort) {
    authorizeAssessment(principal, 'assessments.report', assessmentId);
    const organisationId = organisationOf(principal);
    const assessment = await this.deps.assessments.get(organisationId, assessmentId);
    if (!assessment) throw notFound('assessment');
    if (!isSubmitted(assessment)) throw new DomainError('assessment_not_submitted', 'reports are made of submitted assessments; submit this one first');
    const organisation = await this.deps.organisations.get(organisationId);
    if (!organisation) throw notFound('organisation');
    const [position, all, targets, plan] = await Promise.all([
      // The cohort the reader chose (the one on screen); none chosen: every organisation on the same questionnaire.
      this.deps.benchmarks.forAssessment(principal, assessmentId, cohort),
      this.deps.assessments.list(organisationId),
      // The current targets on the questionnaire, whichever version they were set on.
      this.deps.targets?.current(organisationId, assessment.questionnaireId),
      // The live plan on the questionnaire in the assessment's scope; the model shows it only when it follows this assessment.
      mayReadPlan(principal) ? this.deps.plans?.get(organisationId, assessment.questionnaireId, assessment.scopeId) : undefined,
    ]);
    const history: HistoryInput[] = all
      .filter((a) => a.id !== assessment.id && a.questionnaireId === assessment.questionnaireId)
      .filter(isSubmitted)
      .map((a) => ({ assessmentId: a.id, version: a.version, submittedAt: a.submittedAt, scores: a.scores }));

    const answers = answersOf(assessment);
    const benchmark = benchmarkInput(position);
    const answersSha256 = answersDigest(answers);
    const benchmarkSha256 = benchmarkDigest(benchmark);
    const digest = { answersSha256, questionnaireId: assessment.questionnaireId, version: assessment.version, benchmarkSha256 };
    const sha256 = reportDigest(digest);
    const reportId = this.deps.ids.id();
    const generatedAt = this.deps.clock.now().toISOString();

    const model = buildReportModel({
      reportId,
      generatedAt,
      organisation,
      questionnaire: this.deps.catalogue.get(assessment.questionnaireId, assessment.version),
      assessment: {
        id: assessment.id,
        submittedAt: assessment.submittedAt,
        answers,
        scores: assessment.scores,
        ...(assessment.evidenceFlags ? { evidenceFlags: assessment.evidenceFlags } : {}),
      },
      ...(benchmark ? { benchmark } : {}),
      cohortChoice: cohort,
      history,
      ...(targets ? { targets: { revision: targets.revision, targetDate: targets.targetDate, overall: targets.overall, domains: targets.domains } } : {}),
      ...(plan ? { plan } : {}),
      provenance: {
        sha256,
        answersSha256,
        benchmarkSha256,
        kAnonymity: this.deps.kAnonymity,
        minimumCohort: this.deps.minimumCohort,
        syntheticOrganisation: organisation.synthetic === true,
      },
    });
    const record: ReportRecord = {
      reportId,
      organisationId,
      assessmentId: assessment.id,
      questionnaireId: assessment.questionnaireId,
      version: assessment.version,
      format,
      generatedAt,
      generatedBy: actorOf(principal),
      sha256,
      answersSha256,
      benchmarkSha256,
    };
    return { model, record };
  }

  private async record(principal: Principal, record: ReportRecord) {
    const audit = auditEvent(this.deps, {
      organisationId: record.organisationId,
      actor: actorOf(principal),
      operation: 'reports.generate',
      target: { type: 'report', id: record.reportId },
      after: record,
      at: record.generatedAt,
    });
    await this.deps.reports.record(record, audit);
  }
}
