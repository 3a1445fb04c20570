/**
 * The Hono apps. `createApiApp` serves the JSON API and its OpenAPI document;
 * `createReportApp` serves the PDF route and `createEvidenceApp` the evidence imports (each
 * its own Lambda in AWS). Locally all three are mounted on one server. Wiring only: the services do the work.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { ReportRenderer } from '../services/reports';
import { accessAudit, REQUEST_ID_HEADER } from './access-audit';
import { requestBodyLimit } from './body-limit';
import { cachePolicy } from './cache-policy';
import type { AppDeps } from './context';
import { renderDocsPage } from './docs-page';
import { resolveClientAddress } from './rate-limit';
import { problem, problemFromError, PROBLEM_CONTENT_TYPE, RETRY_AFTER_SECONDS, wwwAuthenticate, zodProblem, type Problem } from './problems';
import { registerAgentRoutes } from './routes/agents';
import { registerAuditIntegrityRoutes } from './routes/audit-integrity';
import { registerDelegationRoutes } from './routes/delegations';
import { registerAssessmentRoutes } from './routes/assessments';
import { registerBenchmarkRoutes } from './routes/benchmarks';
import { registerIdentityRoutes } from './routes/identity';
import { registerInvitationRoutes } from './routes/invitations';
import { registerLeakedCredentialRoutes } from './routes/leaked-credentials';
import { registerMemberRoutes } from './routes/members';
import { registerSignInRoutes } from './routes/sign-in';
import { registerOAuthRoutes } from './routes/oauth';
import { registerOrganisationDataRoutes } from './routes/organisation-data';
import { registerPublicRoutes } from './routes/public';
import { registerQuestionnaireVersionRoutes } from './routes/questionnaire-versions';
import { registerReportDataRoutes } from './routes/report-data';
import { DOWNLOAD_HEADERS, registerReportRoutes, reportPdfRoute, reportRefreshRoute } from './routes/reports';
import { registerTargetRoutes } from './routes/targets';
import { registerPlanRoutes } from './routes/plan';
import { registerScopeRoutes } from './routes/scopes';
import { type EvidenceAppDeps, registerEvidenceRoutes } from './routes/evidence';
import { evidenceRoutes } from './routes/evidence-routes';
import { type EvidenceUploadAppDeps, evidenceUploadRoutes, registerEvidenceUploadRoutes } from './routes/evidence-upload-routes';
import { registerMilestoneRoutes } from './routes/milestones';
import { registerVerificationRoutes } from './routes/verification';

const LOCATIONS: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'headers', form: 'body', cookie: 'cookies' };

/** The scheme of the credentials the request carried (`Bearer` or `DPoP` with a token), if any. */
function presentedScheme(c: Context): 'Bearer' | 'DPoP' | undefined {
  const scheme = /^(Bearer|DPoP)\s+\S+\s*$/i.exec(c.req.header('authorization') ?? '')?.[1]?.toLowerCase();
  return scheme === 'bearer' ? 'Bearer' : scheme === 'dpop' ? 'DPoP' : undefined;
}

