/**
 * The analysts' benchmark API through a real server: released figures with intervals
 * and release dates, compare, trend, CSV export, what is withheld, and the owner's
 * contribution setting. The server's noise is seeded (test/support/platform-fixture.ts);
 * ε = 16 and a minimum of 5 keep the count's noise small (scale 5/6), so the cohorts of
 * 12 and 16 are shown and those of 0 and 1 withheld for all but a tiny share of seeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { verifyOrganisation } from '../support/verification';
import { registerOrganisation, submitAssessment } from '../support/api-steps';

let now = new Date('2026-11-02T09:00:00.000Z');
const clock = { now: () => now };

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let analyst: string;
let questionnaire: ServedQuestionnaire;
const owners: { token: string; industry: string }[] = [];

async function submitted(name: string, industry: string, level: number, region = 'europe') {
  const reg = await registerOrganisation(api, name, { industry, region });
  const token = reg.token.secret;
  await verifyOrganisation(api, platform.adminToken, reg.organisation.id);
  await submitAssessment(api, token, questionnaire, (n) => Math.min(n - 1, level));
  owners.push({ token, industry });
}

beforeAll(async () => {
  platform = await startTestPlatform({ env: { AIM_PRIVACY_EPSILON: '16', AIM_BENCHMARK_MINIMUM: '5' }, clock });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  analyst = (await api.post('/v1/tokens', { role: 'analyst', label: 'analyst' }, platform.adminToken)).body.token.secret;
  // energy 12, retail 3, healthcare 1
  for (let i = 0; i < 12; i++) await submitted(`Grid ${i}`, 'energy', i % 5);
  for (let i = 0; i < 3; i++) await submitted(`Shop ${i}`, 'retail', i + 1);
  await submitted('Clinic', 'healthcare', 2);
  await platform.drainStream();
});

afterAll(async () => {
  await platform?.stop();
});

const q = (extra = '') => `/v1/benchmarks?questionnaireId=agent-identity${extra}`;

const figure = expect.objectContaining({ value: expect.any(Number), low: expect.any(Number), high: expect.any(Number) });
const RELEASE = { date: '2026-11-02', period: 'day', epsilon: '16', confidence: 0.9 };

describe('analyst benchmarks over HTTP', () => {
  it("shows each published cohort from the day's release, every figure with its interval", async () => {
    const all = await api.get(q(), analyst);
    expect(all.body).toMatchObject({
      suppressed: false,
      synthetic: false,
      release: RELEASE,
      n: figure,
      overall: { mean: figure, p10: figure, p50: figure, p90: figure },
    });
    expect(all.body.n.low).toBeLessThanOrEqual(all.body.n.value);
    expect(all.body.n.high).toBeGreaterThanOrEqual(all.body.n.value);
    expect(all.body.overall.histogram).toHaveLength(10);
    const energy = (await api.get(q('&industry=energy'), analyst)).body;
    expect(energy).toMatchObject({ suppressed: false, release: RELEASE, domains: expect.any(Object) });
    for (const d of Object.values(energy.domains) as any[]) expect(d).toEqual({ p50: figure, n: expect.any(Number) });
  });

  it('withholds cohorts below the minimum and levels that are not published, saying why', async () => {
    expect((await api.get(q('&industry=healthcare'), analyst)).body).toEqual({
      cohort: { questionnaireId: 'agent-identity', industry: 'healthcare', population: 'real' },
      synthetic: false,
      release: RELEASE,
      suppressed: true,
      reason: 'noisy organisation count below the minimum of 5',
    });
    const region = (await api.get(q('&region=europe'), analyst)).body;
    expect(region).toMatchObject({ suppressed: true, reason: 'cohorts by region are not published; published levels: everyone, industry' });
    expect(region).not.toHaveProperty('n');
    expect((await api.get(q('&industry=energy&sizeBand=250-999'), analyst)).body).toMatchObject({
      suppressed: true,
      reason: expect.stringContaining('not published'),
    });
  });

  it('answers the same figures all day, and a new release the next day', async () => {
    const first = await api.get(q('&industry=energy'), analyst);
    const again = await api.get(q('&industry=energy'), analyst);
    expect(again.body).toEqual(first.body);
    now = new Date('2026-11-03T09:00:00.000Z');
    const next = await api.get(q('&industry=energy'), analyst);
    expect(next.body.release.date).toBe('2026-11-03');
    expect(next.body).not.toEqual(first.body);
  });

  it('compares two to six cohorts side by side, and refuses one or seven', async () => {
    const res = await api.post(
      '/v1/benchmarks/compare',
      {
        cohorts: [
          { questionnaireId: 'agent-identity', industry: 'energy' },
          { questionnaireId: 'agent-identity', industry: 'retail' },
          { questionnaireId: 'agent-identity', industry: 'healthcare' },
        ],
      },
      analyst,
    );
    expect(res.status).toBe(200);
    expect(res.body.cohorts.map((c: any) => [c.cohort.industry, c.suppressed])).toEqual([
      ['energy', false],
      ['retail', true],
      ['healthcare', true],
    ]);
    expect(res.body.cohorts[0].overall.p50.value).toBeGreaterThan(0);
    const one = await api.post('/v1/benchmarks/compare', { cohorts: [{ questionnaireId: 'agent-identity' }] }, analyst);
    expect(one.status).toBe(400);
    expect(one.body.errors[0].pointer).toMatch(/^\/body\/cohorts/);
    const seven = await api.post('/v1/benchmarks/compare', { cohorts: Array.from({ length: 7 }, () => ({ questionnaireId: 'agent-identity' })) }, analyst);
    expect(seven.status).toBe(400);
  });

  it("gives a trend by quarter, oldest first, from each quarter's last release", async () => {
    const res = await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=4&to=2026-Q2', analyst);
    expect(res.status).toBe(200);
    expect(res.body.periods.map((p: any) => p.cohort.period)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(res.body.periods.map((p: any) => p.reason)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'].map((p) => `no release was made in ${p}`));
    const current = await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=2', analyst);
    expect(current.body.periods.map((p: any) => [p.cohort.period, p.suppressed, p.release?.date ?? null])).toEqual([
      ['2026-Q3', true, null],
      ['2026-Q4', false, '2026-11-03'],
    ]);
    expect((await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=13', analyst)).status).toBe(400);
    expect((await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&to=2026-Q5', analyst)).status).toBe(400);
  });

  it('exports any of them as CSV with intervals and release dates, by Accept header or ?format=csv', async () => {
    const byHeader = await api.call('GET', q('&industry=energy'), { token: analyst, headers: { accept: 'text/csv' } });
    expect(byHeader.headers.get('content-type')).toContain('text/csv');
    const lines = String(byHeader.body).trim().split('\n');
    expect(lines[0]).toBe(
      'questionnaireId,industry,sizeBand,region,period,population,synthetic,releaseDate,epsilon,suppressed,reason,n,nLow,nHigh,metric,mean,meanLow,meanHigh,p10,p10Low,p10High,p25,p25Low,p25High,p50,p50Low,p50High,p75,p75Low,p75High,p90,p90Low,p90High',
    );
    expect(lines[1]).toMatch(/^agent-identity,energy,\*,\*,\*,real,false,2026-11-03,16,false,,\d+,\d+,\d+,overall,[\d.]+,[\d.]+,[\d.]+,/);
    expect(lines[2]).toMatch(/^agent-identity,energy,.*,false,,\d+,,,[a-z-]+,,,,,,,,,,[\d.]+,[\d.]+,[\d.]+,,,,,,$/);
    const compare = await api.call('POST', '/v1/benchmarks/compare?format=csv', {
      token: analyst,
      body: {
        cohorts: [
          { questionnaireId: 'agent-identity', industry: 'energy' },
          { questionnaireId: 'agent-identity', industry: 'healthcare' },
        ],
      },
    });
    expect(String(compare.body)).toContain('agent-identity,healthcare,*,*,*,real,false,2026-11-03,16,true,noisy organisation count below the minimum of 5,,');
    const trend = await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=2&format=csv', analyst);
    expect(trend.headers.get('content-type')).toContain('text/csv');
    expect(String(trend.body).split('\n')[0]).toContain('releaseDate');
  });

  it('never names an organisation, and keeps organisations and analysts apart', async () => {
    const res = await api.get(q(), analyst);
    expect(JSON.stringify(res.body)).not.toMatch(/Grid|Shop|Clinic|organisationId|assessmentId/);
    expect((await api.get(q(), owners[0]!.token)).status).toBe(403);
    expect((await api.get(q('&population=everyone'), analyst)).status).toBe(400);
    expect((await api.get(q('&population=all'), analyst)).status).toBe(400);
  });

  it('lets an owner opt out (audited) and back in, and nobody else; nothing moves within the release', async () => {
    const owner = owners.find((o) => o.industry === 'energy')!;
    const refused = await api.patch('/v1/organisation/settings', { contributesToBenchmarks: false }, analyst);
    expect(refused.status).toBe(403);
    expect((await api.patch('/v1/organisation/settings', { contributesToBenchmarks: 'no' }, owner.token)).status).toBe(400);
    const before = (await api.get(q(), analyst)).body;
    const res = await api.patch('/v1/organisation/settings', { contributesToBenchmarks: false }, owner.token);
    expect(res).toMatchObject({ status: 200, body: { contributesToBenchmarks: false } });
    // Within the release nothing moves: polling cannot tell that someone left.
    expect((await api.get(q(), analyst)).body).toEqual(before);
    const audit = await api.get('/v1/audit', owner.token);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('organisation.settings.update');
    await api.patch('/v1/organisation/settings', { contributesToBenchmarks: true }, owner.token);
    expect((await api.get(q(), analyst)).body).toEqual(before);
  });
});
