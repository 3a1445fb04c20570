/**
 * Complementary suppression through the benchmark service on DynamoDB Local: cells are
 * folded from scored submissions, then cohorts are asked for as an analyst would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access/principal';
import type { Industry } from '../../functions/core/taxonomy';
import type { ScoredSubmission } from '../../functions/core/benchmark/contributions';
import { foldScored } from '../../functions/services/aggregation';
import { freshServices } from '../support/table';
import { verifyWithService } from '../support/verification';

const analyst: Principal = { tokenId: 'a', label: 'analyst', role: 'analyst', actorType: 'human', organisationId: null };
let services: Awaited<ReturnType<typeof freshServices>>['services'];

let counter = 0;
/** Submissions of new organisations, each registered and verified (only verified ones count). */
async function submissions(count: number, industry: Industry, synthetic: boolean): Promise<ScoredSubmission[]> {
  return Promise.all(Array.from({ length: count }, async () => {
    const n = ++counter;
    const { organisation } = await services.organisations.register({ name: `Org ${n}`, industry, sizeBand: '50-249', region: 'europe' });
    await verifyWithService(services, organisation.id);
    const id = organisation.id;
    const overall = (n % 10) / 2;
    return { organisationId: id, assessmentId: `a-${id}`, questionnaireId: 'agent-identity', industry, sizeBand: '50-249', region: 'europe', synthetic, submittedAt: '2026-11-02T10:00:00.000Z', overall, domains: { 'identity-separation': overall } };
  }));
}

beforeAll(async () => {
  ({ services } = await freshServices({ AIM_K_ANONYMITY: '3' }));
  // real: energy 4, retail 3, healthcare 1; synthetic: 5 in each of the three
  await foldScored(services.stores.benchmarks, [
    ...(await submissions(4, 'energy', false)),
    ...(await submissions(3, 'retail', false)),
    ...(await submissions(1, 'healthcare', false)),
    ...(await Promise.all((['energy', 'retail', 'healthcare'] as const).map((industry) => submissions(5, industry, true)))).flat(),
  ]);
});

const cohort = (industry: Industry | undefined, population: 'real' | 'synthetic' | 'all') =>
  services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity', ...(industry ? { industry } : {}), population });

describe('complementary suppression', () => {
  it('hides the smallest shown sibling when the hidden ones would be isolated', async () => {
    expect(await cohort(undefined, 'real')).toMatchObject({ suppressed: false, n: 8 });
    expect(await cohort('energy', 'real')).toMatchObject({ suppressed: false, n: 4 });
    // retail (3) passes k and the pairwise rule, but all − energy − retail = the one clinic
    expect(await cohort('retail', 'real')).toMatchObject({ suppressed: true });
    expect(await cohort('healthcare', 'real')).toMatchObject({ suppressed: true });
  });

  it('leaves a population alone when nothing in it needs hiding', async () => {
    for (const industry of ['energy', 'retail', 'healthcare'] as const) expect(await cohort(industry, 'synthetic')).toMatchObject({ suppressed: false, n: 5 });
  });

  it('protects the real part of mixed cohorts too, since synthetic cells are public', async () => {
    // Mixed, every industry holds 6 or more. Healthcare's real part is a single
    // organisation (rule 3 hides it); retail is then hidden too, or all − energy − retail,
    // minus the public synthetic healthcare cell, would be that organisation.
    expect(await cohort('energy', 'all')).toMatchObject({ suppressed: false, n: 9 });
    expect(await cohort('retail', 'all')).toMatchObject({ suppressed: true });
    expect(await cohort('healthcare', 'all')).toMatchObject({ suppressed: true });
  });
});
