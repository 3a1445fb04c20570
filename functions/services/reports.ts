/**
 * The maturity report: a pure model built from stored data (with the organisation's
 * earlier submissions and its cohort), recorded with its digests so that a copy can be
 * verified later, and laid out by a renderer that the caller passes in.
 */
import { authorize, authorizeAssessment, isAllowed, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { Industry } from '../core/taxonomy';
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
import { canonicalJson, sha256 as sha256Hex } from './hashing';
import { type ReportFileStore, type StoredReport, type StoredReportKey, storedReportId, variantOf } from './report-files';

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
  /** Stored reports (issue 21, report-files.ts): rendered once, then served; without it every download renders. */
  files?: ReportFileStore;
  /** The benchmark release a report made now compares with (its date, services/benchmarks.ts releaseFor); needed with `files`. */
  currentRelease?: () => string;
}

/** A PDF download: the bytes, whether they were rendered for this request, and as of which release their figures are. */
export interface ReportDownload {
  filename: ReportFileName;
  pdf: Uint8Array;
  reportId: string;
  sha256: string;
  generatedAt: string;
  /** The release the report's cohort figures are as of (a date, or the quarter the reader chose). */
  asOf: string;
  /** The release a report made now would use; `asOf` differs when a newer release came out since. */
  currentRelease: string;
  /** False when the cohort figures have changed since it was rendered: POST …/report:refresh makes a fresh one. */
  current: boolean;
  /** True when this request rendered it (none was stored yet, or a refresh). */
  rendered: boolean;
}

/**
 * Who renders the report of a submission off the stream (no request): a leader's view
 * (the plan with its owners), recorded in the audit trail under this name.
 */
