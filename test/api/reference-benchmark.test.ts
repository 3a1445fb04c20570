/**
 * Benchmarks from day one (docs/benchmarks.md, "Reference population"): a new organisation
 * whose real cohort is withheld is compared with the reference population, labelled, with
 * what the release says of its real cohort (below the minimum, never an exact count) and
 * the next release date; once enough verified organisations are in the next release, it
 * gets the real cohort. Analysts read the reference population with `population=reference`.
 * ε = 16 and a minimum of 5 keep the count's noise small, as in benchmarks-analysts.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import type { ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { storeOwnerKey } from '../support/stored-keys';
import { verifyOrganisation } from '../support/verification';
import { bodyOf, registerOrganisation, submitAssessment } from '../support/api-steps';

let now = new Date('2026-11-02T09:00:00.000Z');
const clock = { now: () => now };
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let questionnaire: ServedQuestionnaire;
let newcomer: { token: string; assessmentId: string };
let analyst: string;

async function submitted(name: string, level: number) {
  const reg = await registerOrganisation(api, name, { industry: 'energy' });
  await verifyOrganisation(api, platform.adminKey, reg.organisation.id);
  const { id } = await submitAssessment(api, reg.token.secret, questionnaire, (n) => Math.min(n - 1, level));
  // The first owner key lives an hour and the clock moves a day: a key stored for 30 days acts later.
  const token = await storeOwnerKey(platform, {
    organisationId: reg.organisation.id,
    label: 'owner (stored, 30 days)',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
  });
  return { token, assessmentId: id };
}

const position = async (who: { token: string; assessmentId: string }, query: { industry?: 'energy'; sizeBand?: '250-999' } = { industry: 'energy' }) =>
  bodyOf(await api.contract(who.token).GET('/v1/assessments/{id}/benchmark', { params: { path: { id: who.assessmentId }, query } }));

beforeAll(async () => {
  platform = await startTestPlatform({ env: { AIM_PRIVACY_EPSILON: '16', AIM_BENCHMARK_MINIMUM: '5' }, clock });
  api = apiClient(platform.url);
  questionnaire = bodyOf(
    await api.contract().GET('/v1/questionnaires/{id}/versions/{version}', { params: { path: { id: 'agent-identity', version: '1.0.0' } } }),
  );
  analyst = bodyOf(await api.contract(platform.adminKey).POST('/v1/tokens', { body: { role: 'analyst', label: 'analyst' } })).token.secret;
  newcomer = await submitted('First grid', 2);
  await platform.drainStream();
});

afterAll(async () => {
  await platform?.stop();
});

describe('benchmarks from day one', () => {
  it("compares a new organisation with the reference population, labelled, with its real cohort's status", async () => {
    const p = await position(newcomer);
    expect(p).toMatchObject({
      suppressed: false,
      synthetic: true,
      reference: true,
      cohort: { population: 'reference', industry: 'energy', version: '1.0.0' },
      realCohort: { status: 'withheld', minimum: 5, fewerThan: 5, releaseDate: '2026-11-02', nextRelease: '2026-11-03' },
    });
    if (p.suppressed) throw new Error('unreachable');
    // The reference population holds about 2,000 / 10 energy organisations, shown exactly.
    expect(p.n.value).toBeGreaterThan(100);
    expect(p.n.low).toBe(p.n.value);
    expect(p.release).toBeUndefined();
    expect(Object.keys(p.domains).length).toBeGreaterThan(0);
  });

  it('says a real cohort of a kind no release publishes will not open, and still shows the reference', async () => {
    const p = await position(newcomer, { sizeBand: '250-999' });
    expect(p).toMatchObject({ reference: true, realCohort: { status: 'not-published', minimum: 5 } });
    expect(p.realCohort).not.toHaveProperty('nextRelease');
  });

  it('shows the real cohort from the next release once enough verified organisations are in it', async () => {
    for (let i = 0; i < 11; i++) await submitted(`Grid ${i}`, i % 5);
    await platform.drainStream();
    // Same day: the release already made stays as it was published.
    expect(await position(newcomer)).toMatchObject({ reference: true });
    now = new Date('2026-11-03T09:00:00.000Z');
    const p = await position(newcomer);
    expect(p).toMatchObject({ suppressed: false, synthetic: false, cohort: { population: 'real', industry: 'energy' }, release: { date: '2026-11-03' } });
    expect(p).not.toHaveProperty('reference');
    expect(p).not.toHaveProperty('realCohort');
  });

  it('lets analysts read the reference population, exact and labelled', async () => {
    const f = bodyOf(await api.contract(analyst).GET('/v1/benchmarks', { params: { query: { questionnaireId: 'agent-identity', population: 'reference' } } }));
    expect(f).toMatchObject({ suppressed: false, synthetic: true, reference: true, cohort: { population: 'reference' } });
    if (f.suppressed) throw new Error('unreachable');
    expect(f.n.value).toBe(2000);
    const csv = await api.get('/v1/benchmarks?questionnaireId=agent-identity&population=reference&format=csv', analyst);
    const [header, first] = (csv.body as string).split('\n');
    const column = header!.split(',').indexOf('population');
    expect(first!.split(',')[column]).toBe('reference');
  });
});
