/**
 * The analysts' benchmark API through a real server: released figures with intervals
 * and release dates, compare, trend, CSV export, what is withheld, and the owner's
 * contribution setting. The server's noise is seeded (test/support/platform-fixture.ts);
 * ε = 16 and a minimum of 5 keep the count's noise small (scale 5/6), so the cohorts of
 * 12 and 16 are shown and those of 0 and 1 withheld for all but a tiny share of seeds.
 * Everyone submits on 1.0.0, so the analyst reads 1.0.0's figures (docs/benchmarks.md, "Versions").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { operations } from '../../functions/contract/openapi-types';
import { apiClient, type ApiClient, type ContractClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { storeOwnerKey } from '../support/stored-keys';
import { verifyOrganisation } from '../support/verification';
import { bodyOf, type OrganisationDetails, registerOrganisation, submitAssessment } from '../support/api-steps';

let now = new Date('2026-11-02T09:00:00.000Z');
const clock = { now: () => now };

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let analyst: ContractClient;
let analystToken: string;
let questionnaire: ServedQuestionnaire;
const owners: { token: string; industry: OrganisationDetails['industry'] }[] = [];

async function submitted(name: string, industry: OrganisationDetails['industry'], level: number, region: OrganisationDetails['region'] = 'europe') {
  const reg = await registerOrganisation(api, name, { industry, region });
  const token = reg.token.secret;
  await verifyOrganisation(api, platform.adminKey, reg.organisation.id);
  await submitAssessment(api, token, questionnaire, (n) => Math.min(n - 1, level));
  // The first owner key lives an hour and the clock moves a day: an owner key stored for 30 days acts later.
  const ownerKey = await storeOwnerKey(platform, {
    organisationId: reg.organisation.id,
    label: 'owner (stored, 30 days)',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
  });
  owners.push({ token: ownerKey, industry });
}

beforeAll(async () => {
  platform = await startTestPlatform({ env: { AIM_PRIVACY_EPSILON: '16', AIM_BENCHMARK_MINIMUM: '5' }, clock });
  api = apiClient(platform.url);
  questionnaire = bodyOf(
    await api.contract().GET('/v1/questionnaires/{id}/versions/{version}', { params: { path: { id: 'agent-identity', version: '1.0.0' } } }),
  );
  analystToken = bodyOf(await api.contract(platform.adminKey).POST('/v1/tokens', { body: { role: 'analyst', label: 'analyst' } })).token.secret;
  analyst = api.contract(analystToken);
  // energy 12, retail 3, healthcare 1
  for (let i = 0; i < 12; i++) await submitted(`Grid ${i}`, 'energy', i % 5);
  for (let i = 0; i < 3; i++) await submitted(`Shop ${i}`, 'retail', i + 1);
  await submitted('Clinic', 'healthcare', 2);
  await platform.drainStream();
});

afterAll(async () => {
  await platform?.stop();
});

/** A cohort's released figures, as the analyst reads them. */
const figures = async (cohort: Omit<operations['getBenchmark']['parameters']['query'], 'questionnaireId'> = {}) =>
  bodyOf(await analyst.GET('/v1/benchmarks', { params: { query: { questionnaireId: 'agent-identity', version: '1.0.0', ...cohort } } }));
/** The figures of a cohort the test expects to be shown. */
const shown = async (cohort: Parameters<typeof figures>[0] = {}) => {
  const f = await figures(cohort);
  if (f.suppressed) throw new Error(`the cohort ${JSON.stringify(cohort)} is suppressed: ${f.reason}`);
  return f;
};
const q = (extra = '') => `/v1/benchmarks?questionnaireId=agent-identity&version=1.0.0${extra}`;

const figure = expect.objectContaining({ value: expect.any(Number), low: expect.any(Number), high: expect.any(Number) });
const RELEASE = { date: '2026-11-02', period: 'day', epsilon: '16', confidence: 0.9 };

