/** The people of an organisation (owners manage them) and memberships granted by platform admins. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ChangeMemberRoleRequest, GrantMembershipRequest, MemberSchema, MembershipSchema } from '../../contract';
import { authenticate, type AppDeps } from '../context';
import { authProblems, bodyProblems, createdContent, jsonContent, problemContent, signedIn } from '../schemas';

const tags = ['members'];
const security = signedIn;
const personParam = z.object({ personId: z.string().min(1).max(80) });

const list = createRoute({
  method: 'get',
  path: '/v1/members',
  operationId: 'listMembers',
  tags,
  security,
  summary: "The people of the caller's organisation and their roles (owners)",
  responses: { 200: jsonContent(z.object({ members: z.array(MemberSchema) }), 'the members'), ...authProblems },
});

const change = createRoute({
  method: 'patch',
  path: '/v1/members/{personId}',
  operationId: 'changeMemberRole',
  tags,
  security,
  summary: "Change a member's role (owners); the last owner cannot be demoted",
  request: { params: personParam, body: { required: true, content: { 'application/json': { schema: ChangeMemberRoleRequest } } } },
  responses: {
    ...bodyProblems,
    204: { description: 'changed (or already that role)' },
    400: problemContent('invalid body'),
    404: problemContent('no such member'),
    409: problemContent('`last_owner`: the organisation would have no owner; `revision_conflict`: the membership changed meanwhile'),
    ...authProblems,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/members/{personId}',
  operationId: 'removeMember',
  tags,
  security,
  summary: 'Remove a member (owners); the last owner cannot be removed. Their sessions lose access at once.',
  request: { params: personParam },
  responses: {
    204: { description: 'removed' },
    404: problemContent('no such member'),
    409: problemContent('`last_owner`: the organisation would have no owner'),
    ...authProblems,
  },
});

const grant = createRoute({
  method: 'post',
  path: '/v1/memberships',
  operationId: 'grantMembership',
  tags,
  security,
  summary: 'Grant a person a membership (platform admins): recovery of an organisation, or a platform role',
  description:
    "The person is named by their provider's issuer and subject; the reason is recorded in the audit trail of the organisation (or the platform). The first platform admin is granted this way with the bootstrap admin credential. An existing membership there gets the new role.",
  request: { body: { required: true, content: { 'application/json': { schema: GrantMembershipRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(z.object({ membership: MembershipSchema }), 'the membership', '/v1/members/{personId} (organisation memberships)'),
    400: problemContent('invalid body, or a role that does not fit (platform roles with organisationId null)'),
    404: problemContent('no such organisation'),
    409: problemContent('`last_owner`: demoting the last owner'),
    ...authProblems,
  },
});

export function registerMemberRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ members: await deps.memberships.members(principal) }, 200);
  });
  app.openapi(change, async (c) => {
    await deps.memberships.changeRole(await authenticate(deps, c), c.req.valid('param').personId, c.req.valid('json'));
    return c.body(null, 204);
  });
  app.openapi(remove, async (c) => {
    await deps.memberships.remove(await authenticate(deps, c), c.req.valid('param').personId);
    return c.body(null, 204);
  });
  app.openapi(grant, async (c) => {
    const membership = await deps.memberships.grant(await authenticate(deps, c), c.req.valid('json'));
    return c.json({ membership }, 201, { Location: `/v1/members/${membership.personId}` });
  });
}
