/** Organisations and their tokens. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, signedInPerson, type AppDeps } from '../context';
import { withRoleReach } from '../data-reach';
import { rateLimit } from '../rate-limit';
import {
  CreatedInvitationSchema,
  MembershipSchema,
  MintedTokenSchema,
  OrganisationSchema,
  SessionSchema,
  TokenListSchema,
  RegisterOrganisationRequest,
  MintTokenRequest,
} from '../../contract';
import {
  authProblems,
  bodyProblems,
  createdContent,
  databaseProblems,
  jsonContent,
  problemContent,
  retryLaterProblem,
  unauthorizedProblem,
  signedIn,
} from '../schemas';

const security = signedIn;
/** No credentials, a signed-in person's session, or a bearer token (OpenAPI: an empty requirement makes security optional). */
const anonymousOrBearer: Record<string, string[]>[] = [{}, { Session: [] }, { Bearer: [] }];

const register = createRoute({
  method: 'post',
  path: '/v1/organisations',
  operationId: 'registerOrganisation',
  security: anonymousOrBearer,
  tags: ['organisations'],
  summary:
    'Register an organisation: a signed-in person becomes its first owner; a script gets its first owner key (shown only here, a non-person key that expires in 1 hour)',
  description:
    'With a session (the web app), the signed-in person becomes the first owner (`membership`; no key is minted), throttled per client like anonymous registration. With a platform admin credential, for scripted onboarding: not throttled, the admin is the actor of the audit event, and the first owner key is returned (`token`): a key for the script, never for a person, privileged and so just in time (it lives PRIVILEGED_KEY_LIFETIME_HOURS, 1 hour), long enough to invite the people of the organisation and mint the unprivileged keys the script needs. Under AIM_AGENT_CREDENTIALS=federated-only no key is minted: the platform credential (a federated platform agent, `POST /v1/admin/agents`) gets an invitation for the first owner instead (`invitation`, its code shown only here, valid 7 days), which a signed-in person accepts to become the owner, and anonymous registration is refused (403 `static_credentials_disabled`). Anonymous (kept for migration), throttled per client (AIM_REGISTRATIONS_PER_HOUR), also returns a key. Any other credential gets 403, an invalid one 401. Either way the organisation starts unverified and counts in peer benchmarks only once a platform admin verifies it.',
  request: { body: { required: true, content: { 'application/json': { schema: RegisterOrganisationRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(
      z.object({
        organisation: OrganisationSchema,
        token: MintedTokenSchema.optional().describe('the first owner key (scripts and anonymous registration)'),
        membership: MembershipSchema.optional().describe("the signed-in person's owner membership"),
        invitation: CreatedInvitationSchema.optional().describe(
          "the first owner's invitation (a platform credential under AIM_AGENT_CREDENTIALS=federated-only): a signed-in person accepts it and becomes the owner; its code is shown only here",
        ),
      }),
      'the organisation and its first owner',
      '/v1/organisation: the organisation, as its own tokens address it',
    ),
    ...databaseProblems,
    400: problemContent('invalid body, with pointers to the fields'),
    401: unauthorizedProblem('a credential was sent and is unknown, expired or revoked'),
    403: problemContent(
      'a credential was sent and is not a platform admin (or its scope does not include organisations.register); `static_credentials_disabled`: anonymous under federation only',
    ),
    429: retryLaterProblem('too many registrations (or failed authentications) from this client; retry after the Retry-After seconds'),
  },
});

const mint = createRoute({
  method: 'post',
  path: '/v1/tokens',
  operationId: 'createToken',
  tags: ['tokens'],
  summary: 'Mint a key for a script or an agent (owners for their organisation, admins for platform roles); people sign in instead',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: MintTokenRequest } } } },
  responses: {
    ...bodyProblems,
    201: createdContent(z.object({ token: MintedTokenSchema }), 'the new token with its secret', '/v1/tokens/{id} of the new token'),
    400: problemContent('invalid body'),
    ...authProblems,
  },
});

const session = createRoute({
  method: 'get',
  path: '/v1/session',
  operationId: 'getSession',
  tags: ['tokens'],
  summary: "Who the token belongs to: its role, actor type, label and organisation (with the organisation's profile)",
  security,
  responses: {
    200: jsonContent(SessionSchema, 'the caller'),
    ...authProblems,
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/tokens',
  operationId: 'listTokens',
  tags: ['tokens'],
  summary: 'List tokens (never their secrets), with how many still work and how many of those are privileged',
  security,
  responses: { 200: jsonContent(TokenListSchema, 'the tokens and their summary'), ...authProblems },
});

const revoke = createRoute({
  method: 'delete',
  path: '/v1/tokens/{id}',
  operationId: 'revokeToken',
  tags: ['tokens'],
  summary: 'Revoke a token; it stops working on its next request',
  security,
  request: { params: z.object({ id: z.string().min(1).max(80) }) },
  description:
    "The bootstrap admin token (set by `AIM_ADMIN_TOKEN`, or the Secrets Manager secret in AWS) cannot be revoked here: it is the operator's way back in. Change the variable and restart to retire it; the start revokes the previous one.",
  responses: {
    204: { description: 'revoked' },
    404: problemContent('no such token'),
    409: problemContent('`bootstrap_token_protected`: the bootstrap admin token; rotate it by changing AIM_ADMIN_TOKEN'),
    ...authProblems,
  },
});

export function registerIdentityRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(register, async (c) => {
    // A signed-in person becomes its owner (throttled like anonymous registration).
    const person = await signedInPerson(deps, c);
    if (person) {
      rateLimit(deps.registrationLimit, c, 'registrations');
      return c.json(await deps.memberships.registerOrganisation(person, c.req.valid('json')), 201, { Location: '/v1/organisation' });
    }
    // With credentials, only a platform admin registers (and is not throttled); without, anyone, throttled.
    const registrar = c.req.header('authorization') ? await authenticate(deps, c) : undefined;
    if (!registrar) rateLimit(deps.registrationLimit, c, 'registrations');
    const registered = registrar
      ? await deps.organisations.registerAsPlatform(c.req.valid('json'), registrar)
      : await deps.organisations.register(c.req.valid('json'));
    return c.json(registered, 201, { Location: '/v1/organisation' });
  });
  app.openapi(mint, async (c) => {
    const principal = await authenticate(deps, c);
    const token = await deps.tokens.mint(principal, c.req.valid('json'));
    return c.json({ token: withRoleReach(token) }, 201, { Location: `/v1/tokens/${token.id}` });
  });
  app.openapi(session, async (c) => {
    const principal = await authenticate(deps, c);
    const who = deps.tokens.session(principal);
    const organisation = principal.organisationId ? ((await deps.organisations.profile(principal.organisationId)) ?? null) : null;
    return c.json({ ...who, organisation }, 200);
  });
  app.openapi(list, async (c) => {
    const principal = await authenticate(deps, c);
    const listed = await deps.tokens.list(principal);
    return c.json({ ...listed, tokens: listed.tokens.map(withRoleReach) }, 200);
  });
  app.openapi(revoke, async (c) => {
    const principal = await authenticate(deps, c);
    await deps.tokens.revoke(principal, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
