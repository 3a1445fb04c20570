/** Questionnaire versions: what changed between two, and moving a draft to a newer one. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { diffQuestionnaireVersions } from '../../services/questionnaire-versions';
import { authenticate, type AppDeps } from '../context';
import { withInputFrom } from '../problems';
import { QuestionnaireDiffSchema, UpgradeResultSchema, UpgradeAssessmentRequest, DiffQuery, QuestionnaireIdParam } from '../../contract';
import { authProblems, bodyProblems, jsonContent, problemContent, signedIn } from '../schemas';

const diff = createRoute({
  method: 'get',
  path: '/v1/questionnaires/{id}/diff',
  operationId: 'diffQuestionnaireVersions',
  security: [],
  tags: ['questionnaires'],
  summary: 'What changed between two versions, and how answers carry over',
  description:
    'Questions added, removed and changed (field by field; `wording: true` marks text that does not change what an answer means), the question and option equivalences answers travel through, and the domains and controls that changed.',
  request: { params: QuestionnaireIdParam, query: DiffQuery },
  responses: {
    200: jsonContent(QuestionnaireDiffSchema, 'the differences'),
    400: problemContent('invalid versions, or "from" not older than "to"'),
    404: problemContent('no such questionnaire version'),
  },
});

const upgrade = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/upgrade',
  operationId: 'upgradeAssessment',
  tags: ['assessments'],
  summary: 'Move a draft to a newer published questionnaire version',
  description:
    'Answers with an equivalent in the new version carry over (same question and options, or the equivalences its migration declares); the others are listed under `dropped`, and `needsAnswer` names the questions to answer now. A submitted assessment is never changed (409).',
  security: signedIn,
  request: {
    params: z.object({ id: z.string().min(1).max(80) }),
    body: { required: true, content: { 'application/json': { schema: UpgradeAssessmentRequest } } },
  },
  responses: {
    ...bodyProblems,
    200: jsonContent(UpgradeResultSchema, 'the upgraded draft and what happened to each answer'),
    400: problemContent('invalid body, an older or unpublished version'),
    404: problemContent('no such assessment in your organisation, or no such version'),
    409: problemContent('the assessment is submitted, or changed since `revision`'),
    422: problemContent('`assessment_too_large`: the upgraded draft would be too large to store'),
    ...authProblems,
  },
});

export function registerQuestionnaireVersionRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(diff, async (c) =>
    c.json(await withInputFrom('query', () => diffQuestionnaireVersions(deps.catalogue, c.req.valid('param').id, c.req.valid('query'))), 200),
  );
  app.openapi(upgrade, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.upgrades.upgrade(principal, c.req.valid('param').id, c.req.valid('json')), 200);
  });
}
