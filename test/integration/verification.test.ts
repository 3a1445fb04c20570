/**
 * Verification against DynamoDB Local (docs/benchmarks.md, "Verification"): an
 * unverified organisation's submissions change no cohort, however often the stream
 * delivers them, until an admin approves it; rejecting or un-verifying takes them out
 * again; the cells always equal a rebuild from the stored submissions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WILDCARD, cellId, allShards } from '../../functions/core/benchmark/cells';
import type { Principal } from '../../functions/core/access/principal';
import type { CellCounts } from '../../functions/core/benchmark/contributions';
import { foldScored, scoredOf } from '../../functions/services/aggregation';
import { computeFromSubmissions } from '../../functions/services/benchmark-rebuild';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { freshServices } from '../support/table';
import { TEST_ADMIN, verifyWithService } from '../support/verification';

let ctx: Awaited<ReturnType<typeof freshServices>>;
let questionnaire: ServedQuestionnaire;
const store = () => ctx.services.stores.benchmarks;

async function submitted(name: string, level: number, verified: boolean) {
  const { organisation, token } = await ctx.services.organisations.register({ name, industry: 'energy', sizeBand: '5000+', region: 'europe' });
  if (verified) await verifyWithService(ctx.services, organisation.id);
  const principal = await ctx.services.tokens.authenticate(token.secret);
  const draft = await ctx.services.assessments.create(principal, { questionnaireId: 'agent-identity', version: '1.0.0' });
  await ctx.services.assessments.saveAnswers(principal, draft.id, { revision: 0, answers: completeAnswers(questionnaire, (n) => Math.min(n - 1, level)) });
  await ctx.services.assessments.submit(principal, draft.id);
  return { id: organisation.id, principal, assessmentId: draft.id };
}

/** What the stream would deliver: every stored submission (a replay of everything). */
const replayStream = async () => foldScored(store(), (await store().scanSubmissions()).map(scoredOf));

/** Organisations in the all-period, all-wildcard real cell. */
async function everyone(): Promise<number> {
  const top = { population: 'real' as const, questionnaireId: 'agent-identity', industry: WILDCARD, sizeBand: WILDCARD, region: WILDCARD, period: WILDCARD };
  return (await store().mergedCell(allShards(top).map(cellId))).n;
}

