/** Scopes: named parts of an organisation assessed on their own, the roll-up, and restricting respondents to one. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { CreateScopeRequest, RollUpSchema, ScopeListSchema, ScopeSchema, SetMemberScopeRequest } from '../../contract';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const tags = ['scopes'];
const security = signedIn;

const list = createRoute({
  method: 'get',
  path: '/v1/scopes',
  operationId: 'listScopes',
  tags,
  security,
  summary: "The organisation's scopes",
  description: 'Every member reads them; a respondent restricted to a scope is shown only that one.',
  responses: { 200: jsonContent(ScopeListSchema, 'the scopes, by name'), ...authProblems },
});

const create = createRoute({
  method: 'post',
  path: '/v1/scopes',
  operationId: 'createScope',
  tags,
  security,
  summary: 'Create a scope (owners): a business unit, platform or workload to assess on its own',
  description:
    'A scope has its own assessments (POST /v1/assessments with `scopeId`). Only assessments of the whole organisation count in benchmarks (docs/benchmarks.md, "One organisation, one vote"). Audited as `scope.create`.',
  request: { body: { required: true, content: { 'application/json': { schema: CreateScopeRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(ScopeSchema, 'the new scope', '/v1/scopes'),
    400: problemContent('invalid body'),
    409: problemContent('`scope_name_taken`: another scope has this name (compared without case); pointer `/body/name`'),
    ...authProblems,
  },
});

const rollUp = createRoute({
  method: 'get',
  path: '/v1/scopes/roll-up',
  operationId: 'getScopeRollUp',
  tags,
  security,
  summary: "Every scope's latest scores beside the whole organisation's",
  description:
    "One row for the whole organisation, then one per scope, each with its most recent submission's overall and domain scores and levels (null when it has none) and its drafts under way.",
  request: {
    query: z.object({ questionnaireId: z.string().min(1).max(80).openapi({ description: 'the questionnaire, e.g. agent-identity' }) }),
  },
  responses: {
    200: jsonContent(RollUpSchema, 'the roll-up'),
    400: problemContent('no questionnaireId'),
    404: problemContent('no such questionnaire'),
    ...authProblems,
  },
});

const restrict = createRoute({
  method: 'put',
  path: '/v1/members/{personId}/scope',
  operationId: 'setMemberScope',
  tags,
  security,
  summary: 'Restrict a respondent to a scope, or lift the restriction (owners)',
  description:
    "A restricted respondent sees and answers only that scope's assessments (others, and the whole organisation's, are not found) and starts new ones there. Owners and leaders are never restricted. Audited as `member.scope`.",
  request: {
    params: z.object({ personId: z.string().min(1).max(80) }),
    body: { required: true, content: { 'application/json': { schema: SetMemberScopeRequest } } },
  },
  responses: {
    ...bodyProblems,
    204: { description: 'set (or already so)' },
    400: problemContent('invalid body, an unknown scope, or a member who is not a respondent (pointer `/body/scopeId`)'),
    404: problemContent('no such member'),
    409: problemContent("`revision_conflict`: the member's role or scope changed meanwhile"),
    ...authProblems,
  },
});

export function registerScopeRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ scopes: await deps.scopes.list(principal) }, 200);
  });
  app.openapi(create, async (c) => {
    const principal = await authenticate(deps, c);
    const scope = await deps.scopes.create(principal, c.req.valid('json'));
    return c.json(scope, 201, { Location: '/v1/scopes' });
  });
  app.openapi(rollUp, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.scopes.rollUp(principal, c.req.valid('query').questionnaireId), 200);
  });
  app.openapi(restrict, async (c) => {
    const principal = await authenticate(deps, c);
    await deps.scopes.setMemberScope(principal, c.req.valid('param').personId, c.req.valid('json'));
    return c.body(null, 204);
  });
}
