/**
 * Demo data: synthetic organisations go through the real assessment service, land in
 * synthetic cells only, are labelled, and follow the published figures they are
 * calibrated to.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createServices } from '../../functions/composition';
import { loadConfig, type Config } from '../../functions/config';
import type { Principal } from '../../functions/core/access/principal';
import { scoreAssessment } from '../../functions/core/scoring/score';
import { demoAnswers, seededRandom } from '../../functions/core/benchmark/reference/answers';
import { LOW_SHARE } from '../../functions/core/benchmark/reference/calibration';
import { seedDemo } from '../../scripts/demo/seed';

let config: Config;
let services: ReturnType<typeof createServices>;
const analyst: Principal = { tokenId: 'a', label: 'analyst', role: 'analyst', actorType: 'human', organisationId: null };
const now = new Date('2026-11-20T12:00:00.000Z');

beforeAll(async () => {
  // A generous database timeout: seeding is a burst of writes, and this test is not about timeouts.
  config = loadConfig({ DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), AIM_TABLE_NAME: `it-${randomUUID()}`, AIM_DB_TIMEOUT_MS: '15000' });
  services = createServices(config, loadCatalogue());
  await ensureTable(services.client, config.AIM_TABLE_NAME);
  const seen: number[] = [];
  const result = await seedDemo(config, { organisations: 40, now, progress: (done) => seen.push(done) });
  expect(result.organisations).toBe(40);
  expect(result.submissions).toBeGreaterThanOrEqual(40);
  expect(seen.at(-1)).toBe(40);
  // Seeding 40 organisations takes about 100 s when the whole suite loads the machine (ci-locally): more than the default hook timeout.
}, 300_000);

describe('demo data', () => {
  it('is synthetic, labelled, and kept out of the real population', async () => {
    const submissions = await services.stores.benchmarks.scanSubmissions();
    expect(submissions.every((s) => s.synthetic)).toBe(true);
    // Nothing of the demo reaches the real population's cells. Its release is then noise
    // alone, which may (rarely) be shown: the assertion is on what it is made of.
    const contributions = await services.stores.benchmarks.allContributions();
    expect(contributions.length).toBeGreaterThan(0);
    expect(contributions.filter((c) => c.population !== 'synthetic')).toEqual([]);
    const real = await services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity' });
    expect(real.synthetic).toBe(false);
    expect(real.cohort.population).toBe('real');
    const synthetic = await services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity', population: 'synthetic' });
    // Public demo data: exact figures (intervals of zero width) and no release.
    expect(synthetic).toMatchObject({ suppressed: false, synthetic: true, n: { value: 40, low: 40, high: 40 }, cohort: { population: 'synthetic' } });
    expect(synthetic).not.toHaveProperty('release');
  });

  it('spreads submissions over the last four quarters', async () => {
    const trend = await services.benchmarks.trend(analyst, { questionnaireId: 'agent-identity', population: 'synthetic', periods: 4, to: '2026-Q4' });
    expect(trend.periods.map((p) => p.cohort.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    const contributions = await services.stores.benchmarks.allContributions();
    expect(new Set(contributions.filter((c) => c.scope !== '*').map((c) => c.scope))).toEqual(new Set(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']));
  });

  it('answers low in each domain about as often as the published figures say', () => {
    const questionnaire = loadCatalogue().get('agent-identity', '1.0.0');
    const random = seededRandom(7);
    const runs = 600;
    const low: Record<string, number> = {};
    for (let i = 0; i < runs; i++) {
      const scores = scoreAssessment(questionnaire, demoAnswers(questionnaire, random));
      for (const [id, d] of Object.entries(scores.domains)) if (d.counted > 0 && d.score < 2.5) low[id] = (low[id] ?? 0) + 1;
    }
    const identity = (low['identity-separation'] ?? 0) / runs;
    // "low" = below 2.5, the lower half of the scale; about two thirds cannot tell agent actions from human ones (CSA/Aembit, Jan 2026: 68%)
    expect(identity).toBeGreaterThan(0.58);
    expect(identity).toBeLessThan(0.78);
    for (const [domain, { share }] of Object.entries(LOW_SHARE)) expect(Math.abs((low[domain] ?? 0) / runs - share)).toBeLessThan(0.08);
  });
});
