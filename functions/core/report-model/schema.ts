/**
 * The report model's shape: zod schemas from which its types are inferred and the API
 * document's `ReportModel` is generated, so the JSON a client reads and the model the
 * PDF is laid out from cannot differ.
 */
import { z } from 'zod';
import { FigureSchema, ReleaseInfoSchema } from '../release/figures';

const level = z.number().int().min(1).max(5);
const score = z.number().min(0).max(5);
const standing = z
  .enum(['below', 'above', 'indistinguishable'])
  .describe("'below' / 'above': the score lies below the low end / above the high end of the median's interval; 'indistinguishable': the interval holds it");

export const LevelNameSchema = z.enum(['Ad hoc', 'Emerging', 'Defined', 'Managed', 'Adaptive']);

export const CohortDomainMedianSchema = z.object({ p50: FigureSchema });

export const DomainCohortSchema = z
  .object({ p50: FigureSchema, standing })
  .describe("the organisation's domain score against the cohort's median of that domain");

export const ReportOrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  industry: z.string(),
  sizeBand: z.string(),
  region: z.string(),
});

export const CohortSummarySchema = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('unavailable') }),
    z.object({ status: z.literal('suppressed'), description: z.string(), reason: z.string().optional() }),
    z.object({
      status: z.literal('available'),
      description: z.string(),
      n: FigureSchema.optional(),
      release: ReleaseInfoSchema.optional().describe('absent when the figures are exact (synthetic demo data)'),
      synthetic: z.boolean().optional(),
      versions: z.string().optional().describe('which questionnaire versions the figures pool, per domain where a domain changed meaning'),
      reference: z
        .object({ explanation: z.string(), realCohort: z.string() })
        .optional()
        .describe("present when the figures are the reference population's (the real cohort shows none yet): what it is, and the real cohort's status"),
    }),
  ])
  .describe('how the organisation compares, in one of three states a renderer must tell apart');

export const CohortChoiceSchema = z
  .object({
    industry: z.string().optional(),
    sizeBand: z.string().optional(),
    region: z.string().optional(),
    period: z.string().optional(),
    population: z.string().optional(),
    description: z.string().describe('the chosen cohort in words: "Technology · all sizes · Europe, figures of 2026-Q3"'),
  })
  .describe('the cohort the report was asked to compare with (the query of report.json or report.pdf); absent dimensions mean any, {} is every organisation');

export const ReportCoverSchema = z.object({
  organisation: ReportOrganisationSchema.extend({ industryLabel: z.string(), sizeBandLabel: z.string(), regionLabel: z.string() }),
  questionnaire: z.object({ id: z.string(), title: z.string(), version: z.string() }),
  assessmentId: z.string(),
  submittedAt: z.string(),
  generatedAt: z.string(),
  reportId: z.string(),
  cohort: CohortSummarySchema,
  comparedWith: CohortChoiceSchema,
});

export const HeldByRowSchema = z
  .object({
    rule: z
      .enum(['cap', 'weakest-link'])
      .describe(
        "'cap': an answer's cap; 'weakest-link' (method 2): at most one level above the weakest counted answer, or for the overall level the weakest domain",
      ),
    questionId: z.string().optional().describe('the answer that holds the level down; absent when the overall level is held by a domain'),
    prompt: z.string().optional().describe("that question's prompt, as the report names questions"),
    domainId: z.string().optional().describe('for the overall level: the domain whose level or cap holds it down'),
    domainTitle: z.string().optional(),
    unheldLevel: level.describe('the level the score alone would give'),
  })
  .describe('why a level is below the one its score alone gives (docs/scoring.md); present only then');

export const OverallResultSchema = z.object({
  score,
  level,
  levelName: LevelNameSchema,
  method: z.union([z.literal(1), z.literal(2)]).describe('the scoring method that produced the scores (docs/scoring.md)'),
  heldBy: HeldByRowSchema.optional(),
  percentile: FigureSchema.optional().describe('percentile rank within the cohort (0–100), only when the cohort may be shown'),
  cohort: z
    .object({ p25: FigureSchema, p50: FigureSchema, p75: FigureSchema, standing })
    .optional()
    .describe("the cohort's quartiles of the overall score, only when the cohort may be shown"),
});

export const CapRowSchema = z.object({ questionId: z.string(), prompt: z.string(), maxLevel: level, reason: z.string() });

