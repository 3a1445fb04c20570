/** Targets: the level an organisation aims for per domain of a questionnaire, versioned. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { SetTargetsRequest, TargetsHistorySchema, TargetsSchema } from '../../contract';
import { authProblems, bodyProblems, jsonContent, problemContent, signedIn } from '../schemas';

const security = signedIn;
const QuestionnaireParam = z.object({
  questionnaireId: z.string().min(1).max(80).openapi({ description: 'the questionnaire the targets are set on, e.g. agent-identity' }),
});

const get = createRoute({
  method: 'get',
  path: '/v1/targets/{questionnaireId}',
  operationId: 'getTargets',
  tags: ['targets'],
  summary: "The organisation's current targets on a questionnaire",
  description:
    'The newest revision of the target levels per domain (and overall) and the date they are to be met by. Owners, leaders and respondents read them.',
  security,
  request: { params: QuestionnaireParam },
  responses: {
    200: jsonContent(TargetsSchema, 'the current targets'),
    404: problemContent('`targets_not_set`: no targets are set on this questionnaire yet; `not_found`: no such questionnaire'),
    ...authProblems,
  },
});

const set = createRoute({
  method: 'put',
  path: '/v1/targets/{questionnaireId}',
  operationId: 'setTargets',
  tags: ['targets'],
  summary: 'Set new targets, based on the revision last seen',
  description:
    "Owners and leaders set the targets. Every change makes a new revision (the earlier ones stay in the history) and is audited as `targets.set`. `revision` is the revision the caller last saw (0 when none is set): when the targets changed since, nothing is written and the 409 problem carries `currentRevision` and the current targets as `current`. Domains are those of the questionnaire's latest version; an unknown domain id is refused with 400 and the pointer `/body/domains/<id>`.",
  security,
  request: { params: QuestionnaireParam, body: { required: true, content: { 'application/json': { schema: SetTargetsRequest } } } },
  responses: {
    ...bodyProblems,
    200: jsonContent(TargetsSchema, 'the new targets, at their new revision'),
    400: problemContent('invalid body, or a domain the questionnaire does not have (pointer `/body/domains/<id>`)'),
    404: problemContent('no such questionnaire'),
    409: problemContent(
      '`revision_conflict`: the targets changed since `revision`; the problem holds `currentRevision` and `current` (the current targets, null when none is set)',
    ),
    ...authProblems,
  },
});

const history = createRoute({
  method: 'get',
  path: '/v1/targets/{questionnaireId}/history',
  operationId: 'getTargetsHistory',
  tags: ['targets'],
  summary: 'Every revision of the targets on a questionnaire, newest first',
  security,
  request: { params: QuestionnaireParam },
  responses: {
    200: jsonContent(TargetsHistorySchema, 'the revisions, newest first; empty when no targets were ever set'),
    404: problemContent('no such questionnaire'),
    ...authProblems,
  },
});

export function registerTargetRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(get, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.targets.get(principal, c.req.valid('param').questionnaireId), 200);
  });
  app.openapi(set, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.targets.set(principal, c.req.valid('param').questionnaireId, c.req.valid('json')), 200);
  });
  app.openapi(history, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ versions: await deps.targets.history(principal, c.req.valid('param').questionnaireId) }, 200);
  });
}
