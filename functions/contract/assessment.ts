/** An assessment: a questionnaire version being answered, or submitted with its scores. */
import { z } from 'zod';
import { Identifier, SemanticVersion } from '../core/questionnaire/model';
import { AnswerSchema, AnswerValue, answerFields, storedAssuranceFields } from '../core/questionnaire/answers';
import { ScoresSchema } from '../core/scoring/scores';
import { ActorSchema } from './identity';

export const ScoresContract = ScoresSchema.meta({ id: 'Scores' });

/** Who last changed an answer, when, and at which revision of the assessment. */
const changeStamp = { updatedBy: ActorSchema, updatedAt: z.string(), revision: z.number().int() };

export const StoredAnswerSchema = z.object({ ...answerFields, ...storedAssuranceFields, ...changeStamp }).meta({ id: 'StoredAnswer' });

export const AnswerClearingSchema = z.object(changeStamp);

export const AssessmentStatus = z.enum(['draft', 'submitted']);

export const EvidenceFlagSchema = z
  .object({
    questionId: z.string(),
    importId: z.string().describe('the latest import proposing an answer to the question'),
    proposed: z.string().describe('the option that import proposed'),
    consistent: z.array(z.string()).describe('the options its facts leave open'),
    answered: AnswerValue.nullable().describe(
      "the answer given (null: marked not applicable); the respondent's reason, if any, is the answer's `assuranceReason`",
    ),
  })
  .meta({ id: 'EvidenceFlag' });

export const AssessmentSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    questionnaireId: z.string(),
    version: z.string(),
    status: AssessmentStatus,
    revision: z.number().int(),
    answers: z.record(z.string(), StoredAnswerSchema),
    createdAt: z.string(),
    createdBy: ActorSchema,
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    submittedBy: ActorSchema.optional().describe('who submitted it (absent on drafts and on submissions made before this was recorded)'),
    scores: ScoresContract.optional(),
    reopenedFrom: z.string().optional().describe('the submitted assessment this draft copies its answers from'),
    scopeId: z
      .string()
      .optional()
      .describe('the scope (a business unit, platform or workload) it assesses; absent for the whole organisation, the only kind that counts in benchmarks'),
    evidenceFlags: z
      .array(EvidenceFlagSchema)
      .optional()
      .describe('set at submit: the answers that contradict imported evidence (flagged, not refused; docs/evidence.md, "Assurance")'),
    clearedAnswers: z
      .record(z.string(), AnswerClearingSchema)
      .optional()
      .describe('answers cleared in this draft: who cleared them and at which revision, so that clearing conflicts like any change'),
  })
  .meta({ id: 'Assessment' });

export const SavedAnswersSchema = AssessmentSchema.extend({
  cleared: z.array(z.string()).describe('answers this save cleared because their questions are no longer asked (a follow-up whose showIf the save made unmet)'),
}).meta({ id: 'SavedAnswers' });

export const AssessmentListSchema = z.object({ assessments: z.array(AssessmentSchema) }).meta({ id: 'AssessmentList' });

export type StoredAnswer = z.infer<typeof StoredAnswerSchema>;
export type AnswerClearing = z.infer<typeof AnswerClearingSchema>;
export type Assessment = z.infer<typeof AssessmentSchema>;
export type SavedAnswers = z.infer<typeof SavedAnswersSchema>;

/** The immutable snapshot a submission leaves behind; it streams to the aggregator. */
export const SubmissionSchema = z
  .object({
    assessmentId: z.string(),
    organisationId: z.string(),
    questionnaireId: z.string(),
    version: z.string(),
    industry: z.string(),
    sizeBand: z.string(),
    region: z.string(),
    synthetic: z.boolean(),
    contributesToBenchmarks: z.boolean(),
    submittedAt: z.string(),
    scores: ScoresContract,
  })
  .meta({ id: 'Submission' });

export type Submission = z.infer<typeof SubmissionSchema>;

export const CreateAssessmentRequest = z.strictObject({
  questionnaireId: Identifier,
  version: SemanticVersion,
  scopeId: z
    .string()
    .min(1)
    .max(80)
    .optional()
    .describe("one of the organisation's scopes (GET /v1/scopes); left out, the whole organisation (a respondent restricted to a scope gets theirs)"),
});

export const SaveAnswersRequest = z.strictObject({
  revision: z.number().int().min(0),
  answers: z
    .record(Identifier, AnswerSchema.nullable())
    .refine((answers) => Object.keys(answers).length > 0, 'at least one answer')
    .refine((answers) => Object.keys(answers).length <= 200, 'at most 200 answers per save'),
});

export type CreateAssessmentRequest = z.infer<typeof CreateAssessmentRequest>;

export type SaveAnswersRequest = z.infer<typeof SaveAnswersRequest>;