export const HoldingBackAnswerSchema = z
  .object({
    questionId: z.string(),
    prompt: z.string(),
    answer: z.string().describe('the answer in words: option labels, a number with its unit, or "Not answered"'),
    level: level.optional().describe('the level the answer shows; absent when unanswered (it then counts as 0)'),
    capLevel: level.optional().describe('set when this answer triggered a cap: the level the domain is held at'),
    essentialMissing: z
      .object({
        unheldLevel: level.describe('the level of the highest option ticked'),
        labels: z.array(z.string()).min(1).describe('the essential options not ticked that hold the answer at `level`'),
      })
      .optional()
      .describe('multi-select: set when an essential action not ticked holds the answer below its highest tick (docs/scoring.md)'),
  })
  .describe('an answer that keeps its domain from reaching the next level');

export const DomainRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  score,
  level,
  levelName: LevelNameSchema,
  levelDescription: z.string(),
  heldBy: HeldByRowSchema.optional(),
  nextLevel: level.optional().describe('the level above the current one; absent at level 5'),
  counted: z.number().int(),
  answered: z.number().int(),
  caps: z.array(CapRowSchema),
  cohort: DomainCohortSchema.optional(),
  holdingBack: z.array(HoldingBackAnswerSchema),
  nextLevelDescription: z.string().optional().describe('what the next level means in this domain; absent at level 5'),
  controlIds: z.array(z.string()).describe("ids of the recommended controls this domain's answers call for, in report order"),
});

export const RecommendationTriggerSchema = z.object({
  questionId: z.string(),
  prompt: z.string(),
  domainId: z.string(),
  level: level.optional().describe("the answer's level; absent when unanswered (counted as 0)"),
  belowLevel: z.number().int(),
});

export const RoadmapDaysSchema = z
  .union([z.literal(30), z.literal(60), z.literal(90), z.literal('later')])
  .describe("the window a control is planned in: the first 30 days, days 31–60, days 61–90, or 'later' (after 90 days)");

export const RecommendedControlSchema = z.object({
  id: z.string(),
  title: z.string(),
  action: z.string(),
  effort: z.enum(['low', 'medium', 'high']),
  impact: z.enum(['low', 'medium', 'high']),
  frameworks: z.array(z.string()).describe('framework labels such as "NIST SP 800-53 Rev.5 AC-6(9)"'),
  domains: z.array(z.object({ id: z.string(), title: z.string(), score })).describe('domains whose answers triggered it, lowest score first'),
  triggeredBy: z.array(RecommendationTriggerSchema),
  prerequisites: z
    .array(z.string())
    .describe('ids into recommendations of the controls this one builds on; the roadmap places each in an earlier window (met prerequisites are left out)'),
  scoreGain: z
    .number()
    .describe(
      'overall score points gained if every triggering answer rose one level (to the next level its options offer, at most belowLevel) and its caps were lifted, other answers unchanged',
    ),
  gainPerEffort: z.number().describe('scoreGain divided by the effort in points (low 1, medium 2, high 3)'),
  window: RoadmapDaysSchema.describe('the roadmap window the control is planned in'),
  stage: z
    .enum(['foundational', 'advanced'])
    .optional()
    .describe('for a control split into steps: the first step (foundational) or the one that builds on it (advanced); absent otherwise'),
});

export const RoadmapWindowSchema = z.object({
  days: RoadmapDaysSchema,
  rule: z.string().describe('which controls fall here, in words'),
  capacity: z.number().int().optional().describe("the window's capacity in effort points; absent for 'later', which has none"),
  effortPoints: z.number().int().describe("the effort points of the window's controls (low 1, medium 2, high 3)"),
  controlIds: z.array(z.string()).describe('ids into recommendations, in the order they were placed: prerequisites first, then the highest gain per effort'),
});

export const FocusDomainSchema = z.object({
  id: z.string(),
  title: z.string(),
  score,
  median: FigureSchema.optional().describe('the cohort median, when the focus is measured against it'),
  gap: z.number().optional().describe('median minus score, when measured against the median'),
  standing: standing.optional(),
});

export const ExecutiveSummarySchema = z.object({
  focusBasis: z
    .enum(['below-median', 'lowest'])
    .describe("'below-median': the three domains furthest below the cohort median; 'lowest': no cohort, the three lowest scores"),
  focusDomains: z.array(FocusDomainSchema),
  quickWinIds: z
    .array(z.string())
    .describe("the first three controls of the roadmap's 30-day window, in its order, with a score gain above 0: ready now, highest gain per effort first"),
});

