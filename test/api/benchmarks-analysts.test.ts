/**
 * The analysts' benchmark API through a real server: compare, trend, CSV export, the
 * privacy rules as answered over HTTP, and the owner's contribution setting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { verifyOrganisation } from '../support/verification';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let analyst: string;
let questionnaire: ServedQuestionnaire;
const owners: { token: string; industry: string }[] = [];

async function submitted(name: string, industry: string, level: number, region = 'europe') {
  const reg = await api.post('/v1/organisations', { name, industry, sizeBand: '250-999', region });
  const token = reg.body.token.secret as string;
  await verifyOrganisation(api, platform.adminToken, reg.body.organisation.id);
  const draft = await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, token);
  await api.patch(`/v1/assessments/${draft.body.id}/answers`, { revision: 0, answers: completeAnswers(questionnaire, (n) => Math.min(n - 1, level)) }, token);
  expect((await api.post(`/v1/assessments/${draft.body.id}/submit`, undefined, token)).status).toBe(200);
  owners.push({ token, industry });
}

beforeAll(async () => {
  platform = await startTestPlatform({ env: { AIM_K_ANONYMITY: '3' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  analyst = (await api.post('/v1/tokens', { role: 'analyst', label: 'analyst' }, platform.adminToken)).body.token.secret;
  // energy 4, retail 3, healthcare 1
  for (let i = 0; i < 4; i++) await submitted(`Grid ${i}`, 'energy', i);
  for (let i = 0; i < 3; i++) await submitted(`Shop ${i}`, 'retail', i + 1);
  await submitted('Clinic', 'healthcare', 2);
  await platform.drainStream();
});

afterAll(async () => {
  await platform?.stop();
});

const q = (extra = '') => `/v1/benchmarks?questionnaireId=agent-identity${extra}`;

describe('analyst benchmarks over HTTP', () => {
  it('suppresses the narrower of two cohorts that differ by fewer than k organisations', async () => {
    const all = await api.get(q(), analyst);
    expect(all.body).toMatchObject({ suppressed: false, n: 8, synthetic: false });
    // healthcare has 1 < k. Energy (8 − 4 = 4 ≥ k) and retail (8 − 3 = 5) each pass the
    // pairwise rule, but all − energy − retail would be the one clinic: the smallest shown
    // sibling, retail, is hidden too (complementary suppression), so 8 − 4 covers 4 ≥ k.
    expect((await api.get(q('&industry=energy'), analyst)).body).toMatchObject({ suppressed: false, n: 4 });
    expect((await api.get(q('&industry=retail'), analyst)).body).toEqual({ cohort: { questionnaireId: 'agent-identity', industry: 'retail', population: 'real' }, synthetic: false, suppressed: true });
    expect((await api.get(q('&industry=healthcare'), analyst)).body).toEqual({ cohort: { questionnaireId: 'agent-identity', industry: 'healthcare', population: 'real' }, synthetic: false, suppressed: true });
    // everyone in europe / 250-999: identical to the broader cohort, nothing to subtract
    expect((await api.get(q('&region=europe&sizeBand=250-999'), analyst)).body).toMatchObject({ suppressed: false, n: 8 });
  });

  it('suppresses a cohort whose broader one holds 1 to k − 1 more organisations', async () => {
    await submitted('Grid 5', 'energy', 3);
    await submitted('Grid 6', 'energy', 4);
    await submitted('Grid Asia', 'energy', 2, 'asia-pacific');
    await platform.drainStream();
    // 11 in all, 10 in europe: asking for both would single out the one outside europe
    expect((await api.get(q(), analyst)).body).toMatchObject({ suppressed: false, n: 11 });
    expect((await api.get(q('&region=europe'), analyst)).body).toMatchObject({ suppressed: true });
    expect((await api.get(q('&region=europe'), analyst)).body).not.toHaveProperty('n');
    // energy 7 vs energy in europe 6: the narrower one is suppressed, the broader shown
    expect((await api.get(q('&industry=energy'), analyst)).body).toMatchObject({ suppressed: false, n: 7 });
    expect((await api.get(q('&industry=energy&region=europe'), analyst)).body).toMatchObject({ suppressed: true });
    // the organisations of the current quarter are all of them: identical sets are shown
    const period = (await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=1', analyst)).body.periods[0].cohort.period;
    expect((await api.get(q(`&period=${period}`), analyst)).body).toMatchObject({ suppressed: false, n: 11 });
  });

  it('never lets a broader cohort minus its shown siblings isolate fewer than k organisations', async () => {
    const k = 3;
    const dimensions = (await api.get('/v1/taxonomy')).body as Record<string, string[]>;
    let checked = 0;
    for (const parent of ['', '&industry=energy', '&region=europe']) {
      const broader = (await api.get(q(parent), analyst)).body;
      if (broader.suppressed) continue;
      for (const [dimension, values] of Object.entries(dimensions)) {
        if (parent.includes(`${dimension}=`)) continue;
        const siblings = await Promise.all(values.map((value) => api.get(q(`${parent}&${dimension}=${encodeURIComponent(value)}`), analyst)));
        expect(siblings.map((res) => res.status)).toEqual(values.map(() => 200));
        const rest = broader.n - siblings.reduce((sum, { body }) => sum + (body.suppressed ? 0 : body.n), 0);
        expect(rest === 0 || rest >= k, `${parent || 'all'} by ${dimension}: ${rest} left over`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('compares two to six cohorts side by side, and refuses one or seven', async () => {
    const res = await api.post('/v1/benchmarks/compare', { cohorts: [{ questionnaireId: 'agent-identity', industry: 'energy' }, { questionnaireId: 'agent-identity', industry: 'retail' }, { questionnaireId: 'agent-identity', industry: 'healthcare' }] }, analyst);
    expect(res.status).toBe(200);
    // retail is hidden with healthcare: shown together, all − energy − retail would single out the clinic
    expect(res.body.cohorts.map((c: any) => [c.cohort.industry, c.suppressed])).toEqual([['energy', false], ['retail', true], ['healthcare', true]]);
    expect(res.body.cohorts[0].overall.p50).toBeGreaterThan(0);
    const one = await api.post('/v1/benchmarks/compare', { cohorts: [{ questionnaireId: 'agent-identity' }] }, analyst);
    expect(one.status).toBe(400);
    expect(one.body.errors[0].pointer).toMatch(/^\/body\/cohorts/);
    const seven = await api.post('/v1/benchmarks/compare', { cohorts: Array.from({ length: 7 }, () => ({ questionnaireId: 'agent-identity' })) }, analyst);
    expect(seven.status).toBe(400);
  });

  it('gives a trend by quarter, oldest first', async () => {
    const res = await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=4&to=2026-Q2', analyst);
    expect(res.status).toBe(200);
    expect(res.body.periods.map((p: any) => p.cohort.period)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect((await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=13', analyst)).status).toBe(400);
    expect((await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&to=2026-Q5', analyst)).status).toBe(400);
  });

  it('exports any of them as CSV, by Accept header or ?format=csv', async () => {
    const byHeader = await api.call('GET', q('&industry=energy'), { token: analyst, headers: { accept: 'text/csv' } });
    expect(byHeader.headers.get('content-type')).toContain('text/csv');
    const lines = String(byHeader.body).trim().split('\n');
    expect(lines[0]).toBe('questionnaireId,industry,sizeBand,region,period,population,synthetic,suppressed,n,metric,mean,p10,p25,p50,p75,p90');
    expect(lines[1]).toMatch(/^agent-identity,energy,\*,\*,\*,real,false,false,7,overall,/);
    expect(lines.length).toBeGreaterThan(2);
    const compare = await api.call('POST', '/v1/benchmarks/compare?format=csv', { token: analyst, body: { cohorts: [{ questionnaireId: 'agent-identity', industry: 'energy' }, { questionnaireId: 'agent-identity', industry: 'healthcare' }] } });
    expect(String(compare.body)).toContain('agent-identity,healthcare,*,*,*,real,false,true,,');
    const trend = await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&periods=2&format=csv', analyst);
    expect(trend.headers.get('content-type')).toContain('text/csv');
    expect(String(trend.body).split('\n')[0]).toContain('period');
  });

  it('never names an organisation, and keeps organisations and analysts apart', async () => {
    const res = await api.get(q(), analyst);
    expect(JSON.stringify(res.body)).not.toMatch(/Grid|Shop|Clinic|organisationId|assessmentId/);
    expect((await api.get(q(), owners[0]!.token)).status).toBe(403);
    expect((await api.get(q('&population=everyone'), analyst)).status).toBe(400);
  });

  it('lets an owner opt out (audited) and back in, and nobody else', async () => {
    const owner = owners.find((o) => o.industry === 'retail')!;
    const refused = await api.patch('/v1/organisation/settings', { contributesToBenchmarks: false }, analyst);
    expect(refused.status).toBe(403);
    expect((await api.patch('/v1/organisation/settings', { contributesToBenchmarks: 'no' }, owner.token)).status).toBe(400);
    const res = await api.patch('/v1/organisation/settings', { contributesToBenchmarks: false }, owner.token);
    expect(res).toMatchObject({ status: 200, body: { contributesToBenchmarks: false } });
    expect((await api.get(q('&industry=retail'), analyst)).body).toMatchObject({ suppressed: true });
    expect((await api.get(q(), analyst)).body).toMatchObject({ n: 10 });
    const audit = await api.get('/v1/audit', owner.token);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('organisation.settings.update');
    await api.patch('/v1/organisation/settings', { contributesToBenchmarks: true }, owner.token);
    expect((await api.get(q(), analyst)).body).toMatchObject({ n: 11 });
  });
});
