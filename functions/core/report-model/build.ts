/** Builds the report model from an assessment, its scores, its history and (optionally) its cohort. */
import { pooledVersionsNote } from '../benchmark/pooled-note';
import { visibleQuestionIds } from '../questionnaire/visibility';
import { shownName } from './shown-text';
import { appendix } from './appendix';
import { reportAssurance } from './assurance';
import { domainRows, figureOf, standingAgainst } from './domains';
import { heldByRow } from './held-by';
import { describeChoice, describeCohort, dimensionLabel, sizeBandLabel } from './labels';
import { levelName } from './levels';
import { provenance } from './provenance';
import { prerequisitesOf } from './prerequisites';
import { reportPlan } from './plan';
import { recommendControls } from './recommendations';
import { roadmap, windowOf } from './roadmap';
import { executiveSummary } from './summary';
import { targetGaps } from './targets';
import { trend } from './trend';
import type { CohortChoice, CohortSummary, RecommendedControl, ReportInput, ReportModel, RoadmapWindow } from './types';

function cohortSummary(benchmark: ReportInput['benchmark'], questionnaire: ReportInput['questionnaire']): CohortSummary {
  if (!benchmark) return { status: 'unavailable' };
  const description = describeCohort(benchmark.cohort);
  if (benchmark.suppressed) return { status: 'suppressed', description, ...(benchmark.reason ? { reason: benchmark.reason } : {}) };
  return {
    status: 'available',
    description,
    n: benchmark.n ? figureOf(benchmark.n) : undefined,
    ...(benchmark.release ? { release: { ...benchmark.release } } : {}),
    synthetic: benchmark.synthetic,
    ...(benchmark.reference ? { reference: { ...benchmark.reference } } : {}),
    ...(benchmark.pooledVersions
      ? { versions: pooledVersionsNote(benchmark.pooledVersions, (id) => questionnaire.domains.find((d) => d.id === id)?.title ?? id) }
      : {}),
  };
}

/** Named fields only, without empty ones: the query a caller passes may hold more. */
function cohortChoice(choice: ReportInput['cohortChoice']): CohortChoice {
  const out: Omit<CohortChoice, 'description'> = {};
  for (const key of ['industry', 'sizeBand', 'region', 'period', 'population'] as const) if (choice?.[key]) out[key] = choice[key];
  return { ...out, description: describeChoice(out) };
}

/** The controls in the roadmap's order: window by window, each window in the order it was filled. */
function ranked(controls: readonly RecommendedControl[], plan: readonly RoadmapWindow[]): RecommendedControl[] {
  const place = new Map(plan.flatMap((w) => w.controlIds).map((id, i) => [id, i]));
  return [...controls].sort((a, b) => (place.get(a.id) ?? Infinity) - (place.get(b.id) ?? Infinity));
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { organisation, questionnaire, assessment, benchmark } = input;
  const visible = visibleQuestionIds(questionnaire.questions, assessment.answers);
  // A suppressed cohort must not leak any figure, whatever the caller passed along with it.
  const shown = benchmark && !benchmark.suppressed ? benchmark : undefined;
  const domains = domainRows(questionnaire, assessment.answers, assessment.scores, visible, shown?.domains);
  const found = recommendControls(questionnaire, assessment.answers, visible, domains, prerequisitesOf(questionnaire));
  const plan = roadmap(found, input.roadmapCapacity);
  const planned = windowOf(plan);
  for (const c of found) c.window = planned.get(c.id) ?? 'later';
  // One ranking for every reader (docs/reports.md, "One ranking"): the roadmap read window by
  // window, so the list, the roadmap and the quick wins start with the same actions.
  const recommendations = ranked(found, plan);
  for (const domain of domains) domain.controlIds = recommendations.filter((c) => c.domains.some((d) => d.id === domain.id)).map((c) => c.id);
  const overall = assessment.scores.overall;
  const overallHeldBy = heldByRow(questionnaire, overall.heldBy);

  return {
    reportId: input.reportId,
    generatedAt: input.generatedAt,
    cover: {
      // Named fields only: callers pass their stored record, which may hold more than a report should show.
      organisation: {
        id: organisation.id,
        name: shownName(organisation.name),
        industry: organisation.industry,
        sizeBand: organisation.sizeBand,
        region: organisation.region,
        industryLabel: dimensionLabel(organisation.industry),
        sizeBandLabel: sizeBandLabel(organisation.sizeBand),
        regionLabel: dimensionLabel(organisation.region),
      },
      questionnaire: { id: questionnaire.id, title: questionnaire.title, version: questionnaire.version },
      assessmentId: assessment.id,
      submittedAt: assessment.submittedAt,
      generatedAt: input.generatedAt,
      reportId: input.reportId,
      cohort: cohortSummary(benchmark, questionnaire),
      comparedWith: cohortChoice(input.cohortChoice),
    },
    overall: {
      score: overall.score,
      level: overall.level,
      levelName: levelName(overall.level),
      // Scores stored before methods existed were scored with method 1.
      method: assessment.scores.method ?? 1,
      ...(overallHeldBy ? { heldBy: overallHeldBy } : {}),
      ...(shown?.overall
        ? {
            percentile: figureOf(shown.overall.percentile),
            cohort: {
              p25: figureOf(shown.overall.p25),
              p50: figureOf(shown.overall.p50),
              p75: figureOf(shown.overall.p75),
              standing: standingAgainst(overall.score, shown.overall.p50),
            },
          }
        : {}),
    },
    domains,
    recommendations,
    summary: executiveSummary(domains, recommendations, plan),
    roadmap: plan,
    trend: trend(input, shown),
    provenance: provenance(input),
    appendix: appendix(questionnaire, assessment.answers, visible, assessment.evidenceFlags),
    assurance: reportAssurance(questionnaire, assessment.answers, visible, assessment.evidenceFlags),
    targets: targetGaps(input.targets, overall, domains),
    ...reportPlan(input.plan, assessment, input.generatedAt),
  };
}