export const TrendPointSchema = z.object({
  assessmentId: z.string(),
  version: z.string(),
  submittedAt: z.string(),
  current: z.boolean().describe('true for the submission this report is about'),
  overall: score,
  domains: z.record(z.string(), score).describe('domain scores by domain id; a domain missing in that version is absent'),
});

export const TrendSchema = z.object({
  points: z.array(TrendPointSchema).describe('oldest first, ending with the current submission'),
  omitted: z.number().int().describe('earlier submissions left out to keep the table readable (the oldest ones)'),
  cohortMedian: z.object({ overall: FigureSchema.optional(), domains: z.record(z.string(), FigureSchema) }).optional(),
});

export const ProvenanceInputSchema = z.object({
  sha256: z.string().describe('SHA-256 over the answers hash, the questionnaire id and version, and the benchmark hash'),
  answersSha256: z.string(),
  benchmarkSha256: z.string(),
  kAnonymity: z.number().int().describe('the k of the cohort rule: cohorts with fewer organisations are never shown'),
  minimumCohort: z.number().int().describe('real cohorts whose released (noisy) count is below this are withheld'),
  syntheticOrganisation: z.boolean().describe('whether the organisation itself is marked synthetic (demo data)'),
});

export const ProvenanceSchema = ProvenanceInputSchema.extend({
  questionnaire: z.object({ id: z.string(), version: z.string() }),
  syntheticData: z.object({
    organisation: z.boolean(),
    cohort: z.boolean().optional(),
    /** The synthetic cohort is the reference population (calibrated to published surveys), not seeded demo data. */
    reference: z.boolean().optional(),
  }),
  method: z.array(z.string()).describe('how the figures are computed, in sentences'),
});

export const AppendixQuestionSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  shown: z.boolean().describe('false for a follow-up question that the answers did not open'),
  answer: z.string(),
  level: level.optional(),
  notApplicableReason: z.string().optional(),
  comment: z.string().optional(),
  evidence: z.array(z.string()),
  assurance: z
    .enum(['evidence', 'self-attested'])
    .optional()
    .describe('an answered question\'s assurance: evidence when an import\'s proposal was accepted, self-attested otherwise (docs/evidence.md, "Assurance")'),
  evidenceStatement: z.string().optional().describe('what the import measured, with its file, date and short SHA-256 (evidence-backed answers)'),
  assuranceReason: z.string().optional().describe("the respondent's reason for answering otherwise than imported evidence"),
  contradictsEvidence: z
    .object({ proposed: z.string().describe("the answer the import proposed, in the option's words") })
    .optional()
    .describe('set when the submit flagged this answer as outside what the latest import leaves open'),
});

export const AppendixDomainSchema = z.object({ id: z.string(), title: z.string(), questions: z.array(AppendixQuestionSchema) });

export const TargetGapSchema = z.object({
  target: level.describe('the level aimed for'),
  level: level.describe('the level this assessment reached'),
  levelsToGo: z.number().int().min(0).describe('target minus level, 0 when the target is met or passed'),
});

export const ReportTargetsSchema = z
  .object({
    revision: z.number().int().min(1).describe('the revision of the targets the report compares with'),
    targetDate: z.string().describe('the date the targets are to be met by (YYYY-MM-DD)'),
    overall: TargetGapSchema.nullable().describe('the overall level against its target; null when no overall target is set'),
    domains: z
      .array(TargetGapSchema.extend({ domainId: z.string(), title: z.string() }))
      .describe("each domain with a target that this assessment's version has, in questionnaire order"),
  })
  .describe("the organisation's current targets on this questionnaire against this assessment's levels (GET /v1/targets/{questionnaireId})");

export const ReportPlanStatusSchema = z
  .enum(['planned', 'in_progress', 'done', 'wont_do', 'achieved'])
  .describe("the plan item's status (PlanItemStatus): planned, in_progress, done, wont_do (with a reason), or achieved (a later submission met the level)");

export const ReportPlanSummarySchema = z
  .object({
    planned: z.number().int(),
    inProgress: z.number().int(),
    done: z.number().int(),
    wontDo: z.number().int(),
    achieved: z.number().int(),
    open: z.number().int().describe('planned plus in progress'),
    overdue: z.number().int().describe('open items whose due date is before the day the report was generated (UTC)'),
  })
  .describe('how many items the plan holds per status (the PlanSummary of GET /v1/plans/{questionnaireId}, counted on the day of the report)');

