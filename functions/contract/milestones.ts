/**
 * Milestones and progress (issue 19): a submitted assessment saved under a name, any two
 * submissions compared side by side, and the organisation's progress against its targets
 * and its plan over time (docs/plan.md).
 */
import { z } from 'zod';
import { DisplayName } from '../core/display-text';
import { FigureSchema } from '../core/release/figures';
import { ActorSchema } from './identity';
import { PlanItemStatus, PlanOwnerSchema } from './plan';
import { TargetsSchema } from './targets';

export const MILESTONE_NAME_MAX = 120;

const ScoreLevel = z.object({ score: z.number().min(0).max(5), level: z.number().int().min(1).max(5) });

export const MilestoneSchema = z
  .object({
    id: z.string(),
    name: z.string().describe('e.g. "Before the agent platform migration", "Q3 board review"'),
    assessmentId: z.string().describe('the submitted assessment it marks'),
    questionnaireId: z.string(),
    scopeId: z.string().nullable().describe("the scope of that assessment; null for the whole organisation's"),
    version: z.string(),
    submittedAt: z.string(),
    overall: ScoreLevel.describe('the overall score and level of that submission'),
    createdAt: z.string(),
    createdBy: ActorSchema,
  })
  .meta({ id: 'Milestone' });

export const CreateMilestoneRequest = z
  .strictObject({
    assessmentId: z.string().min(1).max(80).describe('a submitted assessment of the organisation'),
    name: DisplayName(MILESTONE_NAME_MAX).describe(`the milestone's name, 1 to ${MILESTONE_NAME_MAX} characters, unique in the organisation`),
  })
  .meta({ id: 'CreateMilestoneRequest' });

export const MilestoneListSchema = z.object({ milestones: z.array(MilestoneSchema).describe('newest submission first') }).meta({ id: 'MilestoneList' });

const ComparedSideSchema = z.object({
  assessmentId: z.string(),
  milestone: z.object({ id: z.string(), name: z.string() }).nullable().describe('the milestone saved on this submission, if any'),
  version: z.string(),
  submittedAt: z.string(),
  submittedBy: ActorSchema.nullable(),
});

const ScoreChangeSchema = z.object({
  from: ScoreLevel.nullable().describe('null when the domain is not in the earlier version'),
  to: ScoreLevel.nullable().describe('null when the domain is not in the later version'),
  change: z.number().nullable().describe('to.score − from.score, rounded to 2 places; null when either side is missing'),
});

export const ChangedAnswerSchema = z
  .object({
    questionId: z.string(),
    prompt: z.string(),
    domainId: z.string(),
    from: z.object({ text: z.string(), level: z.number().int().nullable() }).nullable().describe('the earlier answer in words; null when unanswered'),
    to: z.object({ text: z.string(), level: z.number().int().nullable() }).nullable().describe('the later answer in words; null when unanswered'),
    changedBy: ActorSchema.nullable().describe('who last changed the answer in the later submission; null when it was cleared without a record'),
    changedAt: z.string().nullable(),
  })
  .meta({ id: 'ChangedAnswer' });

export const CompletedPlanItemSchema = z
  .object({
    controlId: z.string(),
    title: z.string(),
    status: PlanItemStatus.describe('done or achieved'),
    completedAt: z.string(),
    owner: PlanOwnerSchema.nullable(),
  })
  .meta({ id: 'CompletedPlanItem' });

export const CohortMovementSchema = z
  .object({
    description: z.string().describe('the cohort in words, as the report names it'),
    from: z.object({ score: z.number(), median: FigureSchema, difference: z.number().describe('score − median, 2 places') }).nullable(),
    to: z.object({ score: z.number(), median: FigureSchema, difference: z.number().describe('score − median, 2 places') }).nullable(),
    movement: z
      .number()
      .nullable()
      .describe('to.difference − from.difference: how far the organisation moved against the median; null when either side has no median to show'),
  })
  .meta({ id: 'CohortMovement' });

export const ComparisonSchema = z
  .object({
    questionnaireId: z.string(),
    scopeId: z.string().nullable().describe("the scope both submissions belong to; null for the whole organisation's"),
    from: ComparedSideSchema.describe('the earlier submission'),
    to: ComparedSideSchema.describe('the later submission'),
    overall: ScoreChangeSchema,
    domains: z
      .array(ScoreChangeSchema.extend({ id: z.string(), title: z.string() }))
      .describe("in the later version's domain order, then domains only the earlier had"),
    changedAnswers: z.array(ChangedAnswerSchema).describe('questions whose answer differs, in questionnaire order'),
    completedPlanItems: z
      .array(CompletedPlanItemSchema)
      .describe("items of that scope's plan closed after the earlier submission and no later than the later one"),
    cohort: CohortMovementSchema.nullable().describe("the organisation's own cohort (industry, size, region); null when it may not be shown"),
  })
  .meta({ id: 'Comparison' });

export const ProgressPointSchema = z
  .object({
    assessmentId: z.string(),
    milestone: z.object({ id: z.string(), name: z.string() }).nullable(),
    submittedAt: z.string(),
    overall: ScoreLevel,
    domains: z.record(z.string(), ScoreLevel).describe('by domain id'),
  })
  .meta({ id: 'ProgressPoint' });

export const BurnDownPointSchema = z
  .object({
    date: z.iso.date(),
    due: z.number().int().describe('plan items due on or before this date (done, achieved or open; won’t do excluded)'),
    closed: z.number().int().describe('of all items, those done or achieved on or before this date'),
    open: z.number().int().describe('items neither closed nor won’t do at the end of this date'),
  })
  .meta({ id: 'BurnDownPoint' });

export const ProgressSchema = z
  .object({
    questionnaireId: z.string(),
    scopeId: z.string().nullable().describe("the scope shown; null for the whole organisation's assessments"),
    targets: TargetsSchema.nullable(),
    points: z.array(ProgressPointSchema).describe('every submission of the questionnaire in that scope, oldest first'),
    burnDown: z.array(BurnDownPointSchema).describe('one point per date on which an item was due or closed, and today; oldest first'),
    plan: z
      .object({ total: z.number().int(), closed: z.number().int(), open: z.number().int(), overdue: z.number().int(), wontDo: z.number().int() })
      .nullable()
      .describe("the totals of that scope's plan; null when no plan exists"),
  })
  .meta({ id: 'Progress' });

export type Milestone = z.infer<typeof MilestoneSchema>;
export type CreateMilestoneRequest = z.infer<typeof CreateMilestoneRequest>;
export type MilestoneList = z.infer<typeof MilestoneListSchema>;
export type ChangedAnswer = z.infer<typeof ChangedAnswerSchema>;
export type CompletedPlanItem = z.infer<typeof CompletedPlanItemSchema>;
export type CohortMovement = z.infer<typeof CohortMovementSchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;
export type ProgressPoint = z.infer<typeof ProgressPointSchema>;
export type BurnDownPoint = z.infer<typeof BurnDownPointSchema>;
export type Progress = z.infer<typeof ProgressSchema>;
