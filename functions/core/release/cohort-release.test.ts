import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RandomSource } from '../privacy/random-source';
import { ratio } from '../privacy/rational';
import { chiSquareFit, range, tally } from '../privacy/testing/chi-square';
import { discreteLaplacePmf } from '../privacy/testing/distributions';
import { seededRandom } from '../privacy/testing/seeded-random';
import { planCohort, planRelease } from './budget-plan';
import { orderAroundMedian, releaseCohort } from './cohort-release';
import { cohortReleaseSchema, type PublishedCohort } from './release-schema';
import { cohortOf } from './testing/cohorts';

const DOMAINS = ['access', 'lifecycle', 'secrets'];
const { plan, epsilonCohort } = planRelease(2, DOMAINS);
const options = { plan, budget: epsilonCohort };

function published(release: ReturnType<typeof releaseCohort>): PublishedCohort {
  if (release.withheld) throw new Error('expected a published cohort');
  return release;
}

describe('releaseCohort', () => {
  it('refuses a plan over its budget before drawing any randomness', () => {
    const noRandomness: RandomSource = {
      fill() {
        throw new Error('randomness drawn');
      },
    };
    const overspending = planCohort(ratio(3), DOMAINS);
    expect(() => releaseCohort(noRandomness, cohortOf([200, 300]), { plan: overspending, budget: ratio(2) })).toThrow(/over the cohort budget/);
  });

  it('always gives figures within range and ordered, of the published shape (random cohorts)', () => {
    const source = seededRandom(11);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 0, maxLength: 120 }), fc.integer({ min: 0, max: 5 }), (scores, minimum) => {
        const release = cohortReleaseSchema.parse(releaseCohort(source, cohortOf(scores, DOMAINS), { ...options, minimum }));
        if (release.withheld) return;
        const o = release.overall;
        const qs = [o.p10, o.p25, o.p50, o.p75, o.p90].map((e) => e.value);
        expect(qs).toEqual([...qs].sort((a, b) => a - b));
        for (const e of [o.mean, o.p10, o.p25, o.p50, o.p75, o.p90]) expect(0 <= e.low && e.low <= e.value && e.value <= e.high && e.high <= 5).toBe(true);
        expect(o.histogram.reduce((a, b) => a + b, 0)).toBe(o.tenths.reduce((a, b) => a + b, 0));
        expect(release.n.interval[0]).toBeLessThanOrEqual(release.n.value);
        expect(release.n.value).toBeLessThanOrEqual(release.n.interval[1]);
        expect(release.epsilonSpent).toBe('2');
        // Every domain of the questionnaire is released with the cohort, with the cohort's count.
        expect(Object.keys(release.domains)).toEqual(DOMAINS);
        for (const d of Object.values(release.domains)) expect(d.n).toBe(release.n.value);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same cohort and seed give the same release, another seed another one', () => {
    const cohort = cohortOf([120, 180, 200, 235, 240, 251, 260, 300, 333, 410, 450, 480], DOMAINS);
    const first = releaseCohort(seededRandom(5), cohort, { ...options, minimum: -100 });
    expect(releaseCohort(seededRandom(5), cohort, { ...options, minimum: -100 })).toEqual(first);
    expect(releaseCohort(seededRandom(6), cohort, { ...options, minimum: -100 })).not.toEqual(first);
  });

  it('withholds a cohort whose noisy count is below the minimum, with no figures', () => {
    // A large budget makes the noise negligible, so the decision follows the true count.
    const precise = planRelease(1, DOMAINS, ratio(4000));
    const precise5 = { plan: precise.plan, budget: precise.epsilonCohort };
    const small = releaseCohort(seededRandom(1), cohortOf([100, 200, 300, 400, 450]), precise5);
    expect(small).toEqual({ withheld: true, reason: 'noisy organisation count below the minimum of 10' });
    const scores = Array.from({ length: 30 }, (_, i) => 100 + 10 * i);
    const release = published(releaseCohort(seededRandom(2), cohortOf(scores, ['access']), precise5));
    expect(release.n.value).toBe(30);
    // With the default plan, an empty cohort is withheld as often as P(noise ≥ 10) says.
    const source = seededRandom(3);
    let shown = 0;
    for (let i = 0; i < 2000; i++) if (!releaseCohort(source, cohortOf([]), options).withheld) shown++;
    const q = Math.exp(-1 / 4); // scale 1/ε_count = 4
    const expected = (((1 - q) / (1 + q)) * q ** 10) / (1 - q);
    expect(Math.abs(shown / 2000 - expected)).toBeLessThan(0.03);
  });

  it('adds discrete Laplace noise of scale 1/ε_count = 4 to the count (chi-square, 3000 releases)', () => {
    const source = seededRandom(17);
    const cohort = cohortOf(new Array(500).fill(250));
    const lean = planRelease(2, []);
    const counts = tally(3000, () => published(releaseCohort(source, cohort, { plan: lean.plan, budget: lean.epsilonCohort, minimum: -1e9 })).n.value - 500);
    const fit = chiSquareFit(counts, (x) => discreteLaplacePmf(4, x), range(-24, 24));
    expect(fit.fits).toBe(true);
    const wrong = chiSquareFit(counts, (x) => discreteLaplacePmf(6, x), range(-24, 24));
    expect(wrong.fits).toBe(false);
  });

  it("puts a domain's median in the middle of the true median's 0.1 bin when the noise is negligible", () => {
    const precise = planRelease(1, DOMAINS, ratio(4000));
    const release = published(
      releaseCohort(seededRandom(8), cohortOf([...new Array(30).fill(237), ...new Array(10).fill(480)], DOMAINS), {
        plan: precise.plan,
        budget: precise.epsilonCohort,
      }),
    );
    for (const id of DOMAINS) expect(release.domains[id]!.p50.value).toBe(2.35);
  });

  it('orders the quantiles around the median without moving it', () => {
    expect(orderAroundMedian([300, 400, 200, 100, 150])).toEqual([200, 200, 200, 200, 200]);
    expect(orderAroundMedian([100, 260, 250, 240, 400])).toEqual([100, 250, 250, 250, 400]);
    expect(orderAroundMedian([100, 200, 250, 300, 400])).toEqual([100, 200, 250, 300, 400]);
  });
});
