/**
 * Releases of the peer benchmarks (issue 14) through the benchmark service on DynamoDB
 * Local: figures are made once per release period, stored, and read back unchanged;
 * changes to the data show at the next release; only published levels have figures.
 *
 * The noise comes from a seeded source, so every run draws the same; the assertions are
 * about what holds whatever the draws, or what fails only for a negligible share of seeds
 * at the settings used (each says why).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access/principal';
import type { ScoredSubmission } from '../../functions/core/benchmark/contributions';
import { allShards, cellId, WILDCARD } from '../../functions/core/benchmark/cells';
import type { Industry } from '../../functions/core/taxonomy';
import { seededRandom } from '../../functions/core/privacy/testing/seeded-random';
import { foldScored } from '../../functions/services/aggregation';
import type { CohortFigures } from '../../functions/services/benchmarks';
import { freshServices } from '../support/table';
import { verifyWithService } from '../support/verification';

const analyst: Principal = { tokenId: 'a', label: 'analyst', role: 'analyst', actorType: 'human', organisationId: null };
const QUESTIONNAIRE = 'agent-identity';

let now = new Date('2026-11-02T09:00:00.000Z');
const clock = { now: () => now };
const nextDay = () => {
  now = new Date(now.getTime() + 86_400_000);
};

type Services = Awaited<ReturnType<typeof freshServices>>['services'];
let services: Services;
const owners = new Map<string, Principal>();

let counter = 0;
async function members(count: number, industry: Industry, score: (i: number) => number): Promise<ScoredSubmission[]> {
  const out: ScoredSubmission[] = [];
  for (let i = 0; i < count; i++) {
    const n = ++counter;
    const { organisation, token } = await services.organisations.register({ name: `Org ${n}`, industry, sizeBand: '50-249', region: 'europe' });
    await verifyWithService(services, organisation.id);
    owners.set(organisation.id, { tokenId: token.id, label: 'owner', role: 'owner', actorType: 'human', organisationId: organisation.id });
    const overall = score(i);
    out.push({
      organisationId: organisation.id,
      assessmentId: `a-${organisation.id}`,
      questionnaireId: QUESTIONNAIRE,
      industry,
      sizeBand: '50-249',
      region: 'europe',
      synthetic: false,
      submittedAt: now.toISOString(),
      overall,
      domains: { 'identity-separation': overall },
    });
  }
  return out;
}

// The members below are scored without a version's metrics, as 1.0.0 submissions are: read 1.0.0's figures.
const read = (filter: Record<string, string> = {}) => services.benchmarks.cohort(analyst, { questionnaireId: QUESTIONNAIRE, version: '1.0.0', ...filter });
const shown = (figures: CohortFigures) => {
  if (figures.suppressed) throw new Error(`expected figures, got: ${figures.reason}`);
  return figures;
};

let energy: ScoredSubmission[];

beforeAll(async () => {
  // ε = 16 makes the count's noise scale 1/(8 · 3/20) = 5/6: a cohort of 60 falls below
  // the minimum of 10 with probability < e^-60, and 30 leavers move it by more than 15
  // unless the two draws differ by 15 (probability < 1e-6).
  ({ services } = await freshServices({ AIM_PRIVACY_EPSILON: '16' }, { clock, random: seededRandom(14) }));
  energy = await members(60, 'energy', (i) => (i % 5) + 0.5);
  await foldScored(services.stores.benchmarks, [...energy, ...(await members(3, 'retail', () => 2))]);
}, 120_000);

describe('benchmark releases', () => {
  it('answers every read of a period with the same stored figures, dated', async () => {
    const [first, ...others] = await Promise.all([read(), read(), read(), read({ industry: 'energy' })]);
    const again = await read();
    expect(others.slice(0, 2)).toEqual([first, first]);
    expect(again).toEqual(first);
    expect(shown(first).release).toEqual({ date: '2026-11-02', period: 'day', epsilon: '16', confidence: 0.9 });
    expect(shown(others[2]!).release?.date).toBe('2026-11-02');
  });

  it('keeps every figure in range, ordered, within its interval', async () => {
    for (const figures of [shown(await read()), shown(await read({ industry: 'energy' }))]) {
      const o = figures.overall;
      const values = [o.p10, o.p25, o.p50, o.p75, o.p90].map((f) => f.value);
      expect([...values].sort((a, b) => a - b)).toEqual(values);
      for (const f of [o.mean, o.p10, o.p25, o.p50, o.p75, o.p90, ...Object.values(figures.domains).map((d) => d.p50)]) {
        expect(f.low).toBeLessThanOrEqual(f.value);
        expect(f.value).toBeLessThanOrEqual(f.high);
        expect(f.low).toBeGreaterThanOrEqual(0);
        expect(f.high).toBeLessThanOrEqual(5);
      }
      expect(figures.n.low).toBeLessThanOrEqual(figures.n.value);
      expect(figures.n.value).toBeLessThanOrEqual(figures.n.high);
      expect(o.histogram).toHaveLength(10);
    }
  });

  it('withholds a cohort below the minimum, and cohorts of levels that are not published', async () => {
    // retail holds 3: its noisy count (scale 5/6) reaches 10 with probability e^-8.4 ≈ 2e-4.
    const retail = await read({ industry: 'retail' });
    expect(retail).toMatchObject({ suppressed: true, reason: expect.stringMatching(/below the minimum/) });
    expect(retail.release?.date).toBe('2026-11-02');
    const region = await read({ region: 'europe' });
    expect(region).toMatchObject({ suppressed: true, reason: 'cohorts by region are not published; published levels: everyone, industry' });
    expect(region).not.toHaveProperty('n');
    const pair = await read({ industry: 'energy', sizeBand: '50-249' });
    expect(pair).toMatchObject({ suppressed: true, reason: expect.stringMatching(/by industry and sizeBand are not published/) });
  });

  it('shows opt-outs at the next release, not before', async () => {
    const before = shown(await read({ industry: 'energy' }));
    for (const member of energy.slice(0, 30)) await services.benchmarks.setContributing(owners.get(member.organisationId)!, { contributesToBenchmarks: false });
    // The cells change at once (exact inside) …
    const cell = { population: 'real' as const, questionnaireId: QUESTIONNAIRE, industry: 'energy', sizeBand: WILDCARD, region: WILDCARD, period: WILDCARD };
    expect((await services.stores.benchmarks.mergedCell(allShards(cell).map(cellId))).n).toBe(30);
    // … the release does not, until the next period.
    expect(await read({ industry: 'energy' })).toEqual(before);
    nextDay();
    const after = shown(await read({ industry: 'energy' }));
    expect(after.release?.date).toBe('2026-11-03');
    expect(before.n.value - after.n.value).toBeGreaterThan(15);
  });

  it("serves a past quarter's last release, and none for a quarter without one", async () => {
    const current = shown(await read());
    now = new Date('2027-01-05T12:00:00.000Z');
    const q4 = await read({ period: '2026-Q4' });
    expect(q4).toEqual({ ...current, cohort: { ...current.cohort, period: '2026-Q4' } });
    const q3 = await read({ period: '2026-Q3' });
    expect(q3).toMatchObject({ suppressed: true, reason: 'no release was made in 2026-Q3' });
    const trend = await services.benchmarks.trend(analyst, { questionnaireId: QUESTIONNAIRE, version: '1.0.0', periods: 3 });
    expect(trend.periods.map((p) => [p.cohort.period, p.release?.date ?? null])).toEqual([
      ['2026-Q3', null],
      ['2026-Q4', '2026-11-03'],
      ['2027-Q1', '2027-01-05'],
    ]);
  });

  it('adds noise outside: over many releases the count is not always the exact one', async () => {
    const seen = new Set<number>();
    for (let day = 0; day < 40; day++) {
      nextDay();
      seen.add(shown(await read()).n.value);
    }
    // Forty draws of noise of scale 5/6 all alike: probability below 0.54^40 < 1e-10.
    expect(seen.size).toBeGreaterThan(1);
  });

  it('refuses to make a release for a questionnaire that does not exist', async () => {
    await expect(read({ questionnaireId: 'no-such-questionnaire' } as never)).rejects.toMatchObject({ code: 'not_found' });
  });
});
