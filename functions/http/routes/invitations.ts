/** Invite links: owners create them for a role; a person accepts signed in, an agent's invitation yields its key, once. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, signedInPerson, type AppDeps } from '../context';
import { rateLimit } from '../rate-limit';
import {
  CreatedInvitationSchema,
  InvitationSchema,
  MembershipSchema,
  MintedTokenSchema,
  AcceptInvitationRequest,
  CreateInvitationRequest,
  InvitationPreviewSchema,
} from '../../contract';
import { DomainError } from '../../core/errors';
import {
  authProblems,
  bodyProblems,
  createdContent,
  databaseProblems,
  jsonContent,
  problemContent,
  retryLaterProblem,
  signedIn,
  unauthorizedProblem,
} from '../schemas';

const security = signedIn;

const create = createRoute({
  method: 'post',
  path: '/v1/invitations',
  operationId: 'createInvitation',
  tags: ['invitations'],
  summary: 'Create an invite link for a role (the code is shown only here)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: CreateInvitationRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(CreatedInvitationSchema, 'the invitation and its code', '/v1/invitations/{id} of the new invitation'),
    400: problemContent('invalid body'),
    ...authProblems,
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/invitations',
  operationId: 'listInvitations',
  tags: ['invitations'],
  summary: "The organisation's invitations and their status (never their codes)",
  security,
  responses: { 200: jsonContent(z.object({ invitations: z.array(InvitationSchema) }), 'the invitations'), ...authProblems },
});

const revoke = createRoute({
  method: 'delete',
  path: '/v1/invitations/{id}',
  operationId: 'revokeInvitation',
  tags: ['invitations'],
  summary: 'Revoke a pending invitation',
  security,
  request: { params: z.object({ id: z.string().min(1).max(80) }) },
  responses: { 204: { description: 'revoked' }, 404: problemContent('no such invitation'), ...authProblems },
});

const accept = createRoute({
  method: 'post',
  path: '/v1/invitations/accept',
  operationId: 'acceptInvitation',
  security: [],
  tags: ['invitations'],
  summary:
    "Accept an invitation: a signed-in person becomes a member with its role; an agent's invitation without a session yields the agent's key (the secret is shown only here)",
  description: 'Bound to the first person (or key) that accepts it, then spent. With a session, state-changing requests carry X-AIM-CSRF.',
  request: { body: { required: true, content: { 'application/json': { schema: AcceptInvitationRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(
      z.object({
        token: MintedTokenSchema.optional().describe('without a session: the invitee key'),
        membership: MembershipSchema.optional().describe("with a session: the person's membership"),
      }),
      "the invitee's membership or key",
      '/v1/members/{personId} or /v1/tokens/{id}',
    ),
    ...databaseProblems,
    400: problemContent('invalid body'),
    401: unauthorizedProblem("`sign_in_required`: a person's invitation accepted without a session; people sign in, keys are for agents"),
    404: problemContent('unknown, expired, revoked or already used invitation'),
    409: problemContent('`already_member`: the signed-in person is a member already (the invitation stays unused)'),
    429: retryLaterProblem('too many acceptances from this client; retry after the Retry-After seconds'),
  },
});

const preview = createRoute({
  method: 'post',
  path: '/v1/invitations/preview',
  operationId: 'previewInvitation',
  security: [{ Session: [] }],
  tags: ['invitations'],
  summary: 'Before accepting: the organisation, who invited, the role and the expiry of an invitation (a signed-in person holding its code)',
  description:
    "The code travels in the body, never in the address (addresses end up in logs). Throttled together with acceptances, per client. Unknown, accepted, revoked and expired codes, and agents' invitations, all answer the same 404. Reading it does not spend the invitation. State-changing rules apply: send X-AIM-CSRF.",
  request: { body: { required: true, content: { 'application/json': { schema: AcceptInvitationRequest } } } },
  responses: {
    ...bodyProblems,
    200: jsonContent(InvitationPreviewSchema, 'what the invitation offers'),
    ...databaseProblems,
    400: problemContent('invalid body'),
    401: unauthorizedProblem('`sign_in_required`: only a signed-in person sees an invitation before accepting it; `session_expired`: the session has ended'),
    403: problemContent("`csrf_failed`: the session's X-AIM-CSRF token is missing or wrong"),
    404: problemContent('unknown, expired, revoked or already used invitation (one answer for all)'),
    429: retryLaterProblem('too many previews and acceptances from this client; retry after the Retry-After seconds'),
  },
});

export function registerInvitationRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(accept, async (c) => {
    // Every attempt counts, a wrong code too: each success mints a token.
    rateLimit(deps.invitationAcceptLimit, c, 'invitation acceptances');
    const person = await signedInPerson(deps, c);
    if (person) {
      const { membership } = await deps.memberships.acceptInvitation(person, c.req.valid('json'));
      return c.json({ membership }, 201, { Location: `/v1/members/${membership.personId}` });
    }
    const accepted = await deps.invitations.accept(c.req.valid('json'));
    return c.json(accepted, 201, { Location: `/v1/tokens/${accepted.token.id}` });
  });
  app.openapi(preview, async (c) => {
    // Counted with acceptances: guessing codes here costs the same as guessing them there.
    rateLimit(deps.invitationAcceptLimit, c, 'invitation previews and acceptances');
    const person = await signedInPerson(deps, c);
    if (!person) throw new DomainError('sign_in_required', 'sign in (or create an account) to see this invitation; it is for a person');
    return c.json(await deps.memberships.previewInvitation(person, c.req.valid('json')), 200);
  });
  app.openapi(create, async (c) => {
    const principal = await authenticate(deps, c);
    const created = await deps.invitations.create(principal, c.req.valid('json'));
    return c.json(created, 201, { Location: `/v1/invitations/${created.invitation.id}` });
  });
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json({ invitations: await deps.invitations.list(principal) }, 200);
  });
  app.openapi(revoke, async (c) => {
    const principal = await authenticate(deps, c);
    await deps.invitations.revoke(principal, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
