/**
 * The request body limit, answered from the declared length when it decides. Hono's
 * `bodyLimit` first reads `c.req.raw.body`, which on @hono/node-server turns the lightweight
 * request into a full web Request with a body stream on every request, GETs included (and
 * takes `c.req.json()` off its direct read of the socket): a measurable share of an autosave
 * (issue 21, bench/RESULTS.md "Load"). The answers are Hono's: a GET or HEAD carries no
 * body; a Content-Length without Transfer-Encoding is compared with the limit (Node's HTTP
 * parser holds the body to that length, as API Gateway does); any other request, and one
 * over the limit, goes through Hono's middleware, which counts the body as it reads it.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function requestBodyLimit(options: Parameters<typeof bodyLimit>[0]): MiddlewareHandler {
  const counted = bodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && Number.parseInt(length, 10) <= options.maxSize) return next();
    return counted(c, next);
  };
}
