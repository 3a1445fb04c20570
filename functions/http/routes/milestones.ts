/** Milestones (named submissions), the comparison of two submissions, and progress over time (issue 19). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { withInputFrom } from '../problems';
import { ComparisonSchema, CreateMilestoneRequest, MilestoneListSchema, MilestoneSchema, ProgressSchema } from '../../contract';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const tags = ['milestones'];
const security = signedIn;
const assessmentId = (description: string) => z.string().min(1).max(80).openapi({ description });
const scopeId = (description: string) => z.string().min(1).max(80).optional().openapi({ description });

const create = createRoute({
  method: 'post',
  path: '/v1/milestones',
  operationId: 'createMilestone',
  tags,
  summary: 'Save a submitted assessment as a named milestone',
  description:
    'Owners and leaders name a submitted assessment of the organisation (e.g. "Q3 board review") so that it can be found and compared later. Names are unique in the organisation, compared without regard to case. Audited as `milestone.create`.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: CreateMilestoneRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(MilestoneSchema, 'the new milestone', '/v1/milestones/{id} of the new milestone'),
    400: problemContent('invalid body'),
    404: problemContent('no such assessment in the organisation'),
    409: problemContent(
      '`assessment_not_submitted`: the assessment is a draft (only submissions are milestones); `milestone_name_taken`: another milestone of the organisation has this name (in any case)',
    ),
    ...authProblems,
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/milestones',
  operationId: 'listMilestones',
  tags,
  summary: "The organisation's milestones, newest submission first",
  description:
    "Owners, leaders and respondents read the milestones; `questionnaireId` keeps only those of one questionnaire, `scopeId` only those of one scope (each milestone carries its assessment's scope, null for the whole organisation's). A respondent restricted to a scope sees only that scope's milestones; naming another scope, or one that does not exist, answers 404.",
  security,
  request: {
    query: z.object({
      questionnaireId: z.string().min(1).max(80).optional().openapi({ description: 'only milestones of this questionnaire, e.g. agent-identity' }),
      scopeId: scopeId('only milestones of assessments of this scope'),
    }),
  },
  responses: {
    200: jsonContent(MilestoneListSchema, 'the milestones, newest submission first'),
    400: problemContent('invalid query'),
    404: problemContent('no such scope in the organisation, or one the caller is not restricted to'),
    ...authProblems,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/milestones/{id}',
  operationId: 'deleteMilestone',
  tags,
  summary: 'Delete a milestone (the assessment stays)',
  description: 'Owners and leaders remove the name; the submitted assessment itself is unchanged. Audited as `milestone.delete`.',
  security,
  request: { params: z.object({ id: z.string().min(1).max(80).openapi({ description: "the milestone's id" }) }) },
  responses: { 204: { description: 'deleted' }, 404: problemContent('no such milestone'), ...authProblems },
});

const compare = createRoute({
  method: 'get',
  path: '/v1/comparisons',
  operationId: 'compareSubmissions',
  tags,
  summary: 'Compare two submitted assessments of one questionnaire',
  description:
    "Any two submissions of the organisation on one questionnaire (milestones or not), side by side: the per-domain and overall score and level change, the answers that differ (in words, with who last changed them in the later submission), the plan items done or achieved between the two, and the movement against the median of the organisation's own cohort (null when it may not be shown). The two must be of one questionnaire and one scope (or both the whole organisation's); the completed plan items come from that scope's plan. The earlier submission is always `from`, whatever order the two are given in. Owners, leaders and respondents compare.",
  security,
  request: {
    query: z.object({
      from: assessmentId('a submitted assessment of the organisation'),
      to: assessmentId('another submitted assessment of the same questionnaire'),
    }),
  },
  responses: {
    200: jsonContent(ComparisonSchema, 'the comparison, earlier submission first'),
    400: problemContent('invalid query, the same assessment twice, or assessments of different questionnaires or scopes (pointers `/query/from`, `/query/to`)'),
    404: problemContent('no such assessment in the organisation'),
    409: problemContent('`assessment_not_submitted`: one of the two is a draft'),
    ...authProblems,
  },
});

const progress = createRoute({
  method: 'get',
  path: '/v1/progress/{questionnaireId}',
  operationId: 'getProgress',
  tags,
  summary: "The organisation's progress on a questionnaire over time",
  description:
    "Every submission's overall and per-domain scores (oldest first, with the milestone's name where one is saved), the current targets, and the improvement plan's burn-down: per date on which an item was due or closed, and today, how many items were due, closed and still open; with the plan's totals. One scope at a time: `scopeId` names it, and without it the whole organisation's submissions and plan are shown; a respondent restricted to a scope is shown theirs and gets 404 for any other and for the whole organisation's. Owners, leaders and respondents read it.",
  security,
  request: {
    params: z.object({ questionnaireId: z.string().min(1).max(80).openapi({ description: 'the questionnaire, e.g. agent-identity' }) }),
    query: z.object({ scopeId: scopeId("the scope whose submissions and plan to show; the whole organisation's when absent") }),
  },
  responses: {
    200: jsonContent(ProgressSchema, 'the progress'),
    400: problemContent('invalid query'),
    404: problemContent('no such questionnaire, no such scope, or a scope (or the whole organisation) a restricted respondent does not reach'),
    ...authProblems,
  },
});

export function registerMilestoneRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(create, async (c) => {
    const principal = await authenticate(deps, c);
    const milestone = await deps.milestones.create(principal, c.req.valid('json'));
    return c.json(milestone, 201, { Location: `/v1/milestones/${milestone.id}` });
  });
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    const { questionnaireId, scopeId } = c.req.valid('query');
    return c.json({ milestones: await deps.milestones.list(principal, { questionnaireId, scopeId }) }, 200);
  });
  app.openapi(remove, async (c) => {
    const principal = await authenticate(deps, c);
    await deps.milestones.remove(principal, c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(compare, async (c) => {
    const principal = await authenticate(deps, c);
    const { from, to } = c.req.valid('query');
    return c.json(await withInputFrom('query', () => deps.milestones.compare(principal, from, to)), 200);
  });
  app.openapi(progress, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.milestones.progress(principal, c.req.valid('param').questionnaireId, c.req.valid('query').scopeId), 200);
  });
}
