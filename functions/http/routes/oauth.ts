/**
 * AIM as an OAuth 2.0 authorization server for agents: the token endpoint
 * (client credentials with private_key_jwt or a workload identity's platform token, the token exchange of a person's delegation or of a static key, DPoP), its metadata (RFC 8414) and its keys.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AuthorizationServerMetadataSchema, JwksSchema, TokenRequest, TokenResponse } from '../../contract';
import type { AppDeps } from '../context';
import { clientAddress } from '../rate-limit';
import type { TokenEndpointUse } from '../../services/agents';
import { TOKEN_EXCHANGE_GRANT } from '../../core/access/delegations';
import { API_KEY_TOKEN_TYPE } from '../../core/access/key-exchange';
import { DomainError } from '../../core/errors';
import { PROBLEM_CONTENT_TYPE, problem, zodProblem } from '../problems';
import { databaseProblems, jsonContent, problemContent, retryLaterProblem } from '../schemas';

const UNAVAILABLE = problemContent('`agent_tokens_unavailable`: this deployment has no signing key for agent tokens (docs/security.md)');

const token = createRoute({
  method: 'post',
  path: '/v1/oauth/token',
  operationId: 'issueAgentToken',
  security: [],
  tags: ['agents'],
  summary:
    'An access token for an agent: OAuth 2.0 client credentials, or a token exchange (RFC 8693) to act for a person, authenticated with a JWT signed by its key (RFC 7523)',
  description:
    'Errors are problem documents with a stable `code` and the OAuth `error` member (RFC 6749 §5.2): `invalid_request`, `unsupported_grant_type`, `invalid_scope`, `invalid_grant`, `invalid_target`, `invalid_dpop_proof` (400); `invalid_client` (401, codes `invalid_client`, `assertion_expired`, `assertion_replayed`). Send a `DPoP` proof header (RFC 9449) to get a token bound to its key; agents registered with `dpopRequired` must. `scope` is required in the client-credentials grant: the operations the task needs, within the agent’s scopes (absent or empty is `invalid_scope`); a delegation’s token exchange takes the delegation’s scopes when it is absent. Every access token is for the API (`aud` = the issuer followed by /v1); a `resource` (RFC 8707) naming anything else is `invalid_target`.\n\nAn agent registered with a workload identity sends the token its platform issued as the `client_assertion` (same `client_assertion_type`); `client_id` is optional. AIM verifies it with the keys the registered issuer publishes (OpenID discovery): an asymmetric signature, `iss`, `sub` and `aud` as registered, not expired, at most an hour from `iat` to `exp`, its `jti` (if any) used once. An issuer whose keys cannot be read is `invalid_client` (401) too.\n\nTo act for a person, send `grant_type=urn:ietf:params:oauth:grant-type:token-exchange` with `subject_token` = the id of a delegation the person approved (POST /v1/agents/{id}/delegations) and `subject_token_type=urn:aim:params:oauth:token-type:delegation` (AIM’s own token type URI). The token’s `sub` is the person, `act.sub` the agent; it ends when the delegation does, if sooner. An unknown, revoked or expired delegation, or another agent’s, is `invalid_grant`.\n\nTo exchange a static key for a short-lived token, send the token exchange with `subject_token` = the `aim_…` key and `subject_token_type=urn:aim:params:oauth:token-type:api-key` (AIM’s own token type URI), without client authentication: the key is the credential. `scope` is required, the operations the task needs within the key’s role (absent, or anything outside the role, is `invalid_scope`); `resource` is the API, or one assessment (`<issuer>/v1/assessments/<id>`) to bind the token to it (an assessment not of the key’s organisation is `invalid_target`). The token’s `sub` is the key, `aim_api_key` says it rests on one; it lives `AIM_AGENT_TOKEN_MINUTES`, never longer than the key, and stops when the key is revoked. An unknown, revoked or expired key is `invalid_grant`.',
  request: {
    headers: z.object({ dpop: z.string().optional().describe('a DPoP proof (RFC 9449 §4): a JWT signed by the key the token is to be bound to') }),
    body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: TokenRequest } } },
  },
  responses: {
    200: { ...jsonContent(TokenResponse, 'the access token'), headers: { 'Cache-Control': { description: 'no-store', schema: { type: 'string' as const } } } },
    400: problemContent(
      'invalid_request, unsupported_grant_type, invalid_scope, invalid_grant (token exchange: the delegation or the key), invalid_target or invalid_dpop_proof',
    ),
    401: problemContent(
      "invalid_client: unknown or revoked agent, or an assertion that is expired, replayed, for another audience or not signed with its key (a workload identity's: its issuer's), or an issuer whose keys cannot be read",
    ),
    413: problemContent('the body is larger than the limit (AIM_MAX_BODY_BYTES)'),
    415: problemContent('the body is not application/x-www-form-urlencoded'),
    429: retryLaterProblem(
      'a key exchange from a client that presented failing keys too often (AIM_AUTH_FAILURES_PER_MINUTE): keys not seen to work wait for the Retry-After seconds',
    ),
    501: UNAVAILABLE,
    ...databaseProblems,
  },
});

const metadata = createRoute({
  method: 'get',
  path: '/.well-known/oauth-authorization-server',
  operationId: 'getAuthorizationServerMetadata',
  security: [],
  tags: ['agents'],
  summary: "AIM's authorization server metadata (RFC 8414)",
  responses: { 200: jsonContent(AuthorizationServerMetadataSchema, 'the metadata'), 501: UNAVAILABLE },
});

const jwks = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  operationId: 'getJwks',
  security: [],
  tags: ['agents'],
  summary: "The public keys AIM signs agents' access tokens with (RFC 7517 JWK Set)",
  responses: { 200: jsonContent(JwksSchema, 'the keys'), 501: UNAVAILABLE },
});

const problemResponse = (body: ReturnType<typeof problem>) =>
  new Response(JSON.stringify(body), { status: body.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE } });

/**
 * The brake on guessing (auth-throttle.ts) covers keys exchanged here as it covers keys
 * presented to the API: an `invalid_grant` counts against the client, and past the limit a
 * key not seen to work gets 429 before it is looked up.
 */
