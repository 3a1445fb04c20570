/** The maturity report: a pure model built from stored data, laid out by a renderer port. */
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import { buildReportModel, type ReportModel } from '../core/report-model';
import { answersOf } from './assessments';
import type { BenchmarkService } from './benchmarks';
import type { AssessmentStore, Clock, IdSource, OrganisationStore } from './ports';

export interface ReportRenderer {
  render(model: ReportModel): Promise<Uint8Array>;
}

export interface ReportServiceDeps {
  assessments: AssessmentStore;
  organisations: OrganisationStore;
  catalogue: Catalogue;
  benchmarks: BenchmarkService;
  renderer: ReportRenderer;
  clock: Clock;
  ids: IdSource;
}

export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  async model(principal: Principal, assessmentId: string): Promise<ReportModel> {
    authorize(principal, 'assessments.report');
    const organisationId = organisationOf(principal);
    const assessment = await this.deps.assessments.get(organisationId, assessmentId);
    if (!assessment) throw notFound('assessment');
    if (assessment.status !== 'submitted' || !assessment.scores || !assessment.submittedAt)
      throw new DomainError('assessment_not_submitted', 'reports are made of submitted assessments; submit this one first');
    const organisation = await this.deps.organisations.get(organisationId);
    if (!organisation) throw notFound('organisation');
    // Compared with every organisation on the same questionnaire: the largest cohort.
    const position = await this.deps.benchmarks.forAssessment(principal, assessmentId, {});
    return buildReportModel({
      reportId: this.deps.ids.id(),
      generatedAt: this.deps.clock.now().toISOString(),
      organisation,
      questionnaire: this.deps.catalogue.get(assessment.questionnaireId, assessment.version),
      assessment: { id: assessment.id, submittedAt: assessment.submittedAt, answers: answersOf(assessment), scores: assessment.scores },
      benchmark: {
        cohort: position.cohort,
        suppressed: position.suppressed,
        n: position.n,
        overallPercentile: position.overall?.percentile,
        domains: position.domains,
      },
    });
  }

  async pdf(principal: Principal, assessmentId: string): Promise<{ filename: string; pdf: Uint8Array }> {
    const model = await this.model(principal, assessmentId);
    return { filename: `aim-report-${assessmentId}.pdf`, pdf: await this.deps.renderer.render(model) };
  }
}