/** Cells as comparable values: empty cells and metrics left out (a rebuild does not write them). */
const sorted = (cells: ReadonlyMap<string, CellCounts>) =>
  Object.fromEntries(
    [...cells]
      .filter(([, c]) => c.n !== 0)
      .map(([id, c]) => [id, { n: c.n, metrics: Object.fromEntries(Object.entries(c.metrics).filter(([, h]) => h.count !== 0)) }] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
async function expectRebuildEquality() {
  expect(sorted(await store().allCells())).toEqual(sorted((await computeFromSubmissions(store())).cells));
}

let unverified: Awaited<ReturnType<typeof submitted>>;

beforeAll(async () => {
  ctx = await freshServices({ AIM_K_ANONYMITY: '3' });
  const q = ctx.services.catalogue.get('agent-identity', '1.0.0');
  questionnaire = { id: q.id, version: q.version, domains: q.domains.map((d) => ({ id: d.id, questions: q.questions.filter((x) => x.domain === d.id) })) };
  for (let i = 0; i < 3; i++) await submitted(`Verified ${i}`, i + 1, true);
  unverified = await submitted('Newcomer', 4, false);
  await replayStream();
});

describe('verification and the benchmark fold', () => {
  it("leaves every cohort unchanged by an unverified organisation's submission, however often it is replayed", async () => {
    expect(await everyone()).toBe(3);
    expect(await store().contributionsOfOrganisation(unverified.id)).toEqual([]);
    const before = sorted(await store().allCells());
    await replayStream();
    await replayStream();
    expect(sorted(await store().allCells())).toEqual(before);
    await expectRebuildEquality();
    // It still sees the benchmark as everyone does: today's release (three organisations
    // are below the minimum, so withheld) of the cohort it is not counted in, and in its
    // place the reference population (docs/benchmarks.md, "Reference population").
    expect(await ctx.services.benchmarks.forAssessment(unverified.principal, unverified.assessmentId, {})).toMatchObject({
      suppressed: false,
      reference: true,
      realCohort: { status: 'withheld', reason: expect.stringMatching(/below the minimum/), releaseDate: expect.any(String) },
    });
    expect((await ctx.services.organisations.profile(unverified.id))?.verification).toBe('unverified');
  });

  it('counts the organisation once an admin approves it, with its existing submissions', async () => {
    const { organisation } = await ctx.services.verification.decide(TEST_ADMIN, unverified.id, { decision: 'verified' });
    expect(organisation).toMatchObject({ id: unverified.id, verification: 'verified', verificationDecidedAt: expect.any(String) });
    expect(await everyone()).toBe(4);
    expect(await store().contributionsOfOrganisation(unverified.id)).not.toEqual([]);
    await replayStream();
    expect(await everyone()).toBe(4);
    await expectRebuildEquality();
  });

  it('withdraws it on rejection, and replays do not bring it back', async () => {
    await ctx.services.verification.decide(TEST_ADMIN, unverified.id, { decision: 'rejected' });
    expect(await everyone()).toBe(3);
    expect(await store().contributionsOfOrganisation(unverified.id)).toEqual([]);
    await replayStream();
    expect(await everyone()).toBe(3);
    await expectRebuildEquality();
  });

  it('withdraws it when un-verified (sent back to the queue) as well', async () => {
    await ctx.services.verification.decide(TEST_ADMIN, unverified.id, { decision: 'verified' });
    expect(await everyone()).toBe(4);
    await ctx.services.verification.decide(TEST_ADMIN, unverified.id, { decision: 'unverified' });
    expect(await everyone()).toBe(3);
    await replayStream();
    expect(await everyone()).toBe(3);
    await expectRebuildEquality();
  });

  it("keeps the owner's opt-out and the admin's verification apart", async () => {
    const org = await submitted('Opts out', 2, true);
    await replayStream();
    expect(await everyone()).toBe(4);
    await ctx.services.benchmarks.setContributing(org.principal, { contributesToBenchmarks: false });
    expect(await everyone()).toBe(3);
    // Opting in again keeps its verification: it counts again at once.
    await ctx.services.benchmarks.setContributing(org.principal, { contributesToBenchmarks: true });
    expect(await everyone()).toBe(4);
    // An opted-out organisation that gets verified does not count until it opts in.
    await ctx.services.verification.decide(TEST_ADMIN, org.id, { decision: 'unverified' });
    await ctx.services.benchmarks.setContributing(org.principal, { contributesToBenchmarks: false });
    await ctx.services.verification.decide(TEST_ADMIN, org.id, { decision: 'verified' });
    await replayStream();
    expect(await everyone()).toBe(3);
    await ctx.services.benchmarks.setContributing(org.principal, { contributesToBenchmarks: true });
    expect(await everyone()).toBe(4);
    await expectRebuildEquality();
  });
});

describe('decisions', () => {
  it('refuses the state an organisation already has (409), unknown organisations (404) and non-admins (403)', async () => {
    const { organisation } = await ctx.services.organisations.register({ name: 'Decided', industry: 'retail', sizeBand: '1-49', region: 'europe' });
    await expect(ctx.services.verification.decide(TEST_ADMIN, organisation.id, { decision: 'unverified' })).rejects.toMatchObject({
      code: 'verification_unchanged',
    });
    await ctx.services.verification.decide(TEST_ADMIN, organisation.id, { decision: 'rejected' });
    await expect(ctx.services.verification.decide(TEST_ADMIN, organisation.id, { decision: 'rejected' })).rejects.toMatchObject({
      code: 'verification_unchanged',
    });
    await expect(ctx.services.verification.decide(TEST_ADMIN, 'no-such-organisation', { decision: 'verified' })).rejects.toMatchObject({ code: 'not_found' });
    for (const role of ['owner', 'leader', 'respondent', 'analyst'] as const) {
      const principal: Principal = { tokenId: 't', label: role, role, actorType: 'human', organisationId: role === 'analyst' ? null : organisation.id };
      await expect(ctx.services.verification.decide(principal, organisation.id, { decision: 'verified' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(ctx.services.verification.queue(principal, { status: 'unverified', limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('records each decision on the platform trail and in the organisation trail', async () => {
    const { organisation } = await ctx.services.organisations.register({ name: 'Audited', industry: 'retail', sizeBand: '1-49', region: 'europe' });
    await ctx.services.verification.decide(TEST_ADMIN, organisation.id, { decision: 'verified' });
    const own = (await ctx.services.stores.audit.query(organisation.id, { limit: 50 })).events.filter((e) => e.operation === 'organisation.verification');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      organisationId: organisation.id,
      actor: { tokenId: TEST_ADMIN.tokenId, role: 'admin' },
      target: { type: 'organisation', id: organisation.id },
    });
    const platform = (await ctx.services.stores.audit.query(null as unknown as string, { limit: 200 })).events.filter(
      (e) => e.operation === 'organisation.verification' && e.target.id === organisation.id,
    );
    expect(platform).toHaveLength(1);
    expect(platform[0]!.organisationId).toBeNull();
  });
});

describe('the queue', () => {
  it('lists each state oldest first, pages, counts submissions and follows decisions and deletions', async () => {
    // Each reading of the clock is a minute later: registrations have distinct, increasing times.
    let clock = Date.parse('2026-03-01T00:00:00.000Z');
    const tick = () => {
      clock += 60_000;
      return new Date(clock);
    };
    const { services } = await freshServices({}, { clock: { now: tick } });
    const register = async (name: string) =>
      (await services.organisations.register({ name, industry: 'education', sizeBand: '50-249', region: 'middle-east-africa' })).organisation;
    const orgs: { id: string; createdAt: string }[] = [];
    for (const name of ['First', 'Second', 'Third', 'Fourth']) orgs.push(await register(name));
    const page1 = await services.verification.queue(TEST_ADMIN, { status: 'unverified', limit: 3 });
    expect(page1.organisations.map((o) => o.name)).toEqual(['First', 'Second', 'Third']);
    expect(page1.organisations[0]).toMatchObject({
      id: orgs[0]!.id,
      industry: 'education',
      sizeBand: '50-249',
      region: 'middle-east-africa',
      createdAt: orgs[0]!.createdAt,
      verification: 'unverified',
      submissions: 0,
    });
    expect(page1.next).toEqual(expect.any(String));
    const page2 = await services.verification.queue(TEST_ADMIN, { status: 'unverified', limit: 3, cursor: page1.next });
    expect(page2.organisations.map((o) => o.name)).toEqual(['Fourth']);

    await services.verification.decide(TEST_ADMIN, orgs[1]!.id, { decision: 'verified' });
    await services.verification.decide(TEST_ADMIN, orgs[2]!.id, { decision: 'rejected' });
    const names = async (status: 'unverified' | 'verified' | 'rejected') =>
      (await services.verification.queue(TEST_ADMIN, { status, limit: 100 })).organisations.map((o) => o.name);
    expect(await names('unverified')).toEqual(['First', 'Fourth']);
    expect(await names('verified')).toEqual(['Second']);
    expect(await names('rejected')).toEqual(['Third']);

    // A deleted organisation leaves the queue (its name goes with the rest of its data).
    await services.organisationData.delete(
      { tokenId: 'x', label: 'owner', role: 'owner', actorType: 'human', organisationId: orgs[1]!.id },
      { confirm: 'Second' },
    );
    expect(await names('verified')).toEqual([]);
    await expect(services.verification.decide(TEST_ADMIN, orgs[1]!.id, { decision: 'rejected' })).rejects.toMatchObject({ code: 'not_found' });
    services.client.destroy();
  });
});
