/** Questionnaire versions: what changed between two, and moving a draft to a newer one. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { UpgradeAssessmentRequest } from '../../services/assessment-upgrade';
import { DiffQuery, diffQuestionnaireVersions, QuestionnaireIdParam } from '../../services/questionnaire-versions';
import { authenticate, type AppDeps } from '../context';
import { AssessmentSchema, authProblems, bodyProblems, jsonContent, problemContent } from '../schemas';

const FieldChangeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown(), wording: z.boolean() });
const QuestionRefSchema = z.object({ id: z.string(), domain: z.string(), prompt: z.string() });
const ChangedItemSchema = z.object({ id: z.string(), changes: z.array(FieldChangeSchema) });

export const EquivalenceSchema = z
  .object({
    from: z.string().openapi({ description: 'question id in the older version' }),
    to: z.string().openapi({ description: 'question id in the newer version' }),
    options: z.record(z.string(), z.string()).openapi({ description: 'older option id → equivalent newer option id; options not listed do not carry' }),
    declared: z.boolean().openapi({ description: 'declared in a migration, rather than kept by id' }),
  })
  .openapi('Equivalence');

export const QuestionnaireDiffSchema = z
  .object({
    questionnaireId: z.string(),
    from: z.string(),
    to: z.string(),
    path: z.array(z.string()).openapi({ description: 'the versions the migrations pass through' }),
    questions: z.object({
      added: z.array(QuestionRefSchema),
      removed: z.array(QuestionRefSchema),
      changed: z.array(z.object({ from: z.string(), to: z.string(), wordingOnly: z.boolean(), changes: z.array(FieldChangeSchema) })),
      unchanged: z.array(z.string()),
    }),
    equivalences: z.array(EquivalenceSchema),
    domains: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(ChangedItemSchema) }),
    controls: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(ChangedItemSchema) }),
  })
  .openapi('QuestionnaireDiff');

export const UpgradeResultSchema = z
  .object({
    assessment: AssessmentSchema,
    upgrade: z.object({
      from: z.string(),
      to: z.string(),
      carried: z.array(z.object({ from: z.string(), to: z.string() })),
      dropped: z.array(z.object({ question: z.string(), to: z.string().optional(), reason: z.string() })),
      needsAnswer: z.array(z.string()).openapi({ description: 'visible required questions of the new version without an answer' }),
    }),
  })
  .openapi('UpgradeResult');

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
  security: [{ Bearer: [] }],
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
  app.openapi(diff, (c) => c.json(diffQuestionnaireVersions(deps.catalogue, c.req.valid('param').id, c.req.valid('query')), 200));
  app.openapi(upgrade, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.upgrades.upgrade(principal, c.req.valid('param').id, c.req.valid('json')), 200);
  });
}
