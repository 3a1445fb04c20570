/**
 * Security headers on every response (the API, its errors, the docs, the web app and its
 * static files): no sniffing, frame denial, a content security policy; CORS answers
 * only the configured web origin (AIM_WEB_ORIGIN), and only on the API.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonClient, type JsonClient } from '../../bench/load-http';
import type { Platform } from '../../functions/local/platform';
import { startTestPlatform } from '../support/platform-fixture';

const WEB_ORIGIN = 'https://aim.example.org';
let platform: Platform;
let api: JsonClient;
let token: string;

beforeAll(async () => {
  // The web app on another origin: sign-in would return there, so no admin key is minted.
  platform = await startTestPlatform({ env: { AIM_WEB_ORIGIN: WEB_ORIGIN }, withAdminKey: false });
  api = jsonClient(platform.url);
  token = (await api.post('/v1/organisations', { name: 'Headers org', industry: 'energy', sizeBand: '50-249', region: 'europe' })).body.token.secret;
});

afterAll(async () => {
  api?.close();
  await platform?.stop();
});

const asset = readdirSync(resolve('web/dist/assets')).find((f) => f.endsWith('.js'));

const requests: [string, string, { body?: unknown; rawBody?: boolean; auth?: boolean }][] = [
  ['GET', '/', {}],
  ['GET', '/index.html', {}],
  ['GET', `/assets/${asset}`, {}],
  ['GET', '/some/page/of/the/app', {}],
  ['GET', '/health', {}],
  ['GET', '/openapi.json', {}],
  ['GET', '/docs', {}],
  ['GET', '/v1/questionnaires/agent-identity/versions/1.0.0', {}],
  ['GET', '/v1/questionnaires/agent-identity/versions/9.9.9', {}],
  ['GET', '/v1/assessments', {}],
  ['GET', '/v1/assessments', { auth: true }],
  ['GET', '/v1/assessments/nope/report.pdf', { auth: true }],
  ['POST', '/v1/organisations', { body: { name: '' } }],
  ['POST', '/v1/organisations', { rawBody: true }],
  ['GET', '/v1/no-such-route', {}],
  ['DELETE', '/v1/organisation', { auth: true, body: { confirm: 'wrong name' } }],
];

describe('security headers', () => {
  it.each(requests)('%s %s', async (method, path, options) => {
    const res = await api.call(method, path, { token: options.auth ? token : undefined, body: options.body, ...(options.rawBody ? { raw: '{"name":' } : {}) });
    expect(res.status).toBeGreaterThan(0);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const csp = String(res.headers['content-security-policy'] ?? '');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

/**
 * Issue 13, finding 5: registration, token and invitation creation, invitation
 * acceptance, export and assessment reads carried no Cache-Control. Every API response
 * other than the public catalogue must say `no-store`; the catalogue may be cached.
 */
describe('Cache-Control', () => {
  const PUBLIC_CATALOGUE = new Set([
    'GET /v1/taxonomy',
    'GET /v1/questionnaires',
    'GET /v1/questionnaires/{id}/versions/{version}',
    'GET /v1/questionnaires/{id}/diff',
  ]);
  const concrete = (route: string) =>
    route
      .replace('{id}/versions/{version}', 'agent-identity/versions/1.0.0')
      .replace('/questionnaires/{id}/diff', '/questionnaires/agent-identity/diff?from=1.0.0&to=1.1.0')
      .replace('{id}', '00000000-0000-4000-8000-000000000000');

  it('every documented operation: no-store, except the public catalogue', async () => {
    const doc = (await api.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([route, ops]) => Object.keys(ops).map((method) => [method.toUpperCase(), route] as const));
    expect(operations.length).toBeGreaterThan(25);
    for (const [method, route] of operations) {
      for (const auth of [true, false]) {
        const res = await api.call(method, concrete(route), { token: auth ? token : undefined, body: method === 'GET' ? undefined : {} });
        const cacheControl = String(res.headers['cache-control'] ?? '');
        const label = `${method} ${route} (${auth ? 'with' : 'without'} a token) → ${res.status}, cache-control: ${cacheControl || 'none'}`;
        if (PUBLIC_CATALOGUE.has(`${method} ${route}`) && res.status === 200) expect(cacheControl, label).toMatch(/^public, max-age=\d+$/);
        else expect(cacheControl, label).toContain('no-store');
      }
    }
  });

  it("responses that carry a secret or an organisation's data, on success", async () => {
    const registered = await api.post('/v1/organisations', { name: 'Cache org', industry: 'energy', sizeBand: '50-249', region: 'europe' });
    const owner = registered.body.token.secret as string;
    const minted = await api.call('POST', '/v1/tokens', { token: owner, body: { role: 'leader', label: 'cache leader' } });
    const invited = await api.call('POST', '/v1/invitations', { token: owner, body: { role: 'respondent', actorType: 'agent', label: 'cache invitee' } });
    const accepted = await api.post('/v1/invitations/accept', { code: invited.body.code });
    const created = await api.call('POST', '/v1/assessments', { token: owner, body: { questionnaireId: 'agent-identity', version: '1.0.0' } });
    const successes = {
      registration: registered,
      'token creation': minted,
      'invitation creation': invited,
      'invitation acceptance': accepted,
      'assessment creation': created,
      'assessment read': await api.call('GET', `/v1/assessments/${created.body.id}`, { token: owner }),
      'assessment list': await api.call('GET', '/v1/assessments', { token: owner }),
      'token list': await api.call('GET', '/v1/tokens', { token: owner }),
      session: await api.call('GET', '/v1/session', { token: owner }),
      export: await api.call('GET', '/v1/organisation/export', { token: owner }),
      audit: await api.call('GET', '/v1/audit', { token: owner }),
      health: await api.call('GET', '/health', {}),
    };
    for (const [name, res] of Object.entries(successes)) {
      expect(res.status, name).toBeLessThan(300);
      expect(String(res.headers['cache-control'] ?? ''), name).toContain('no-store');
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    api.call('OPTIONS', '/v1/assessments', {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('answers the configured web origin on the API', async () => {
    const allowed = await preflight(WEB_ORIGIN);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe(WEB_ORIGIN);
    expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
    const get = await api.call('GET', '/v1/assessments', { token, headers: { origin: WEB_ORIGIN } });
    expect(get.headers['access-control-allow-origin']).toBe(WEB_ORIGIN);
  });

  it("lets the web origin read a download's name and a report's id, digest and release", async () => {
    const get = await api.call('GET', '/v1/assessments', { token, headers: { origin: WEB_ORIGIN } });
    const exposed = String(get.headers['access-control-expose-headers'] ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase());
    for (const name of [
      'x-request-id',
      'content-disposition',
      'x-report-id',
      'x-report-sha256',
      'aim-report-as-of',
      'aim-report-current',
      'aim-report-current-release',
    ])
      expect(exposed, name).toContain(name);
  });

  it('never allows another origin', async () => {
    for (const origin of ['https://evil.example', 'https://aim.example.org.evil.example', 'null']) {
      expect((await preflight(origin)).headers['access-control-allow-origin']).toBeUndefined();
      const get = await api.call('GET', '/v1/questionnaires', { headers: { origin } });
      expect(get.headers['access-control-allow-origin'] ?? '').not.toBe(origin);
      expect(get.headers['access-control-allow-origin'] ?? '').not.toBe('*');
    }
  });

  it('is not offered outside the API', async () => {
    const page = await api.call('GET', '/', { headers: { origin: WEB_ORIGIN } });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });
});
