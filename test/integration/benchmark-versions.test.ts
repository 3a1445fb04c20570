/**
 * Benchmarks across questionnaire versions on DynamoDB Local (docs/benchmarks.md,
 * "Versions"): a 1.0.0 and a 1.1.0 submission share a cell; a domain both versions
 * declare equivalent pools into one metric, a domain 1.1.0 changed (human oversight,
 * inventory) and the overall score count apart; analysts read a version's figures; the
 * rebuild computes the same cells.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access/principal';
import type { CellCounts } from '../../functions/core/benchmark/contributions';
import { foldScored, scoredOf } from '../../functions/services/aggregation';
import { computeFromSubmissions } from '../../functions/services/benchmark-rebuild';
import { completeAnswers, servedFrom } from '../support/answering';
import { nonEmptyCells } from '../support/cell-counts';
import { freshServices } from '../support/table';
import { verifyWithService } from '../support/verification';

const analyst: Principal = { tokenId: 'analyst', label: 'analyst', role: 'analyst', actorType: 'human', organisationId: null };
const now = new Date('2026-11-02T09:00:00.000Z');

type Services = Awaited<ReturnType<typeof freshServices>>['services'];
let services: Services;
const submitted: { principal: Principal; assessmentId: string; version: string }[] = [];
const store = () => services.stores.benchmarks;

/** A verified organisation's submission on `version`, every answer at its lowest (`low`) or highest option. */
async function submit(i: number, version: string, low: boolean) {
  const { organisation, token } = await services.organisations.register({ name: `Org ${i}`, industry: 'energy', sizeBand: '50-249', region: 'europe' });
  await verifyWithService(services, organisation.id);
  const principal = await services.tokens.authenticate(token.secret);
  const q = servedFrom(services.catalogue.get('agent-identity', version));
  const draft = await services.assessments.create(principal, { questionnaireId: 'agent-identity', version });
  await services.assessments.saveAnswers(principal, draft.id, { revision: 0, answers: completeAnswers(q, (n) => (low ? 0 : n - 1)) });
  await services.assessments.submit(principal, draft.id);
  submitted.push({ principal, assessmentId: draft.id, version });
}

/** The all-wildcard cell of the real population, its shards added up: metric → organisations. */
async function topCellCounts() {
  const counts: Record<string, number> = {};
  for (const [id, cell] of Object.entries(nonEmptyCells(await store().allCells())) as [string, CellCounts][])
    if (id.startsWith('real#agent-identity#*#*#*#*#')) for (const [metric, h] of Object.entries(cell.metrics)) counts[metric] = (counts[metric] ?? 0) + h.count;
  return counts;
}

beforeAll(async () => {
  // One published level and a large ε, so that cohorts of ten are shown for all but a negligible share of seeds.
  ({ services } = await freshServices(
    { AIM_PRIVACY_EPSILON: '16', AIM_BENCHMARK_MINIMUM: '5', AIM_BENCHMARK_LEVELS: 'everyone' },
    { clock: { now: () => now } },
  ));
  for (let i = 0; i < 10; i++) await submit(i, '1.0.0', true);
  for (let i = 10; i < 20; i++) await submit(i, '1.1.0', false);
  await foldScored(store(), (await store().scanSubmissions()).map(scoredOf));
});

describe('versions in the cells', () => {
  it('pools a domain both versions declare equivalent and keeps a changed domain and the overall score apart', async () => {
    const counts = await topCellCounts();
    expect(counts['access-scoping']).toBe(20);
    expect(counts.auditing).toBe(20);
    expect(counts['human-oversight']).toBe(10);
    expect(counts['human-oversight@1.1.0']).toBe(10);
    expect(counts['inventory-ownership@1.1.0']).toBe(10);
    expect(counts.overall).toBe(10);
    expect(counts['overall@1.1.0']).toBe(10);
  });

  it('rebuilds exactly the cells that folding made', async () => {
    expect(nonEmptyCells((await computeFromSubmissions(store())).cells)).toEqual(nonEmptyCells(await store().allCells()));
  });
});

describe("a version's figures", () => {
  it("reads the latest published version's figures by default", async () => {
    const latest = services.catalogue.list().find((q) => q.id === 'agent-identity')!.latest;
    const figures = await services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity' });
    expect(figures.cohort.version).toBe(latest);
    expect(figures.pooledVersions?.overall).toContain(latest);
  });

  it('says which versions each figure pools, and pools only those', async () => {
    const figures = await services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity', version: '1.1.0' });
    if (figures.suppressed) throw new Error(`withheld: ${figures.reason}`);
    expect(figures.cohort.version).toBe('1.1.0');
    expect(figures.pooledVersions).toMatchObject({
      'access-scoping': expect.arrayContaining(['1.0.0', '1.1.0']),
      'human-oversight': expect.arrayContaining(['1.1.0']),
      'inventory-ownership': expect.arrayContaining(['1.1.0']),
      overall: expect.arrayContaining(['1.1.0']),
    });
    expect(figures.pooledVersions!['human-oversight']).not.toContain('1.0.0');
    expect(figures.pooledVersions!.overall).not.toContain('1.0.0');
    // Ten organisations on 1.1.0, not twenty: the overall score does not pool.
    expect(Math.abs(figures.n.value - 10)).toBeLessThanOrEqual(4);
    expect(figures.overall.p50.value).toBeGreaterThan(3);
    expect(figures.domains['human-oversight']!.p50.value).toBeGreaterThan(3);
  });

  it('reads an older version when asked, and refuses a version that is not published', async () => {
    const older = await services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity', version: '1.0.0' });
    if (older.suppressed) throw new Error(`withheld: ${older.reason}`);
    expect(older.cohort.version).toBe('1.0.0');
    expect(older.pooledVersions).toMatchObject({
      'human-oversight': ['1.0.0'],
      'access-scoping': expect.arrayContaining(['1.0.0', '1.1.0']),
      overall: ['1.0.0'],
    });
    expect(older.overall.p50.value).toBeLessThan(2);
    expect(older.domains['human-oversight']!.p50.value).toBeLessThan(2);
    await expect(services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity', version: '2.0.0' })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ field: ['version'] })],
    });
  });

  it("places an assessment among the figures of its own version's metrics", async () => {
    const mine = submitted.find((s) => s.version === '1.0.0')!;
    const position = await services.benchmarks.forAssessment(mine.principal, mine.assessmentId, {});
    if (position.suppressed) throw new Error(`withheld: ${position.reason}`);
    expect(position.cohort.version).toBe('1.0.0');
    expect(position.pooledVersions?.overall).toEqual(['1.0.0']);
    expect(position.overall.p50.value).toBeLessThan(2);
  });
});
