/**
 * Each request's correlation id, and the audit events of calls that change nothing (reads
 * by agents and keys, refusals by the policy). docs/security.md, "The audit trail: what
 * each record holds".
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Decision, Principal, RequestSummary } from '../core/access/principal';
import { DomainError } from '../core/errors';
import type { AccessAuditService } from '../services/access-audit';
import type { AuditEvent } from '../services/entities';
import { InputError } from './problems';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's correlation id: the X-Request-Id header, problem documents, audit events. */
    correlationId: string;
    /** The principal this request authenticated as (context.ts), with its decision log. */
    principal: Principal;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * API Gateway's request id in AWS: the same value the log lines carry as their correlation
 * id (adapters/observability/hooks.ts), so logs and audit events match. A random UUID locally.
 */
function correlationIdOf(c: Context): string {
  const env = c.env as { event?: { requestContext?: { requestId?: string } } } | undefined;
  return env?.event?.requestContext?.requestId ?? randomUUID();
}

/** Query parameters whose values are never recorded: a credential could ride in one. */
const SENSITIVE = /token|secret|code|state|password|assertion|key|cookie|authorization|session|jwt/i;
const MAX_VALUE = 100;
const MAX_ENTRIES = 20;

function clipped(values: Record<string, string | undefined>, redact: boolean): Record<string, string> {
  const entries = Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries(
    entries.slice(0, MAX_ENTRIES).map(([name, value]) => [name.slice(0, MAX_VALUE), redact && SENSITIVE.test(name) ? '[redacted]' : value.slice(0, MAX_VALUE)]),
  );
}

/** The request as the audit trail records it; called inside the route's handler, so the route is the matched one. */
export function requestSummary(c: Context): RequestSummary {
  return {
    method: c.req.method,
    // Hono's `/v1/assessments/:id` back to the API's own notation, `/v1/assessments/{id}`.
    route: routePath(c).replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}'),
    params: clipped(c.req.param() as Record<string, string>, false),
    query: clipped(c.req.query(), true),
  };
}

/**
 * The principal for this request: a copy (an authenticated identity may be cached across
 * requests) carrying the correlation id, the request and an empty decision log, which
 * authorize() fills (core/access/policy.ts). Kept on the context for `accessAudit`.
 */
export function forRequest(c: Context, principal: Principal): Principal {
  const scoped: Principal = { ...principal, correlationId: c.get('correlationId'), request: requestSummary(c), decisions: [] };
  c.set('principal', scoped);
  return scoped;
}

/** What a read or refusal was about: the resource of the route's last path parameter, else the route itself. */
export function targetOf(request: RequestSummary): AuditEvent['target'] {
  const segments = request.route.split('/');
  const index = segments.findLastIndex((segment) => /^\{\w+\}$/.test(segment));
  if (index < 1) return { type: 'route', id: request.route };
  const name = segments[index]!.slice(1, -1);
  // The collection before the parameter names the type: /v1/assessments/{id}/answers is an assessment.
  return { type: segments[index - 1]!.replace(/s$/, ''), id: request.params[name] ?? '' };
}

/** The refusal that answered this request, if the policy's last decision refused it and that refusal is what the caller got. */
export function refusalOf(principal: Principal, error: unknown): Decision | undefined {
  const last = principal.decisions?.at(-1);
  if (last?.outcome !== 'refused') return undefined;
  // A service may ask the policy and go on when refused (a narrower view): only the refusal it threw counts.
  const thrown = error instanceof InputError ? error.error : error;
  return thrown instanceof DomainError && thrown.code === last.reason ? last : undefined;
}

/**
 * The correlation id of every request (header and problem documents: app.ts), and after
 * the response is produced, the event of a read or a refusal. It is awaited here, before
 * the response goes back to the Lambda (which may freeze right after, losing anything
 * still pending). A failure to write it is logged, not answered: the read itself succeeded.
 */
export function accessAudit(deps: { accessAudit?: AccessAuditService; log?: (entry: Record<string, unknown>) => void }): MiddlewareHandler {
  return async (c, next) => {
    // Locally the API and report apps are mounted on one server: the outer one does this once.
    if (c.get('correlationId')) return next();
    const correlationId = correlationIdOf(c);
    c.set('correlationId', correlationId);
    await next();
    try {
      c.res.headers.set(REQUEST_ID_HEADER, correlationId);
    } catch {
      // A response with immutable headers (Response.redirect, a fetched one): copied to add it.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(REQUEST_ID_HEADER, correlationId);
    }
    const principal = c.get('principal');
    if (!principal?.request || !deps.accessAudit) return;
    const target = targetOf(principal.request);
    const refusal = refusalOf(principal, c.error);
    try {
      if (refusal) await deps.accessAudit.refused(principal, target, refusal);
      else if (c.req.method === 'GET' && c.res.status < 300) await deps.accessAudit.read(principal, target);
    } catch (error) {
      deps.log?.({ level: 'error', msg: 'audit event of a read or refusal not written', correlationId, route: principal.request.route, error: String(error) });
    }
  };
}
