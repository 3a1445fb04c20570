/** Assessments: start, read, answer, submit, and the organisation's benchmark position. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, withWriteAuthentication, type AppDeps } from '../context';
import {
  AssessmentListSchema,
  AssessmentSchema,
  CohortPositionContract,
  SavedAnswersSchema,
  CreateAssessmentRequest,
  SaveAnswersRequest,
  CohortQuery,
} from '../../contract';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const security = signedIn;
const IdParam = z.object({ id: z.string().min(1).max(80) });
const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().openapi({ description: 'a retry with the same key and body returns the first result' }),
});

const create = createRoute({
  method: 'post',
  path: '/v1/assessments',
  operationId: 'createAssessment',
  tags: ['assessments'],
  summary: 'Start a draft assessment on a published questionnaire version',
  security,
  request: { headers: IdempotencyHeaders, body: { required: true, content: { 'application/json': { schema: CreateAssessmentRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(AssessmentSchema, 'the new draft', '/v1/assessments/{id} of the new draft'),
    400: problemContent('invalid body or unknown questionnaire version'),
    404: problemContent('no such questionnaire version'),
    422: problemContent('the Idempotency-Key was used with another body'),
    ...authProblems,
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/assessments',
  operationId: 'listAssessments',
  tags: ['assessments'],
  summary: "The organisation's assessments, newest first",
  security,
  responses: { 200: jsonContent(AssessmentListSchema, 'the assessments'), ...authProblems },
});

const get = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}',
  operationId: 'getAssessment',
  tags: ['assessments'],
  summary: 'An assessment: state, answers, revision, and scores once submitted',
  security,
  request: { params: IdParam },
  responses: { 200: jsonContent(AssessmentSchema, 'the assessment'), 404: problemContent('no such assessment in your organisation'), ...authProblems },
});

const saveAnswers = createRoute({
  method: 'patch',
  path: '/v1/assessments/{id}/answers',
  operationId: 'saveAnswers',
  tags: ['assessments'],
  summary: 'Save some answers (null clears one), based on a revision',
  description:
    'A save conflicts (409) only when a question it touches was changed by a save newer than `revision`; the problem then lists the current answers and who wrote them. Saves to different questions all land. An answer to a question that is not asked once the save is applied (a follow-up whose `showIf` is not met) is refused with 400 naming it, and nothing is written; a stored answer that the save leaves not asked is cleared in the same write and listed in `cleared`.',
  security,
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: SaveAnswersRequest } } } },
  responses: {
    ...bodyProblems,
    200: jsonContent(SavedAnswersSchema, 'the assessment with its new revision, and the answers the save cleared'),
    400: problemContent('invalid body or answers (including answers to questions not asked), with pointers'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('stale revision for a touched question, or the assessment is submitted'),
    422: problemContent('`assessment_too_large`: the draft with this save would be too large to store; pointers name the answers and the largest of them'),
    ...authProblems,
  },
});

const submit = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/submit',
  operationId: 'submitAssessment',
  tags: ['assessments'],
  summary: 'Lock the assessment and score it',
  security,
  request: { params: IdParam, headers: IdempotencyHeaders },
  responses: {
    200: jsonContent(AssessmentSchema, 'the submitted assessment with its scores'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('already submitted'),
    422: problemContent(
      'missing or invalid answers (pointers say which), an Idempotency-Key reused with another request, or (`assessment_too_large`) an assessment too large to store',
    ),
    ...authProblems,
  },
});

const reopen = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/reopen',
  operationId: 'reopenAssessment',
  tags: ['assessments'],
  summary: 'Start a new draft that copies the answers of a submitted assessment',
  security,
  request: { params: IdParam, headers: IdempotencyHeaders },
  responses: {
    201: createdContent(AssessmentSchema, 'the new draft (reopenedFrom names the submitted one, which never changes)', '/v1/assessments/{id} of the new draft'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('the assessment is not submitted'),
    422: problemContent('the Idempotency-Key was used with another request, or (`assessment_too_large`) the new draft would be too large to store'),
    ...authProblems,
  },
});

const benchmark = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}/benchmark',
  operationId: 'getAssessmentBenchmark',
  tags: ['benchmarks'],
  summary: "The organisation's percentile per domain within a cohort of peers",
  security,
  request: { params: IdParam, query: CohortQuery },
  responses: {
    200: jsonContent(CohortPositionContract, 'the position, or suppressed: true for a cohort the privacy rules hide'),
    400: problemContent('invalid cohort filter'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('the assessment is not submitted'),
    ...authProblems,
  },
});

export function registerAssessmentRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(create, async (c) => {
    const principal = await authenticate(deps, c);
    // A retry with the same key gets the first draft again, as created: 201 both times.
    const draft = await deps.assessments.create(principal, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
    return c.json(draft, 201, { Location: `/v1/assessments/${draft.id}` });
  });
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ assessments: await deps.assessments.list(principal) }, 200);
  });
  app.openapi(get, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.assessments.get(principal, c.req.valid('param').id), 200);
  });
  app.openapi(saveAnswers, async (c) => {
    // Autosaves are the hot path: the token (or the key a token was exchanged for) is re-checked inside the save's transaction.
    const saved = await withWriteAuthentication(deps, c, (principal, guard) =>
      deps.assessments.saveAnswers(principal, c.req.valid('param').id, c.req.valid('json'), guard),
    );
    return c.json(saved, 200);
  });
  app.openapi(submit, async (c) => {
    const principal = await authenticate(deps, c);
    const submitted = await deps.assessments.submit(principal, c.req.valid('param').id, c.req.valid('header')['idempotency-key']);
    return c.json(submitted, 200);
  });
  app.openapi(reopen, async (c) => {
    const principal = await authenticate(deps, c);
    const draft = await deps.assessments.reopen(principal, c.req.valid('param').id, c.req.valid('header')['idempotency-key']);
    return c.json(draft, 201, { Location: `/v1/assessments/${draft.id}` });
  });
  app.openapi(benchmark, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.benchmarks.forAssessment(principal, c.req.valid('param').id, c.req.valid('query')), 200);
  });
}
