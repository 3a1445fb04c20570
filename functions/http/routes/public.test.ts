/**
 * A questionnaire version is grouped and serialized once per process: every later request
 * answers the same text without building it again (it never changes while the process runs).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCatalogue } from '../../adapters/catalogue/bundled-catalogue';
import { createApiApp } from '../app';
import type { AppDeps } from '../context';

// The bundled catalogue is one object per process: each test spies on it afresh.
afterEach(() => {
  vi.restoreAllMocks();
});

function appWithCatalogue() {
  const catalogue = loadCatalogue();
  const get = vi.spyOn(catalogue, 'get');
  // Only what the public routes use; the others are never reached here.
  const app = createApiApp({ catalogue, checkDatabase: async () => {}, maxBodyBytes: 1_000_000 } as Partial<AppDeps> as AppDeps);
  return { app, catalogue, get };
}

describe('GET /v1/questionnaires/{id}/versions/{version}', () => {
  it('builds a version once and answers every request with the same JSON', async () => {
    const { app, catalogue, get } = appWithCatalogue();
    const path = '/v1/questionnaires/agent-identity/versions/1.0.0';
    const answers = [await app.request(path), await app.request(path), await app.request(path)];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.map((r) => r.headers.get('content-type'))).toEqual(['application/json', 'application/json', 'application/json']);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(texts).size).toBe(1);
    // The served shape: the questions under their domains.
    const served = JSON.parse(texts[0]!) as { id: string; version: string; domains: { id: string; questions: { id: string }[] }[] };
    const source = catalogue.find('agent-identity', '1.0.0')!;
    expect([served.id, served.version]).toEqual(['agent-identity', '1.0.0']);
    expect(served.domains.flatMap((d) => d.questions.map((q) => q.id)).sort()).toEqual(source.questions.map((q) => q.id).sort());
    // Built on the first request only.
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('keeps each version apart and answers 404 for one it does not serve, every time', async () => {
    const { app, get } = appWithCatalogue();
    const other = loadCatalogue()
      .list()
      .flatMap((q) => q.versions.map((v) => ({ id: q.id, version: v.version })))
      .find((v) => !(v.id === 'agent-identity' && v.version === '1.0.0'))!;
    const first = await (await app.request('/v1/questionnaires/agent-identity/versions/1.0.0')).json();
    const second = await (await app.request(`/v1/questionnaires/${other.id}/versions/${other.version}`)).json();
    expect([second.id, second.version]).toEqual([other.id, other.version]);
    expect(second).not.toEqual(first);
    const missing = [
      await app.request('/v1/questionnaires/agent-identity/versions/9.9.9'),
      await app.request('/v1/questionnaires/agent-identity/versions/9.9.9'),
    ];
    expect(missing.map((r) => r.status)).toEqual([404, 404]);
    // Two versions built once each; a missing one is looked up on every request, never kept.
    expect(get).toHaveBeenCalledTimes(4);
  });
});