export function sendProblem(c: Context, body: Problem) {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (body.status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  if (body.status === 429 && typeof body.retryAfter === 'number') headers['retry-after'] = String(body.retryAfter);
  if (body.status === 401) headers['www-authenticate'] = wwwAuthenticate(body, presentedScheme(c));
  return c.body(JSON.stringify(body), body.status as 400, headers);
}

function baseApp(deps: AppDeps) {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return sendProblem(c, zodProblem(result.error, LOCATIONS[result.target] ?? result.target));
    },
  });
  // First: the correlation id of every response, and the audit events of reads and refusals.
  app.use('*', accessAudit(deps));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      xFrameOptions: 'DENY',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  // The caller's address, once per request: the per-client limits key on it (rate-limit.ts).
  app.use('*', async (c, next) => {
    c.set('clientAddress', resolveClientAddress(c, deps.trustedProxy));
    await next();
  });
  // The API and its health check; the web app's static files keep their own policy.
  app.use('/v1/*', cachePolicy());
  app.use('/health', cachePolicy());
  // The OAuth metadata and keys: no-store too, so that a rotated key is seen at once.
  app.use('/.well-known/*', cachePolicy());
  // Sign-in and the session: never cached (they set and read the session cookie).
  app.use('/auth/*', cachePolicy());
  if (deps.webOrigin)
    app.use(
      '/v1/*',
      cors({
        origin: deps.webOrigin,
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-aim-csrf'],
        // What the web app reads of an answer: a file's name, and a report's id, digest and release (routes/reports.ts).
        exposeHeaders: [REQUEST_ID_HEADER, ...DOWNLOAD_HEADERS],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      }),
    );
  app.use(
    '*',
    requestBodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: (c) => {
        // The rest of the body is never read: tell the client not to reuse this connection.
        c.header('connection', 'close');
        return sendProblem(c, problem('payload_too_large', `request bodies are limited to ${deps.maxBodyBytes} bytes`));
      },
    }),
  );
  app.onError((error, c) => {
    const body = problemFromError(error);
    if (body.status >= 500)
      deps.log?.({
        level: 'error',
        msg: 'request failed',
        method: c.req.method,
        path: c.req.path,
        code: body.code,
        error: String(error),
        stack: (error as Error)?.stack,
      });
    return sendProblem(c, body);
  });
  app.notFound((c) => sendProblem(c, problem('not_found', `no route for ${c.req.method} ${c.req.path}`)));
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', {
    type: 'http',
    scheme: 'bearer',
    description: "a key's secret (aim_…, for scripts) or an agent's access token (a JWT from POST /v1/oauth/token; with the DPoP scheme when bound)",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'Session', {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-aim-session',
    description: "a signed-in person's session (the web app, GET /auth/login); state-changing requests also carry the session's X-AIM-CSRF token",
  });
  return app;
}

export const OPENAPI_INFO = {
  title: 'AIM: Agent Identity Maturity API',
  version: '1.0.0',
  description:
    'Self-assessment, maturity scoring, peer benchmarks and reports for the governance of AI-agent identities. Errors are RFC 9457 problem documents (application/problem+json) with a stable `code` and `errors: [{ pointer, message }]`.',
};

export function createApiApp(deps: AppDeps) {
  const app = baseApp(deps);
  registerPublicRoutes(app, deps);
  registerQuestionnaireVersionRoutes(app, deps);
  registerSignInRoutes(app, deps);
  registerIdentityRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  registerLeakedCredentialRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerAgentRoutes(app, deps);
  registerDelegationRoutes(app, deps);
  registerOAuthRoutes(app, deps);
  registerOrganisationDataRoutes(app, deps);
  registerAuditIntegrityRoutes(app, deps);
  registerAssessmentRoutes(app, deps);
  registerBenchmarkRoutes(app, deps);
  registerReportDataRoutes(app, deps);
  registerTargetRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerScopeRoutes(app, deps);
  registerMilestoneRoutes(app, deps);
  registerVerificationRoutes(app, deps);
  app.openAPIRegistry.registerPath(reportPdfRoute);
  app.openAPIRegistry.registerPath(reportRefreshRoute);
  for (const route of evidenceRoutes) app.openAPIRegistry.registerPath(route);
  for (const route of evidenceUploadRoutes) app.openAPIRegistry.registerPath(route);
  app.get('/openapi.json', (c) => c.json(apiDocument(app)));
  app.get('/docs', (c) => c.html(renderDocsPage(apiDocument(app))));
  return app;
}

type App = ReturnType<typeof baseApp>;
const documents = new WeakMap<App, ReturnType<App['getOpenAPI31Document']>>();

/** The OpenAPI 3.1 document of the API app, generated once from its routes' zod schemas. */
export function apiDocument(app: App) {
  let document = documents.get(app);
  if (!document) {
    document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      // Relative: the API answers on the origin that serves this document (locally http://localhost:3000, in AWS the stack's URL).
      servers: [{ url: '/', description: 'the origin serving this document' }],
    });
    documents.set(app, document);
  }
  return document;
}

export function createReportApp(deps: AppDeps & { renderer: ReportRenderer }) {
  const app = baseApp(deps);
  registerReportRoutes(app, deps);
  return app;
}

/** The evidence routes (issue 20): their own Lambda in AWS, so the import's readers stay out of the API bundle. */
export function createEvidenceApp(deps: EvidenceAppDeps & EvidenceUploadAppDeps) {
  const app = baseApp(deps);
  registerEvidenceRoutes(app, deps);
  // Files over the body limit: prepared, PUT elsewhere, then imported (docs/evidence.md, "Large files").
  registerEvidenceUploadRoutes(app, deps);
  return app;
}
