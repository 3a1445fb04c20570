/** Peer benchmarks: cohort statistics for analysts, an organisation's position for its leaders. */
import { z } from 'zod';
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { cohortStatistics, positionInCohort, type CohortFilter } from '../core/benchmark/cohort';
import { DomainError, notFound } from '../core/errors';
import { Identifier } from '../core/questionnaire/model';
import { Industry, Region, SizeBand } from '../core/taxonomy';
import type { AssessmentStore, BenchmarkStore } from './ports';

export const CohortQuery = z.strictObject({
  industry: Industry.optional(),
  sizeBand: SizeBand.optional(),
  region: Region.optional(),
});
export const AnalystCohortQuery = CohortQuery.extend({ questionnaireId: Identifier });

export interface BenchmarkServiceDeps {
  benchmarks: BenchmarkStore;
  assessments: AssessmentStore;
  /** Cohorts with fewer organisations than this are suppressed. */
  kAnonymity: number;
}

export class BenchmarkService {
  constructor(private readonly deps: BenchmarkServiceDeps) {}

  /** Real organisations only: synthetic demo data never mixes in unasked. */
  private async members(questionnaireId: string) {
    return (await this.deps.benchmarks.members(questionnaireId)).filter((m) => !m.synthetic);
  }

  async cohort(principal: Principal, query: z.infer<typeof AnalystCohortQuery>) {
    authorize(principal, 'benchmarks.read');
    return cohortStatistics(await this.members(query.questionnaireId), query, this.deps.kAnonymity);
  }

  async forAssessment(principal: Principal, assessmentId: string, query: z.infer<typeof CohortQuery>) {
    authorize(principal, 'assessments.benchmark');
    const assessment = await this.deps.assessments.get(organisationOf(principal), assessmentId);
    if (!assessment) throw notFound('assessment');
    if (assessment.status !== 'submitted' || !assessment.scores)
      throw new DomainError('assessment_not_submitted', 'benchmarks compare submitted assessments; submit this one first');
    const filter: CohortFilter = { questionnaireId: assessment.questionnaireId, ...query };
    const domains: Record<string, number> = {};
    for (const [id, d] of Object.entries(assessment.scores.domains)) if (d.counted > 0) domains[id] = d.score;
    return positionInCohort(await this.members(assessment.questionnaireId), filter, { overall: assessment.scores.overall.score, domains }, this.deps.kAnonymity);
  }
}
