/**
 * The improvement plan (issue 19): the recommended controls of a submitted assessment as
 * items people own, date and work through. One plan per organisation, questionnaire and scope
 * (or the whole organisation); it carries forward from submission to submission (docs/plan.md).
 */
import { z } from 'zod';
import { DisplayName, displayTextChecks } from '../core/display-text';
import { ReportPlanStatusSchema, ReportPlanSummarySchema, RoadmapDaysSchema } from '../core/report-model/schema';
import { ActorSchema } from './identity';

export const PLAN_NOTES_MAX = 2000;
export const PLAN_REASON_MAX = 500;

/**
 * What people set: planned, in progress, done, or won't do (with a reason). `achieved` is
 * set only by carrying the plan forward: a later submission no longer calls for the control.
 */
export const PlanItemStatus = ReportPlanStatusSchema.describe(
  "planned, in_progress, done, wont_do (with a reason) are set by people; achieved is set when a later submission's answers meet the level the control was recommended below",
).meta({ id: 'PlanItemStatus' });

/** The statuses a person may set (achieved is the plan's own finding). */
export const SettablePlanItemStatus = ReportPlanStatusSchema.exclude(['achieved']).meta({ id: 'SettablePlanItemStatus' });

export const PlanOwnerSchema = z
  .object({
    type: z.enum(['person', 'agent']).describe('a person who is a member of the organisation, or one of its registered agents'),
    id: z.string().describe("the person's id (as in Member.person.id) or the agent's id (as in Agent.id)"),
    name: z.string().describe("the person's display name or the agent's label, as when assigned"),
  })
  .meta({ id: 'PlanOwner' });

export const PlanItemSchema = z
  .object({
    controlId: z.string().describe('the recommended control this item puts in place; one item per control'),
    title: z.string().describe("the control's title in the questionnaire"),
    action: z.string().describe('what to do, in the questionnaire’s words'),
    frameworks: z.array(z.string()).describe('the framework identifiers the control maps to'),
    domains: z.array(z.object({ id: z.string(), title: z.string() })).describe('the domains the control moves'),
    questionIds: z.array(z.string()).describe('the questions that call for it (answers below the level it is recommended below)'),
    expectedGain: z.number().describe('the overall score points the control is expected to add, from the submission the plan was last carried forward from'),
    prerequisites: z.array(z.string()).describe('control ids of plan items this one builds on'),
    window: RoadmapDaysSchema.describe('the roadmap window the submission the plan was last carried forward from puts the control in'),
    owner: PlanOwnerSchema.nullable().describe('who owns the item; null until assigned'),
    dueDate: z.iso.date().nullable().describe('when it is due (YYYY-MM-DD); null until set'),
    status: PlanItemStatus,
    wontDoReason: z.string().nullable().describe('why it will not be done; set exactly when the status is wont_do'),
    notes: z.string().nullable().describe('free notes; null when none'),
    stillRecommended: z
      .boolean()
      .describe(
        'whether the submission the plan was last carried forward from still calls for it (a done item that is still recommended has not moved the answers yet)',
      ),
    recommendedIn: z.string().describe('the submitted assessment that first recommended it'),
    achievedIn: z.string().nullable().describe('the submitted assessment whose answers met the level (status achieved); null otherwise'),
    completedAt: z.string().nullable().describe('when the item was closed: marked done, or found achieved (the submission time); null while open or won’t do'),
    revision: z.number().int().min(1).describe('the item’s revision: one more with every change; an edit based on an older one conflicts'),
    createdAt: z.string(),
    updatedAt: z.string(),
    updatedBy: ActorSchema.describe('who changed it last (the plan itself when carried forward)'),
  })
  .meta({ id: 'PlanItem' });

/** The report's counts (core/report-model), counted on the day of the request. */
export const PlanSummarySchema = ReportPlanSummarySchema.extend({
  overdue: z.number().int().describe('open items whose due date is before today (UTC)'),
})
  .describe('how many items the plan holds per status, counted today (UTC)')
  .meta({ id: 'PlanSummary' });

export const PlanSchema = z
  .object({
    questionnaireId: z.string(),
    scopeId: z.string().nullable().describe("the scope whose plan this is (its assessments' plan); null for the whole organisation's"),
    basedOn: z
      .object({ assessmentId: z.string(), version: z.string(), submittedAt: z.string() })
      .describe('the submitted assessment the plan was last carried forward from'),
    createdAt: z.string(),
    updatedAt: z.string(),
    items: z.array(PlanItemSchema).describe('open items first in roadmap order, then done, achieved and won’t do'),
    summary: PlanSummarySchema,
  })
  .meta({ id: 'Plan' });

export const CarryPlanForwardRequest = z
  .strictObject({
    assessmentId: z
      .string()
      .min(1)
      .max(80)
      .describe(
        'a submitted assessment of the questionnaire: the first creates the plan from its recommended controls; a later one keeps open items, marks achieved the ones it no longer calls for and adds the newly recommended ones',
      ),
  })
  .meta({ id: 'CarryPlanForwardRequest' });

const Notes = z
  .string()
  .max(PLAN_NOTES_MAX)
  .check(...displayTextChecks);

export const UpdatePlanItemRequest = z
  .strictObject({
    revision: z.number().int().min(1).describe('the item revision the caller last saw; a change since answers 409 `revision_conflict` with the current item'),
    owner: z
      .strictObject({ type: z.enum(['person', 'agent']), id: z.string().min(1).max(120) })
      .nullable()
      .optional()
      .describe('a member of the organisation (person) or one of its agents; null to unassign (owners and leaders only)'),
    dueDate: z.iso.date().nullable().optional().describe('YYYY-MM-DD, or null to clear (owners and leaders only)'),
    status: SettablePlanItemStatus.optional().describe('the item’s owner may set it too (a respondent only on items they own)'),
    wontDoReason: DisplayName(PLAN_REASON_MAX).nullable().optional().describe('required with wont_do, refused with any other status'),
    notes: Notes.nullable().optional().describe(`at most ${PLAN_NOTES_MAX} characters; null to clear`),
  })
  .refine((r) => Object.keys(r).some((k) => k !== 'revision'), 'nothing to change: send at least one of owner, dueDate, status, wontDoReason, notes')
  .meta({ id: 'UpdatePlanItemRequest' });

export const AssigneeSchema = PlanOwnerSchema.extend({
  role: z.string().nullable().describe("the person's role in the organisation; null for an agent"),
}).meta({ id: 'Assignee' });

export const AssigneeListSchema = z.object({ assignees: z.array(AssigneeSchema) }).meta({ id: 'AssigneeList' });

export type PlanItemStatus = z.infer<typeof PlanItemStatus>;
export type PlanOwner = z.infer<typeof PlanOwnerSchema>;
export type PlanItem = z.infer<typeof PlanItemSchema>;
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
export type Plan = z.infer<typeof PlanSchema>;
export type CarryPlanForwardRequest = z.infer<typeof CarryPlanForwardRequest>;
export type UpdatePlanItemRequest = z.infer<typeof UpdatePlanItemRequest>;
export type Assignee = z.infer<typeof AssigneeSchema>;
