/**
 * Response shapes for the OpenAPI document. Request shapes come from the services'
 * zod schemas; these describe what the API returns.
 */
import { z } from '@hono/zod-openapi';
import { CohortDescriptionSchema, CohortFiguresSchema, CohortPositionSchema as CohortPositionFiguresSchema } from '../core/release/figures';
import { ActorType, Role } from '../core/access/principal';
import { AnswerSchema } from '../core/questionnaire/answers';
import { QuestionnaireStatus } from '../core/questionnaire/model';
import { VerificationStatus } from '../core/verification/verification';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'stable machine-readable error code' }),
    detail: z.string(),
    errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .openapi('Problem');

export const OrganisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    industry: z.string(),
    sizeBand: z.string(),
    region: z.string(),
    createdAt: z.string(),
    contributesToBenchmarks: z.boolean(),
    synthetic: z.boolean(),
    verification: VerificationStatus.describe('unverified until a platform admin approves it; only verified organisations count in benchmarks'),
    verificationDecidedAt: z.string().optional().openapi({ description: "when an admin last decided on the organisation's verification" }),
  })
  .openapi('Organisation');

export const TokenSchema = z
  .object({
    id: z.string(),
    role: Role,
    actorType: ActorType,
    label: z.string(),
    organisationId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('Token');

export const MintedTokenSchema = TokenSchema.extend({
  secret: z.string().openapi({ description: 'shown only in this response; store it safely' }),
}).openapi('MintedToken');

const LevelScoreSchema = z.object({ score: z.number().min(0).max(5), level: z.number().int().min(1).max(5) });

export const ScoresSchema = z
  .object({
    overall: LevelScoreSchema,
    domains: z.record(
      z.string(),
      LevelScoreSchema.extend({
        caps: z.array(z.object({ question: z.string(), maxLevel: z.number().int(), reason: z.string() })),
        counted: z.number().int(),
        answered: z.number().int(),
      }),
    ),
  })
  .openapi('Scores');

const ActorSchema = z.object({ tokenId: z.string(), label: z.string(), role: Role, actorType: ActorType });

export const StoredAnswerSchema = z
  .intersection(AnswerSchema, z.object({ updatedBy: ActorSchema, updatedAt: z.string(), revision: z.number().int() }))
  .openapi('StoredAnswer');

export const AssessmentSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    questionnaireId: z.string(),
    version: z.string(),
    status: z.enum(['draft', 'submitted']),
    revision: z.number().int(),
    answers: z.record(z.string(), StoredAnswerSchema),
    createdAt: z.string(),
    createdBy: ActorSchema,
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    scores: ScoresSchema.optional(),
    reopenedFrom: z.string().optional().openapi({ description: 'the submitted assessment this draft copies its answers from' }),
    clearedAnswers: z
      .record(z.string(), z.object({ updatedBy: ActorSchema, updatedAt: z.string(), revision: z.number().int() }))
      .optional()
      .openapi({ description: 'answers cleared in this draft: who cleared them and at which revision' }),
  })
  .openapi('Assessment');

export const SavedAnswersSchema = AssessmentSchema.extend({
  cleared: z
    .array(z.string())
    .openapi({ description: 'answers this save cleared because their questions are no longer asked (a follow-up whose showIf the save made unmet)' }),
}).openapi('SavedAnswers');

export const QuestionnaireSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    latest: z.string(),
    versions: z.array(z.object({ version: z.string(), status: QuestionnaireStatus })),
  })
  .openapi('QuestionnaireSummary');

// Core schemas are plain zod: `.meta({ id })` names them in the OpenAPI document.
export const CohortSchema = CohortDescriptionSchema.meta({ id: 'Cohort' });
export const CohortStatisticsSchema = CohortFiguresSchema.meta({ id: 'CohortFigures' });
export const CohortPositionSchema = CohortPositionFiguresSchema.meta({ id: 'CohortPosition' });

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const problemContent = (description: string) => ({
  content: { 'application/problem+json': { schema: ProblemSchema } },
  description,
});

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' as const, minimum: 1 } } };

/** A problem answer that says when to try again. */
export const retryLaterProblem = (description: string) => ({ ...problemContent(description), headers: RETRY_AFTER });

/** A 201 answer: the created resource's body, and its address in `Location`. */
export const createdContent = <T extends z.ZodType>(schema: T, description: string, location: string) => ({
  ...jsonContent(schema, description),
  headers: { Location: { description: location, schema: { type: 'string' as const, format: 'uri-reference' } } },
});

/** The answer of any route that reads or writes the database while it is unavailable. */
export const databaseProblems = {
  503: retryLaterProblem('the database is unavailable; retry after the Retry-After seconds'),
} as const;

/** The error responses every authenticated route can give. */
export const authProblems = {
  401: problemContent('missing, unknown, expired or revoked token'),
  403: problemContent("the token's role may not do this"),
  429: retryLaterProblem('this client presented failing tokens too often; unknown tokens wait for the Retry-After seconds (AIM_AUTH_FAILURES_PER_MINUTE)'),
  ...databaseProblems,
} as const;

/** The error responses every route with a JSON body can give, besides validation (400). */
export const bodyProblems = {
  413: problemContent('the body is larger than the limit (AIM_MAX_BODY_BYTES)'),
  415: problemContent('the body is not application/json'),
} as const;
