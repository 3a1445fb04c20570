/** Routes anyone may call: health, taxonomy, questionnaires. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { QuestionnaireSchema } from '../../core/questionnaire/model';
import { taxonomy } from '../../core/taxonomy';
import type { AppDeps } from '../context';
import { type JsonText, jsonTextResponse, toJsonText } from '../json-text';
import { QuestionnaireSummarySchema, type QuestionnaireVersion, QuestionnaireVersionSchema, TaxonomySchema } from '../../contract';
import { jsonContent, problemContent, retryLaterProblem } from '../schemas';

const health = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  security: [],
  tags: ['platform'],
  summary: 'Liveness and database reachability',
  responses: {
    200: jsonContent(z.object({ status: z.literal('ok') }), 'the API and its database answer'),
    503: retryLaterProblem('the database is unavailable; retry after the Retry-After seconds'),
  },
});

const getTaxonomy = createRoute({
  method: 'get',
  path: '/v1/taxonomy',
  operationId: 'getTaxonomy',
  security: [],
  tags: ['platform'],
  summary: 'Allowed industry, size band and region values',
  responses: {
    200: jsonContent(TaxonomySchema, 'the cohort dimensions'),
  },
});

const listQuestionnaires = createRoute({
  method: 'get',
  path: '/v1/questionnaires',
  operationId: 'listQuestionnaires',
  security: [],
  tags: ['questionnaires'],
  summary: 'Published questionnaires and their versions',
  responses: { 200: jsonContent(z.object({ questionnaires: z.array(QuestionnaireSummarySchema) }), 'the catalogue') },
});

const getVersion = createRoute({
  method: 'get',
  path: '/v1/questionnaires/{id}/versions/{version}',
  operationId: 'getQuestionnaireVersion',
  security: [],
  tags: ['questionnaires'],
  summary: 'One questionnaire version, questions grouped by domain',
  request: { params: z.object({ id: z.string().max(64), version: z.string().max(32) }) },
  responses: {
    200: jsonContent(QuestionnaireVersionSchema, 'the questionnaire version with domains, questions and controls'),
    404: problemContent('no such questionnaire version'),
  },
});

/** The served shape: questions nested under their domains, as respondents read them. */
function byDomain(q: z.infer<typeof QuestionnaireSchema>): QuestionnaireVersion {
  return {
    id: q.id,
    version: q.version,
    status: q.status,
    title: q.title,
    description: q.description,
    domains: q.domains.map((d) => ({ ...d, questions: q.questions.filter((question) => question.domain === d.id) })),
    controls: q.controls,
    ...(q.migration ? { migration: q.migration } : {}),
  };
}

export function registerPublicRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(health, async (c) => {
    await deps.checkDatabase();
    return c.json({ status: 'ok' as const }, 200);
  });
  app.openapi(getTaxonomy, (c) => c.json({ industry: [...taxonomy.industry], sizeBand: [...taxonomy.sizeBand], region: [...taxonomy.region] }, 200));
  app.openapi(listQuestionnaires, (c) => c.json({ questionnaires: deps.catalogue.list() }, 200));
  // A served version never changes while the process runs (the catalogue is read-only), so
  // each is grouped and serialized once, on its first request: 55 to 75 kB of JSON that every
  // respondent's form loads. Only versions the catalogue serves are kept (at most one per entry).
  const served = new Map<string, JsonText<QuestionnaireVersion>>();
  app.openapi(getVersion, (c) => {
    const { id, version } = c.req.valid('param');
    const key = `${id}@${version}`;
    let text = served.get(key);
    if (text === undefined) {
      text = toJsonText(byDomain(deps.catalogue.get(id, version)));
      served.set(key, text);
    }
    return jsonTextResponse(c, text);
  });
}