export const submissionRenderer = (organisationId: string): Principal => ({
  tokenId: 'aim-report-on-submit',
  label: 'AIM: report rendered on submission',
  role: 'leader',
  actorType: 'agent',
  organisationId,
});

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

  /**
   * The PDF report, named after the organisation and the day (docs/reports.md); it is
   * recorded only once it has rendered. With a store (issue 21) the stored report of this
   * submission and cohort is served as it is, however old its figures (`current` says);
   * none stored yet (the stream has not reached it): it is rendered now and stored.
   */
  async pdf(principal: Principal, assessmentId: string, renderer: ReportRenderer, cohort: ReportCohort = {}): Promise<ReportDownload> {
    return this.download(principal, assessmentId, renderer, cohort, false);
  }

  /** A fresh report of the figures released now: rendered, stored as the current one and returned (the leader's "refresh"). */
  async refresh(principal: Principal, assessmentId: string, renderer: ReportRenderer, cohort: ReportCohort = {}): Promise<ReportDownload> {
    return this.download(principal, assessmentId, renderer, cohort, true);
  }

  /**
   * Renders and stores the reports of a submission as a leader will download them (with the
   * plan), unless they are stored already: the report function calls it off the DynamoDB
   * stream. Two cohorts: the organisation's own industry, which the web app's results page
   * opens with (web/src/PeerComparison.tsx), and every organisation, the API's default. An
   * assessment gone or no longer submitted is skipped.
   */
  async renderSubmitted(organisationId: string, assessmentId: string, renderer: ReportRenderer): Promise<'rendered' | 'stored' | 'skipped'> {
    const principal = submissionRenderer(organisationId);
    const [assessment, organisation] = await Promise.all([
      this.deps.assessments.get(organisationId, assessmentId),
      this.deps.organisations.get(organisationId),
    ]);
    if (!assessment || !isSubmitted(assessment)) return 'skipped';
    const industry = Industry.safeParse(organisation?.industry);
    const cohorts: ReportCohort[] = industry.success ? [{ industry: industry.data }, {}] : [{}];
    let rendered = false;
    for (const cohort of cohorts) rendered = (await this.download(principal, assessmentId, renderer, cohort, false, assessment)).rendered || rendered;
    return rendered ? 'rendered' : 'stored';
  }

  private async download(
    principal: Principal,
    assessmentId: string,
    renderer: ReportRenderer,
    cohort: ReportCohort,
    fresh: boolean,
    known?: Assessment,
  ): Promise<ReportDownload> {
    const files = this.deps.files;
    if (!files) {
      const { model, record } = await this.build(principal, assessmentId, 'pdf', cohort);
      const pdf = await renderer.render(model);
      await this.record(principal, record);
      const asOf = model.generatedAt.slice(0, 10);
      const filename = reportFileName(model.cover.organisation.name, model.generatedAt);
      return {
        filename,
        pdf,
        reportId: model.reportId,
        sha256: model.provenance.sha256,
        generatedAt: model.generatedAt,
        asOf,
        currentRelease: asOf,
        current: true,
        rendered: true,
      };
    }
    // The same checks as a render: the operation (benchmark figures included), the organisation, a submitted assessment.
    authorizeAssessment(principal, 'assessments.report', assessmentId);
    authorizeAssessment(principal, 'assessments.benchmark', assessmentId);
    const organisationId = organisationOf(principal);
    const assessment = known ?? (await this.deps.assessments.get(organisationId, assessmentId));
    if (!assessment) throw notFound('assessment');
    if (!isSubmitted(assessment)) throw new DomainError('assessment_not_submitted', 'reports are made of submitted assessments; submit this one first');
    const key: StoredReportKey = {
      organisationId,
      assessmentId,
      variant: variantOf({ submittedAt: assessment.submittedAt, cohort, plan: mayReadPlan(principal) }),
    };
    // A chosen quarter's release never changes; otherwise the release of the current period.
    const currentRelease = cohort.period ?? this.currentRelease();
    const served = (stored: StoredReport, rendered: boolean): ReportDownload => ({
      ...stored.meta,
      pdf: stored.pdf,
      currentRelease,
      current: stored.meta.asOf === currentRelease,
      rendered,
    });
    // The stored report and what the report would print now, read at the same time.
    const [current, state] = await Promise.all([files.get(key), this.reportState(principal, assessment)]);
    // Served as it is unless the plan, targets, profile or submissions it prints have changed since.
    if (!fresh && current && current.meta.state === state) return served(current, false);
    const reportId = storedReportId(key, currentRelease, state);
    // The current report is already of this release and state: it is the fresh one (one report per submission, variant, release and state).
    if (fresh && current?.meta.reportId === reportId) return served(current, false);
    const { model, record } = await this.build(principal, assessmentId, 'pdf', cohort, { reportId, assessment });
    const report = await this.renderStored(model, renderer, currentRelease, state);
    let winner = report;
    try {
      await this.record(principal, record);
    } catch (error) {
      // Rendered twice at once (the stream and a download): the first record wins, and its time is the report's.
      const existing = await this.deps.reports.get(organisationId, reportId);
      if (!existing) throw error;
      const stored = await files.get(key);
      if (stored?.meta.reportId === reportId) return served(stored, false);
      winner = await this.renderStored({ ...model, generatedAt: existing.generatedAt }, renderer, currentRelease, state);
    }
    await files.put(key, winner);
    return served(winner, true);
  }

  /**
   * A digest of what a report prints besides the submission and its cohort, read as `build`
   * reads it: the organisation's profile, the submissions of the same questionnaire (the
   * history and "where the plan went"), the current targets and, for readers of the plan,
   * the plan. A stored report whose state differs is not served: a new one is rendered.
   */
  private async reportState(principal: Principal, assessment: Assessment): Promise<string> {
    const organisationId = assessment.organisationId;
    const [organisation, all, targets, plan] = await Promise.all([
      this.deps.organisations.get(organisationId),
      this.deps.assessments.list(organisationId),
      this.deps.targets?.current(organisationId, assessment.questionnaireId),
      mayReadPlan(principal) ? this.deps.plans?.get(organisationId, assessment.questionnaireId, assessment.scopeId) : undefined,
    ]);
    const submissions = all
      .filter((a) => a.questionnaireId === assessment.questionnaireId)
      .filter(isSubmitted)
      .map((a) => [a.id, a.submittedAt, a.version]);
    const profile = organisation
      ? { name: organisation.name, industry: organisation.industry, sizeBand: organisation.sizeBand, region: organisation.region }
      : null;
    return sha256Hex(canonicalJson({ organisation: profile, submissions, targets: targets ?? null, plan: plan ?? null }));
  }

  private currentRelease(): string {
    return this.deps.currentRelease?.() ?? this.deps.clock.now().toISOString().slice(0, 10);
  }

  private async renderStored(model: ReportModel, renderer: ReportRenderer, asOf: string, state: string): Promise<StoredReport> {
    const pdf = await renderer.render(model);
    return {
      pdf,
      meta: {
        reportId: model.reportId,
        sha256: model.provenance.sha256,
        generatedAt: model.generatedAt,
        asOf,
        filename: reportFileName(model.cover.organisation.name, model.generatedAt),
        state,
      },
    };
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

  private async build(
    principal: Principal,
    assessmentId: string,
    format: ReportRecord['format'],
    cohort: ReportCohort,
    given: { reportId?: string; assessment?: Assessment } = {},
  ) {
    authorizeAssessment(principal, 'assessments.report', assessmentId);
    const organisationId = organisationOf(principal);
    const assessment = given.assessment ?? (await this.deps.assessments.get(organisationId, assessmentId));
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
    const reportId = given.reportId ?? this.deps.ids.id();
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
