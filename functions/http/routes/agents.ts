/** Agents with their own keys or workload identities: registered, listed and revoked by owners (docs/security.md, "Agents"). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AgentSchema, PlatformAgentSchema, RegisterAgentRequest, RegisterPlatformAgentRequest } from '../../contract';
import { authenticate, type AppDeps } from '../context';
import { withScopeReach } from '../data-reach';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const security = signedIn;

const register = createRoute({
  method: 'post',
  path: '/v1/agents',
  operationId: 'registerAgent',
  tags: ['agents'],
  summary: 'Register an agent with its public key or its workload identity (owners); its id is its OAuth client_id at /v1/oauth/token',
  description:
    'Exactly one of `jwk` (the agent signs its client assertions with the private key) or `federation` (workload identity federation: the agent authenticates with the short-lived OIDC tokens its platform issues, e.g. GitHub Actions, Kubernetes, AWS, Entra or Google, and holds no AIM secret). One workload identity (issuer and subject) is one live agent in the whole deployment: give each agent and environment its own subject.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: RegisterAgentRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(z.object({ agent: AgentSchema }), 'the registered agent', '/v1/agents/{id} of the new agent'),
    400: problemContent(
      'invalid body: a private, symmetric, unknown or oversized key, both or neither of jwk and federation, an issuer that is not https, or scopes the role does not have, with pointers',
    ),
    404: problemContent('the organisation is being deleted'),
    409: problemContent('`identity_in_use`: a live agent already has this workload identity (issuer and subject)'),
    ...authProblems,
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/agents',
  operationId: 'listAgents',
  tags: ['agents'],
  summary: "The organisation's agents, revoked ones included",
  security,
  responses: { 200: jsonContent(z.object({ agents: z.array(AgentSchema) }), 'the agents'), ...authProblems },
});

const revoke = createRoute({
  method: 'delete',
  path: '/v1/agents/{id}',
  operationId: 'revokeAgent',
  tags: ['agents'],
  summary: 'Revoke an agent: no new tokens, and its access tokens stop working on their next request',
  security,
  request: { params: z.object({ id: z.string().min(1).max(80) }) },
  responses: { 204: { description: 'revoked' }, 404: problemContent('no such agent'), ...authProblems },
});

const registerPlatform = createRoute({
  method: 'post',
  path: '/v1/admin/agents',
  operationId: 'registerPlatformAgent',
  tags: ['agents'],
  summary:
    'Register a platform agent (platform admins): of no organisation, authenticated only by its workload identity, e.g. a pipeline that registers organisations',
  description:
    "A platform agent holds the admin role narrowed to the platform agent scopes (today `organisations.register`, the default) and `session.read`; its only credential is workload identity federation (no key, no `jwk`), so it works where AIM_AGENT_CREDENTIALS=federated-only. It gets tokens at /v1/oauth/token like an organisation's federated agent, and with `scope=organisations.register` calls `POST /v1/organisations`. Registration and revocation are audited on the platform trail.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: RegisterPlatformAgentRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(z.object({ agent: PlatformAgentSchema }), 'the registered platform agent', '/v1/admin/agents/{id} of the new agent'),
    400: problemContent(
      'invalid body: an issuer that is not https, a scope a platform agent may not hold, or a key (platform agents are federated only), with pointers',
    ),
    409: problemContent('`identity_in_use`: a live agent already has this workload identity (issuer and subject)'),
    ...authProblems,
  },
});

const listPlatform = createRoute({
  method: 'get',
  path: '/v1/admin/agents',
  operationId: 'listPlatformAgents',
  tags: ['agents'],
  summary: 'The platform agents, revoked ones included (platform admins)',
  security,
  responses: { 200: jsonContent(z.object({ agents: z.array(PlatformAgentSchema) }), 'the platform agents'), ...authProblems },
});

const revokePlatform = createRoute({
  method: 'delete',
  path: '/v1/admin/agents/{id}',
  operationId: 'revokePlatformAgent',
  tags: ['agents'],
  summary: 'Revoke a platform agent (platform admins): no new tokens, and its access tokens stop working on their next request',
  security,
  request: { params: z.object({ id: z.string().min(1).max(80) }) },
  responses: { 204: { description: 'revoked' }, 404: problemContent('no such platform agent'), ...authProblems },
});

export function registerAgentRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(registerPlatform, async (c) => {
    const principal = await authenticate(deps, c);
    const agent = await deps.agents.registerPlatformAgent(principal, c.req.valid('json'));
    return c.json({ agent: withScopeReach(agent) }, 201, { Location: `/v1/admin/agents/${agent.id}` });
  });
  app.openapi(listPlatform, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ agents: (await deps.agents.listPlatformAgents(principal)).map(withScopeReach) }, 200);
  });
  app.openapi(revokePlatform, async (c) => {
    const principal = await authenticate(deps, c);
    await deps.agents.revokePlatformAgent(principal, c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(register, async (c) => {
    const principal = await authenticate(deps, c);
    const agent = await deps.agents.register(principal, c.req.valid('json'));
    return c.json({ agent: withScopeReach(agent) }, 201, { Location: `/v1/agents/${agent.id}` });
  });
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ agents: (await deps.agents.list(principal)).map(withScopeReach) }, 200);
  });
  app.openapi(revoke, async (c) => {
    const principal = await authenticate(deps, c);
    await deps.agents.revoke(principal, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
