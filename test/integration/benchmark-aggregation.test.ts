/**
 * Cohort cells on DynamoDB Local: incremental folding from the stream (with replays,
 * reversed order and concurrent folds) equals a rebuild from the submissions, cell for
 * cell; opting out and withdrawal take an organisation out and keep it out.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createServices } from '../../functions/composition';
import { loadConfig } from '../../functions/config';
import type { Principal } from '../../functions/core/access/principal';
import { foldScored, scoredOf } from '../../functions/services/aggregation';
import { computeFromSubmissions, rebuildBenchmarks } from '../../functions/services/benchmark-rebuild';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { verifyWithService } from '../support/verification';
import { nonEmptyCells } from '../support/cell-counts';

let now = new Date('2026-02-15T10:00:00.000Z');
const clock = { now: () => now };
let services: ReturnType<typeof createServices>;
let questionnaire: ServedQuestionnaire;
let analyst: Principal;
const orgs: { principal: Principal; id: string }[] = [];

const store = () => services.stores.benchmarks;

/** Cells without the zero counts that replaced contributions leave behind. */

async function submit(principal: Principal, level: number, at: string) {
  now = new Date(at);
  const draft = await services.assessments.create(principal, { questionnaireId: 'agent-identity', version: '1.0.0' });
  await services.assessments.saveAnswers(principal, draft.id, {
    revision: 0,
    answers: completeAnswers(questionnaire, (n, q) => Math.min(n - 1, (level + q.id.length) % n)),
  });
  await services.assessments.submit(principal, draft.id);
}

const allSubmissions = async () => (await store().scanSubmissions()).map(scoredOf);
const expectedCells = async () => nonEmptyCells((await computeFromSubmissions(store())).cells);

beforeAll(async () => {
  const config = loadConfig({ DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), AIM_TABLE_NAME: `it-${randomUUID()}`, AIM_K_ANONYMITY: '3' });
  services = createServices(config, loadCatalogue(), { clock });
  await ensureTable(services.client, config.AIM_TABLE_NAME);
  const q = services.catalogue.get('agent-identity', '1.0.0');
  questionnaire = { id: q.id, version: q.version, domains: q.domains.map((d) => ({ id: d.id, questions: q.questions.filter((x) => x.domain === d.id) })) };
  const industries = ['energy', 'energy', 'retail', 'retail', 'healthcare', 'energy', 'retail'] as const;
  for (let i = 0; i < industries.length; i++) {
    const { organisation, token } = await services.organisations.register({
      name: `Org ${i}`,
      industry: industries[i]!,
      sizeBand: i % 2 ? '50-249' : '5000+',
      region: i % 3 ? 'europe' : 'asia-pacific',
    });
    await verifyWithService(services, organisation.id);
    orgs.push({ principal: await services.tokens.authenticate(token.secret), id: organisation.id });
  }
  // Four quarters; some organisations submit more than once, one twice in a quarter.
  for (let i = 0; i < orgs.length; i++) await submit(orgs[i]!.principal, i, `2026-0${1 + (i % 3)}-10T09:00:00.000Z`);
  for (let i = 0; i < orgs.length; i += 2) await submit(orgs[i]!.principal, i + 2, `2026-0${4 + (i % 4)}-11T09:00:00.000Z`);
  await submit(orgs[0]!.principal, 0, '2026-07-12T09:00:00.000Z');
  await submit(orgs[0]!.principal, 4, '2026-07-30T09:00:00.000Z');
  await submit(orgs[1]!.principal, 1, '2026-10-01T09:00:00.000Z');
  analyst = { tokenId: 'analyst', label: 'analyst', role: 'analyst', actorType: 'human', organisationId: null };
});

describe('incremental folding and rebuild', () => {
  it('folds replays, reversed and concurrent deliveries into exactly the cells a rebuild computes', async () => {
    const all = await allSubmissions();
    expect(all.length).toBe(14);
    await foldScored(store(), all.slice(0, 5));
    await foldScored(store(), [...all].reverse());
    await Promise.all([foldScored(store(), all), foldScored(store(), [...all].reverse()), foldScored(store(), all.slice(3, 9))]);
    for (const s of all) await foldScored(store(), [s]);
    const incremental = nonEmptyCells(await store().allCells());
    expect(Object.keys(incremental).length).toBeGreaterThan(50);
    expect(incremental).toEqual(await expectedCells());

    const result = await rebuildBenchmarks(store());
    expect(result.cells).toBe(Object.keys(incremental).length);
    expect(nonEmptyCells(await store().allCells())).toEqual(incremental);
    expect((await store().allContributions()).length).toBe(result.contributions);
  });

  it("counts an organisation's latest submission in the all-period cells and its latest of each quarter in that quarter's cells", async () => {
    const mine = (await store().contributionsOfOrganisation(orgs[0]!.id)).sort((a, b) => a.scope.localeCompare(b.scope));
    expect(mine.map((c) => c.scope)).toEqual(['*', '2026-Q1', '2026-Q2', '2026-Q3']);
    const q3 = mine.find((c) => c.scope === '2026-Q3')!;
    expect(q3.submittedAt).toBe('2026-07-30T09:00:00.000Z');
    expect(mine.find((c) => c.scope === '*')!.submittedAt).toBe('2026-07-30T09:00:00.000Z');
  });

  it('withdraws an organisation that opts out, keeps it out on replays, and re-adds it when it opts in', async () => {
    const owner = orgs[2]!;
    const before = nonEmptyCells(await store().allCells());
    expect(await services.benchmarks.setContributing(owner.principal, { contributesToBenchmarks: false })).toEqual({ contributesToBenchmarks: false });
    expect(await store().contributionsOfOrganisation(owner.id)).toEqual([]);
    expect((await services.stores.organisations.get(owner.id))?.contributesToBenchmarks).toBe(false);
    // a late replay of its submissions changes nothing
    await foldScored(store(), await allSubmissions());
    const out = nonEmptyCells(await store().allCells());
    expect(out).toEqual(await expectedCells());
    expect(out).not.toEqual(before);
    const top = Object.entries(out).filter(([id]) => id.startsWith('real#agent-identity#*#*#*#*#'));
    expect(top.reduce((n, [, c]) => n + c.n, 0)).toBe(orgs.length - 1);

    await services.benchmarks.setContributing(owner.principal, { contributesToBenchmarks: true });
    expect(nonEmptyCells(await store().allCells())).toEqual(before);
  });

  it('takes a deleted organisation out for good', async () => {
    const gone = orgs[3]!;
    await services.benchmarks.withdrawOrganisation(gone.id);
    await foldScored(store(), await allSubmissions());
    expect(await store().contributionsOfOrganisation(gone.id)).toEqual([]);
    const cells = nonEmptyCells(await store().allCells());
    expect(cells).toEqual(await expectedCells());
    const top = Object.entries(cells).filter(([id]) => id.startsWith('real#agent-identity#*#*#*#*#'));
    expect(top.reduce((n, [, c]) => n + c.n, 0)).toBe(orgs.length - 1);
    // an owner cannot opt a withdrawn organisation back in
    await expect(services.benchmarks.setContributing(gone.principal, { contributesToBenchmarks: true })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('only owners change the setting', async () => {
    await expect(services.benchmarks.setContributing(analyst, { contributesToBenchmarks: false })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