export const ReportPlanItemSchema = z.object({
  controlId: z.string(),
  title: z.string(),
  window: RoadmapDaysSchema,
  owner: z
    .object({ type: z.enum(['person', 'agent']), name: z.string() })
    .nullable()
    .describe('who owns the item (a person of the organisation or one of its agents, by name); null until assigned'),
  dueDate: z.string().nullable().describe('YYYY-MM-DD; null until set'),
  status: ReportPlanStatusSchema,
  wontDoReason: z.string().nullable().describe('why it will not be done; set exactly when the status is wont_do'),
  completedAt: z.string().nullable().describe('when it was marked done or found achieved; null otherwise'),
  stillRecommended: z.boolean().describe('whether the submission the plan follows still calls for the control'),
  expectedGain: z.number().describe('the overall score points the control is expected to add'),
  overdue: z.boolean().describe('open (planned or in progress) with a due date before the day the report was generated'),
});

export const ReportPlanSchema = z
  .object({
    basedOn: z.object({ assessmentId: z.string(), submittedAt: z.string() }).describe('the submission the plan follows: always this report’s assessment'),
    updatedAt: z.string().describe('when the plan last changed (an item edited or the plan carried forward)'),
    summary: ReportPlanSummarySchema,
    items: z.array(ReportPlanItemSchema).describe('in the plan’s order: open items first in roadmap order, then done, achieved and won’t do'),
  })
  .describe("the organisation's improvement plan on this questionnaire as it stands when the report is generated (docs/plan.md)");

export const ReportPlanElsewhereSchema = z
  .object({
    assessmentId: z.string(),
    submittedAt: z.string(),
    relation: z
      .enum(['later', 'earlier'])
      .describe("'later': the plan has moved on to a later submission; 'earlier': it has not been carried forward to this one yet"),
  })
  .describe('the submission the plan follows when it is not this report’s assessment');

const assuranceShare = {
  answered: z.number().int().min(0).describe('answered questions (a value or not applicable) among those asked'),
  evidenceBacked: z.number().int().min(0).describe('of those, answers that accept an import’s proposal'),
  share: z.number().min(0).max(1).nullable().describe('evidenceBacked / answered; null when nothing was answered'),
};

export const ReportAssuranceSchema = z
  .object({
    ...assuranceShare,
    domains: z.array(z.object({ domainId: z.string(), title: z.string(), ...assuranceShare })).describe('in questionnaire order'),
    flags: z
      .array(
        z.object({
          questionId: z.string(),
          domainId: z.string(),
          prompt: z.string(),
          proposed: z.string().describe("the answer the latest import proposed, in the option's words"),
          answered: z.string().describe('the answer given, in its words'),
          reason: z.string().nullable().describe("the respondent's reason, when given"),
        }),
      )
      .describe('answers the submit flagged as contradicting imported evidence, in questionnaire order'),
  })
  .describe('how many answers rest on imported evidence, overall and per domain, and which contradict it (docs/evidence.md, "Assurance")');

export const ReportModelSchema = z.object({
  reportId: z.string(),
  generatedAt: z.string(),
  cover: ReportCoverSchema,
  overall: OverallResultSchema,
  domains: z.array(DomainRowSchema).describe('in questionnaire order'),
  recommendations: z.array(RecommendedControlSchema).describe('lowest domains first, then the best impact for the effort'),
  summary: ExecutiveSummarySchema,
  roadmap: z.array(RoadmapWindowSchema).describe("the 30, 60 and 90-day windows, then 'later'"),
  trend: TrendSchema,
  provenance: ProvenanceSchema,
  appendix: z.array(AppendixDomainSchema).describe('every question with its answer, comment, evidence links and assurance'),
  assurance: ReportAssuranceSchema,
  targets: ReportTargetsSchema.nullable().describe("the gap to the organisation's targets; null when none are set on this questionnaire"),
  plan: ReportPlanSchema.nullable().describe(
    'the improvement plan when it follows this assessment (the live plan when the report is generated, not covered by its digest); null when there is none, it follows another submission, or the caller may not read it',
  ),
  planElsewhere: ReportPlanElsewhereSchema.nullable().describe(
    'when the plan follows another submission of the questionnaire (plan is then null): which; null otherwise',
  ),
});