async function throttledKeyExchange<T>(
  deps: AppDeps,
  c: Context,
  form: { grant_type?: string; subject_token_type?: string; subject_token?: string },
  issue: () => Promise<T>,
) {
  const secret = form.grant_type === TOKEN_EXCHANGE_GRANT && form.subject_token_type === API_KEY_TOKEN_TYPE ? form.subject_token : undefined;
  const throttle = deps.authThrottle;
  if (!secret || !throttle) return issue();
  const client = clientAddress(c);
  const wait = throttle.retryAfterSeconds(client, secret);
  if (wait > 0) throw new DomainError('too_many_requests', `too many failed key exchanges from this client; retry in ${wait} s`, [], { retryAfter: wait });
  try {
    const issued = await issue();
    throttle.recordSuccess(secret);
    return issued;
  } catch (error) {
    if (error instanceof DomainError && error.extra.error === 'invalid_grant') throttle.recordFailure(client, secret);
    throw error;
  }
}

export function registerOAuthRoutes(app: OpenAPIHono, deps: AppDeps) {
  // The token endpoint takes a form (RFC 6749 §3.2): say so, with the OAuth error, rather than the JSON routes' 415.
  app.use('/v1/oauth/token', async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (c.req.method === 'POST' && type && type !== 'application/x-www-form-urlencoded')
      return problemResponse(
        problem(
          'unsupported_media_type',
          'send the token request as application/x-www-form-urlencoded',
          [{ pointer: '/headers/content-type', message: 'expected application/x-www-form-urlencoded' }],
          {
            error: 'invalid_request',
          },
        ),
      );
    await next();
  });
  app.openapi(
    token,
    async (c) => {
      // Shared-use detection sees the token endpoint too: the credential a grant used, from this client's address and DPoP key.
      const sighted = async ({ principal, credential, jkt }: TokenEndpointUse) =>
        deps.sightings?.record(principal, credential, { address: clientAddress(c), jkt });
      const form = c.req.valid('form');
      const issued = await throttledKeyExchange(deps, c, form, () =>
        deps.agents.issueToken(form, { proof: c.req.header('dpop'), method: c.req.method }, sighted),
      );
      return c.json(issued, 200, { 'Cache-Control': 'no-store' });
    },
    (result) => {
      if (!result.success)
        // A problem document with the OAuth error beside its code (the routes' default hook gives the code alone).
        return problemResponse({ ...zodProblem(result.error, 'body'), error: 'invalid_request' }) as never;
    },
  );
  app.openapi(metadata, (c) => c.json(deps.agents.metadata(), 200));
  app.openapi(jwks, async (c) => c.json(await deps.agents.jwks(), 200));
}
