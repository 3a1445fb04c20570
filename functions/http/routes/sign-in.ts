/**
 * The web app's sign-in (a backend-for-frontend): the browser is sent to the OpenID
 * Provider and back, and holds only an HttpOnly session cookie; no token reaches scripts.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { DomainError } from '../../core/errors';
import { SelectMembershipRequest, SignedInSessionSchema, SignInQuery, SignOutResultSchema } from '../../contract';
import type { AppDeps } from '../context';
import { jsonContent, problemContent, unauthorizedProblem, databaseProblems } from '../schemas';
import { clearSessionCookie, clearSignInCookie, CSRF_HEADER, sessionSecretOf, setSessionCookie, setSignInCookie, signInStateOf } from '../session-cookie';

const tags = ['sign-in'];
const cookie = [{ Session: [] }];
const csrfHeader = z.object({ [CSRF_HEADER]: z.string().max(100).optional().describe('the csrfToken of GET /auth/session') });
const redirect = (description: string) => ({
  description,
  headers: { Location: { description: 'where the browser goes next', schema: { type: 'string' as const } } },
});

const login = createRoute({
  method: 'get',
  path: '/auth/login',
  operationId: 'signIn',
  tags,
  security: [],
  summary: "Start signing in: redirects the browser to the OpenID Provider's sign-in (or sign-up) page",
  description:
    'Authorization code flow with PKCE (S256), a nonce and a state bound to this browser by the HttpOnly `__Host-aim-signin` cookie (SameSite=Lax, 10 minutes).',
  request: { query: SignInQuery },
  responses: {
    302: redirect("the provider's authorization endpoint"),
    400: problemContent('invalid returnTo or screen'),
    501: problemContent('`sign_in_unavailable`: no OpenID Provider is configured or it cannot be reached'),
    ...databaseProblems,
  },
});

const callback = createRoute({
  method: 'get',
  path: '/auth/callback',
  operationId: 'signInCallback',
  tags,
  security: [],
  summary: 'Where the provider sends the browser back: starts the session and continues in the web app',
  description:
    "Checks the state against this browser's sign-in cookie (once), exchanges the code with the PKCE verifier, verifies the ID token (signature against the issuer's JWKS, iss, aud, exp, nonce), and sets the session cookie `__Host-aim-session` (HttpOnly, Secure, SameSite=Strict). Failures redirect to the web app's `#/sign-in-failed/<code>` page.",
  request: {
    query: z.object({ code: z.string().max(2000).optional(), state: z.string().max(200).optional(), error: z.string().max(200).optional() }).passthrough(),
  },
  responses: { 302: redirect('the web app: returnTo, or the sign-in failure page') },
});

const session = createRoute({
  method: 'get',
  path: '/auth/session',
  operationId: 'getSignedInSession',
  tags,
  security: cookie,
  summary: 'Who is signed in: the person, their memberships, the one requests act under, and the anti-forgery token',
  responses: {
    200: jsonContent(SignedInSessionSchema, 'the signed-in person'),
    401: unauthorizedProblem('`session_expired`: no session, signed out, idle too long or past its end'),
    ...databaseProblems,
  },
});

const select = createRoute({
  method: 'post',
  path: '/auth/active',
  operationId: 'selectMembership',
  tags,
  security: cookie,
  summary: 'Act for another of your organisations (or your platform role) from now on',
  request: { headers: csrfHeader, body: { required: true, content: { 'application/json': { schema: SelectMembershipRequest } } } },
  responses: {
    200: jsonContent(SignedInSessionSchema, 'the session, acting under the chosen membership'),
    400: problemContent('invalid body'),
    401: unauthorizedProblem('`session_expired`'),
    403: problemContent('`csrf_failed`: the X-AIM-CSRF header is missing or wrong'),
    404: problemContent('no membership there'),
    ...databaseProblems,
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  operationId: 'signOut',
  tags,
  security: cookie,
  summary: "Sign out: ends the session and clears its cookie; returns the provider's end-session address",
  request: { headers: csrfHeader },
  responses: {
    200: jsonContent(SignOutResultSchema, 'signed out here'),
    403: problemContent('`csrf_failed`: the X-AIM-CSRF header is missing or wrong'),
    ...databaseProblems,
  },
});

/** The web app's page for a sign-in that did not succeed, with the problem's code. */
const failurePage = (code: string) => `/#/sign-in-failed/${encodeURIComponent(code)}`;

export function registerSignInRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(login, async (c) => {
    const query = c.req.valid('query');
    const { state, url } = await deps.sessions.begin({ returnTo: query.returnTo, signUp: query.screen === 'signup' });
    setSignInCookie(c, state);
    return c.redirect(url, 302);
  });
  app.openapi(callback, async (c) => {
    try {
      const { secret, returnTo } = await deps.sessions.finish(c.req.url, signInStateOf(c));
      clearSignInCookie(c);
      setSessionCookie(c, secret, deps.sessionMaxAgeSeconds);
      return c.redirect(returnTo, 302);
    } catch (error) {
      if (!(error instanceof DomainError) || !['sign_in_failed', 'sign_in_unavailable'].includes(error.code)) throw error;
      deps.log?.({ level: 'warn', msg: 'sign-in failed', code: error.code, detail: error.message });
      clearSignInCookie(c);
      return c.redirect(failurePage(error.code), 302);
    }
  });
  app.openapi(session, async (c) => {
    const secret = sessionSecretOf(c);
    if (!secret) throw new DomainError('session_expired', 'you are not signed in');
    return c.json(await deps.sessions.view(secret), 200);
  });
  app.openapi(select, async (c) => {
    const secret = sessionSecretOf(c);
    if (!secret) throw new DomainError('session_expired', 'you are not signed in');
    const view = await deps.sessions.select({ secret, method: 'POST', csrfToken: c.req.header(CSRF_HEADER) }, c.req.valid('json').organisationId);
    return c.json(view, 200);
  });
  app.openapi(logout, async (c) => {
    const secret = sessionSecretOf(c);
    const result = secret ? await deps.sessions.signOut({ secret, method: 'POST', csrfToken: c.req.header(CSRF_HEADER) }) : { endSessionUrl: null };
    clearSessionCookie(c);
    return c.json(result, 200);
  });
}
