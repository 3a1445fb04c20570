/**
 * What caches may keep. API responses carry secrets (registration, minted tokens,
 * invitation codes) or an organisation's data, so every one says `no-store` unless its
 * route chose a policy itself (the reports: `private, no-store`). Only the public
 * catalogue (taxonomy, questionnaires and their diffs, the same for everyone) may be
 * cached, and only when it answered 200.
 */
import type { MiddlewareHandler } from 'hono';

const PUBLIC_CATALOGUE = /^\/v1\/(taxonomy|questionnaires(\/[^/]+\/(versions\/[^/]+|diff))?)$/;

export const PUBLIC_MAX_AGE_SECONDS = 300;

export function cachePolicy(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.headers.has('cache-control')) return;
    const publicCatalogue = c.req.method === 'GET' && c.res.status === 200 && PUBLIC_CATALOGUE.test(c.req.path);
    c.res.headers.set('cache-control', publicCatalogue ? `public, max-age=${PUBLIC_MAX_AGE_SECONDS}` : 'no-store');
  };
}
