/**
 * Complementary suppression of synthetic (demo) cohorts through the benchmark service on
 * DynamoDB Local: cells are folded from scored submissions, then cohorts are asked for
 * as an analyst would. Demo cohorts are shown exactly, so they keep the k rules; real
 * organisations' figures come only from differentially private releases
 * (benchmark-releases.test.ts).
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
  // One at a time: a burst of parallel registrations can outlast the client's timeout on a busy machine.
  const out: ScoredSubmission[] = [];
  for (let i = 0; i < count; i++) {
    const n = ++counter;
    const { organisation } = await services.organisations.register({ name: `Org ${n}`, industry, sizeBand: '50-249', region: 'europe' });
    await verifyWithService(services, organisation.id);
    const id = organisation.id;
    const overall = (n % 10) / 2;
    out.push({
      organisationId: id,
      assessmentId: `a-${id}`,
      questionnaireId: 'agent-identity',
      industry,
      sizeBand: '50-249',
      region: 'europe',
      synthetic,
      submittedAt: '2026-11-02T10:00:00.000Z',
      overall,
      domains: { 'identity-separation': overall },
    });
  }
  return out;
}

beforeAll(async () => {
  ({ services } = await freshServices({ AIM_K_ANONYMITY: '3' }));
  // synthetic: energy 4, retail 3, healthcare 1; real: 5 in each of the three
  await foldScored(services.stores.benchmarks, [
    ...(await submissions(4, 'energy', true)),
    ...(await submissions(3, 'retail', true)),
    ...(await submissions(1, 'healthcare', true)),
    ...(await submissions(5, 'energy', false)),
    ...(await submissions(5, 'retail', false)),
    ...(await submissions(5, 'healthcare', false)),
  ]);
}, 120_000);

const cohort = (industry: Industry | undefined, population: 'real' | 'synthetic') =>
  services.benchmarks.cohort(analyst, { questionnaireId: 'agent-identity', version: '1.0.0', ...(industry ? { industry } : {}), population });

describe('complementary suppression of demo cohorts', () => {
  it('hides the smallest shown sibling when the hidden ones would be isolated', async () => {
    expect(await cohort(undefined, 'synthetic')).toMatchObject({ suppressed: false, n: { value: 8, low: 8, high: 8 } });
    expect(await cohort('energy', 'synthetic')).toMatchObject({ suppressed: false, n: { value: 4 } });
    // retail (3) passes k and the pairwise rule, but all − energy − retail = the one clinic
    expect(await cohort('retail', 'synthetic')).toMatchObject({ suppressed: true });
    expect(await cohort('healthcare', 'synthetic')).toMatchObject({ suppressed: true });
  });

  it('never applies to real cohorts, whose figures come from the release', async () => {
    for (const industry of ['energy', 'retail', 'healthcare'] as const) {
      const real = await cohort(industry, 'real');
      expect(real.release?.period).toBe('day');
      expect(real.synthetic).toBe(false);
    }
  });
});