describe('analyst benchmarks over HTTP', () => {
  it("shows each published cohort from the day's release, every figure with its interval", async () => {
    const all = await shown();
    expect(all).toMatchObject({
      suppressed: false,
      synthetic: false,
      release: RELEASE,
      n: figure,
      overall: { mean: figure, p10: figure, p50: figure, p90: figure },
    });
    expect(all.n.low).toBeLessThanOrEqual(all.n.value);
    expect(all.n.high).toBeGreaterThanOrEqual(all.n.value);
    expect(all.overall.histogram).toHaveLength(10);
    const energy = await shown({ industry: 'energy' });
    expect(energy).toMatchObject({ suppressed: false, release: RELEASE, domains: expect.any(Object) });
    for (const d of Object.values(energy.domains)) expect(d).toEqual({ p50: figure, n: expect.any(Number) });
  });

  it('withholds cohorts below the minimum and levels that are not published, saying why', async () => {
    expect(await figures({ industry: 'healthcare' })).toEqual({
      cohort: { questionnaireId: 'agent-identity', industry: 'healthcare', population: 'real', version: '1.0.0' },
      pooledVersions: expect.objectContaining({ overall: ['1.0.0'] }),
      synthetic: false,
      release: RELEASE,
      suppressed: true,
      reason: 'noisy organisation count below the minimum of 5',
    });
    const region = await figures({ region: 'europe' });
    expect(region).toMatchObject({ suppressed: true, reason: 'cohorts by region are not published; published levels: everyone, industry' });
    expect(region).not.toHaveProperty('n');
    expect(await figures({ industry: 'energy', sizeBand: '250-999' })).toMatchObject({
      suppressed: true,
      reason: expect.stringContaining('not published'),
    });
  });

  it('answers the same figures all day, and a new release the next day', async () => {
    const first = await figures({ industry: 'energy' });
    const again = await figures({ industry: 'energy' });
    expect(again).toEqual(first);
    now = new Date('2026-11-03T09:00:00.000Z');
    const next = await figures({ industry: 'energy' });
    expect(next.release?.date).toBe('2026-11-03');
    expect(next).not.toEqual(first);
  });

  it('compares two to six cohorts side by side, and refuses one or seven', async () => {
    const compared = bodyOf(
      await analyst.POST('/v1/benchmarks/compare', {
        body: {
          cohorts: [
            { questionnaireId: 'agent-identity', version: '1.0.0', industry: 'energy' },
            { questionnaireId: 'agent-identity', version: '1.0.0', industry: 'retail' },
            { questionnaireId: 'agent-identity', version: '1.0.0', industry: 'healthcare' },
          ],
        },
      }),
    );
    expect(compared.cohorts.map((c) => [c.cohort.industry, c.suppressed])).toEqual([
      ['energy', false],
      ['retail', true],
      ['healthcare', true],
    ]);
    const [energy] = compared.cohorts;
    expect(energy && !energy.suppressed && energy.overall.p50.value).toBeGreaterThan(0);
    const one = await analyst.POST('/v1/benchmarks/compare', { body: { cohorts: [{ questionnaireId: 'agent-identity', version: '1.0.0' }] } });
    expect(one.response.status).toBe(400);
    expect(one.error?.errors?.[0]?.pointer).toMatch(/^\/body\/cohorts/);
    const seven = await analyst.POST('/v1/benchmarks/compare', {
      body: { cohorts: Array.from({ length: 7 }, () => ({ questionnaireId: 'agent-identity', version: '1.0.0' })) },
    });
    expect(seven.response.status).toBe(400);
  });

  it("gives a trend by quarter, oldest first, from each quarter's last release", async () => {
    const trend = (query: Omit<operations['getBenchmarkTrend']['parameters']['query'], 'questionnaireId'>) =>
      analyst.GET('/v1/benchmarks/trend', { params: { query: { questionnaireId: 'agent-identity', version: '1.0.0', ...query } } });
    const past = bodyOf(await trend({ periods: 4, to: '2026-Q2' }));
    expect(past.periods.map((p) => p.cohort.period)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(past.periods.map((p) => p.suppressed && p.reason)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'].map((p) => `no release was made in ${p}`));
    const current = bodyOf(await trend({ periods: 2 }));
    expect(current.periods.map((p) => [p.cohort.period, p.suppressed, p.release?.date ?? null])).toEqual([
      ['2026-Q3', true, null],
      ['2026-Q4', false, '2026-11-03'],
    ]);
    expect((await trend({ periods: 13 })).response.status).toBe(400);
    expect((await trend({ to: '2026-Q5' })).response.status).toBe(400);
  });

  it('exports any of them as CSV with intervals and release dates, by Accept header or ?format=csv', async () => {
    const byHeader = await api.call('GET', q('&industry=energy'), { token: analystToken, headers: { accept: 'text/csv' } });
    expect(byHeader.headers.get('content-type')).toContain('text/csv');
    const lines = String(byHeader.body).trim().split('\n');
    expect(lines[0]).toBe(
      'questionnaireId,industry,sizeBand,region,period,population,synthetic,releaseDate,epsilon,suppressed,reason,n,nLow,nHigh,metric,versions,mean,meanLow,meanHigh,p10,p10Low,p10High,p25,p25Low,p25High,p50,p50Low,p50High,p75,p75Low,p75High,p90,p90Low,p90High',
    );
    expect(lines[1]).toMatch(/^agent-identity,energy,\*,\*,\*,real,false,2026-11-03,16,false,,\d+,\d+,\d+,overall,1\.0\.0,[\d.]+,[\d.]+,[\d.]+,/);
    expect(lines[2]).toMatch(/^agent-identity,energy,.*,false,,\d+,,,[a-z-]+,1\.0\.0( 1\.1\.0)?,,,,,,,,,,[\d.]+,[\d.]+,[\d.]+,,,,,,$/);
    const compare = await api.call('POST', '/v1/benchmarks/compare?format=csv', {
      token: analystToken,
      body: {
        cohorts: [
          { questionnaireId: 'agent-identity', version: '1.0.0', industry: 'energy' },
          { questionnaireId: 'agent-identity', version: '1.0.0', industry: 'healthcare' },
        ],
      },
    });
    expect(String(compare.body)).toContain(
      'agent-identity,healthcare,*,*,*,real,false,2026-11-03,16,true,noisy organisation count below the minimum of 5,,,,,1.0.0,',
    );
    const trend = await api.get('/v1/benchmarks/trend?questionnaireId=agent-identity&version=1.0.0&periods=2&format=csv', analystToken);
    expect(trend.headers.get('content-type')).toContain('text/csv');
    expect(String(trend.body).split('\n')[0]).toContain('releaseDate');
  });

  it('says in the CSV which versions each figure pools, for the version asked or else the latest published', async () => {
    /** metric → versions column of the overall and domain rows of one shown cohort. */
    const versionsColumn = async (version: string) => {
      const [header, ...rows] = String((await api.get(`/v1/benchmarks?questionnaireId=agent-identity${version}&format=csv`, analystToken)).body)
        .trim()
        .split('\n')
        .map((line) => line.split(','));
      const at = (name: string) => header!.indexOf(name);
      return Object.fromEntries(rows.map((r) => [r[at('metric')] || '(suppressed)', r[at('versions')]]));
    };
    // 1.0.0: human oversight and inventory changed meaning in 1.1.0, the other domains pool both.
    expect(await versionsColumn('&version=1.0.0')).toMatchObject({
      overall: '1.0.0',
      'human-oversight': '1.0.0',
      'inventory-ownership': '1.0.0',
      'access-scoping': '1.0.0 1.1.0',
      auditing: '1.0.0 1.1.0',
    });
    const latest = bodyOf(await api.contract().GET('/v1/questionnaires')).questionnaires.find((x) => x.id === 'agent-identity')!.latest;
    const byDefault = bodyOf(await analyst.GET('/v1/benchmarks', { params: { query: { questionnaireId: 'agent-identity' } } }));
    // Nobody submitted on the latest version: one suppressed row, still saying which versions its count is of.
    expect(Object.values(await versionsColumn(''))).toEqual([byDefault.pooledVersions!.overall!.join(' ')]);
    expect(byDefault.pooledVersions!.overall).toEqual([latest]);
    expect(latest).not.toBe('1.0.0');
  });

  it('never names an organisation, and keeps organisations and analysts apart', async () => {
    expect(JSON.stringify(await figures())).not.toMatch(/Grid|Shop|Clinic|organisationId|assessmentId/);
    expect(
      (await api.contract(owners[0]!.token).GET('/v1/benchmarks', { params: { query: { questionnaireId: 'agent-identity', version: '1.0.0' } } })).response
        .status,
    ).toBe(403);
    // Populations the document does not list: only the untyped client can ask for them.
    expect((await api.get(q('&population=everyone'), analystToken)).status).toBe(400);
    expect((await api.get(q('&population=all'), analystToken)).status).toBe(400);
  });

  it("reads a version's figures, the latest published by default, and refuses a version that is not published", async () => {
    const latest = bodyOf(await api.contract().GET('/v1/questionnaires')).questionnaires.find((x) => x.id === 'agent-identity')!.latest;
    const byDefault = bodyOf(await analyst.GET('/v1/benchmarks', { params: { query: { questionnaireId: 'agent-identity' } } }));
    expect(byDefault.cohort.version).toBe(latest);
    expect((await shown()).pooledVersions).toMatchObject({ overall: ['1.0.0'], 'human-oversight': ['1.0.0'] });
    for (const version of ['9.9.9', 'latest']) {
      const refused = await api.get(`/v1/benchmarks?questionnaireId=agent-identity&version=${version}`, analystToken);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(refused.body.errors)).toContain('version');
    }
  });

  it('lets an owner opt out (audited) and back in, and nobody else; nothing moves within the release', async () => {
    const owner = owners.find((o) => o.industry === 'energy')!;
    const ownerClient = api.contract(owner.token);
    const refused = await analyst.PATCH('/v1/organisation/settings', { body: { contributesToBenchmarks: false } });
    expect(refused.response.status).toBe(403);
    expect((await api.patch('/v1/organisation/settings', { contributesToBenchmarks: 'no' }, owner.token)).status).toBe(400);
    const before = await figures();
    const res = await ownerClient.PATCH('/v1/organisation/settings', { body: { contributesToBenchmarks: false } });
    expect(bodyOf(res)).toMatchObject({ contributesToBenchmarks: false });
    // Within the release nothing moves: polling cannot tell that someone left.
    expect(await figures()).toEqual(before);
    const audit = bodyOf(await ownerClient.GET('/v1/audit'));
    expect(audit.events.map((e) => e.operation)).toContain('organisation.settings.update');
    await ownerClient.PATCH('/v1/organisation/settings', { body: { contributesToBenchmarks: true } });
    expect(await figures()).toEqual(before);
  });
});
