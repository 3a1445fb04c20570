/**
 * Agents acting for a person: a signed-in person approves an agent to act for them on one
 * assessment; the agent exchanges the approval at /v1/oauth/token (docs/security.md,
 * "Agents acting for a person").
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CreateDelegationRequest, DelegationSchema } from '../../contract';
import { authenticate, type AppDeps } from '../context';
import { withScopeReach } from '../data-reach';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const security = signedIn;
const agentParam = z.object({ id: z.string().min(1).max(80) });

const create = createRoute({
  method: 'post',
  path: '/v1/agents/{id}/delegations',
  operationId: 'createDelegation',
  tags: ['agents'],
  summary: 'Let an agent act for you on one assessment (signed-in people only): its id is the subject_token of the token exchange at /v1/oauth/token',
  description:
    'The agent may then do what both your role and its scopes allow, on that assessment only, until the delegation expires or is revoked; everything it does is recorded as the agent acting on your behalf. Keys and agents get 403: only a person can approve.',
  security,
  request: { params: agentParam, body: { required: true, content: { 'application/json': { schema: CreateDelegationRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(z.object({ delegation: DelegationSchema }), 'the delegation', '/v1/agents/{id}/delegations/{delegationId}'),
    400: problemContent('invalid body, or an agent bound to another assessment'),
    404: problemContent('no such assessment or agent in your organisation, or the agent is revoked'),
    ...authProblems,
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/agents/{id}/delegations',
  operationId: 'listDelegations',
  tags: ['agents'],
  summary: "An agent's delegations, revoked and expired ones included: all of them for owners, your own for other signed-in people",
  security,
  request: { params: agentParam },
  responses: {
    200: jsonContent(z.object({ delegations: z.array(DelegationSchema) }), 'the delegations'),
    404: problemContent('no such agent'),
    ...authProblems,
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/v1/agents/{id}/delegations/{delegationId}',
  operationId: 'revokeDelegation',
  tags: ['agents'],
  summary: 'Revoke a delegation (the person who approved it, or an owner): tokens issued for it stop working on their next request',
  security,
  request: { params: agentParam.extend({ delegationId: z.string().min(1).max(80) }) },
  responses: { 204: { description: 'revoked' }, 404: problemContent('no such delegation of this agent'), ...authProblems },
});

export function registerDelegationRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(create, async (c) => {
    const principal = await authenticate(deps, c);
    const agentId = c.req.valid('param').id;
    const delegation = await deps.delegations.create(principal, agentId, c.req.valid('json'));
    return c.json({ delegation: withScopeReach(delegation) }, 201, { Location: `/v1/agents/${agentId}/delegations/${delegation.id}` });
  });
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ delegations: (await deps.delegations.list(principal, c.req.valid('param').id)).map(withScopeReach) }, 200);
  });
  app.openapi(revoke, async (c) => {
    const principal = await authenticate(deps, c);
    const { id, delegationId } = c.req.valid('param');
    await deps.delegations.revoke(principal, id, delegationId);
    return c.body(null, 204);
  });
}
