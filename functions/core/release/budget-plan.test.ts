import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRationals, ratio } from '../privacy/rational';
import {
  cohortCost,
  DEFAULT_EPSILON_TOTAL,
  DEFAULT_SHARES,
  formatEpsilon,
  organisationCost,
  planCohort,
  planRelease,
  sumRationals,
  validateShares,
} from './budget-plan';

const ids = (k: number) => Array.from({ length: k }, (_, i) => `d${i}`);

describe('release shares', () => {
  it('add up to exactly 1, and each domain split too', () => {
    const s = DEFAULT_SHARES;
    const total = sumRationals([s.overallP10, s.overallP25, s.overallP50, s.overallP75, s.overallP90, s.count, s.overallSum, s.overallHistogram, s.domains]);
    expect(total).toEqual({ num: 1n, den: 1n });
    expect(() => validateShares(s)).not.toThrow();
  });

  it('refuses a table that adds up to more or less than 1, or holds a zero share', () => {
    expect(() => validateShares({ ...DEFAULT_SHARES, overallP50: ratio(21, 40) })).toThrow(/41\/40/);
    expect(() => validateShares({ ...DEFAULT_SHARES, overallP50: ratio(19, 40) })).toThrow(/not 1/);
    expect(() => validateShares({ ...DEFAULT_SHARES, domains: ratio(0), overallP50: ratio(7, 10) })).toThrow(/positive/);
    expect(() => validateShares({ ...DEFAULT_SHARES, count: ratio(0), overallSum: ratio(1, 10) })).toThrow(/positive/);
  });
});

describe('budget accounting', () => {
  it('ε_total = 4 over 2 levels: ε_cohort = 2, the overall median gets 1, each of 5 domains 2/25', () => {
    const { epsilonCohort, plan } = planRelease(2, ids(5));
    expect(epsilonCohort).toEqual({ num: 2n, den: 1n });
    expect(plan.overall.p50).toEqual({ num: 1n, den: 1n });
    expect(plan.overall.p25).toEqual({ num: 1n, den: 20n });
    expect(plan.count).toEqual({ num: 1n, den: 4n });
    expect(plan.domains.d0).toEqual({ p50: { num: 2n, den: 25n } });
    expect(sumRationals(Object.values(plan.domains).map((d) => d.p50))).toEqual({ num: 2n, den: 5n });
  });

  it('the per-organisation total equals ε_total exactly for 1–8 levels and any number of domains', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        (levels, domains, num, den) => {
          const epsilonTotal = ratio(num, den);
          const { plan, perOrganisation, epsilonCohort } = planRelease(levels, ids(domains), epsilonTotal);
          expect(compareRationals(perOrganisation, epsilonTotal)).toBe(domains === 0 ? -1 : 0);
          expect(compareRationals(cohortCost(plan), epsilonCohort)).toBe(domains === 0 ? -1 : 0);
        },
      ),
    );
  });

  it('refuses a release that would exceed ε_total (a cohort plan for fewer levels than are published)', () => {
    const plan = planCohort(ratio(2), ids(3));
    expect(organisationCost([plan, plan], DEFAULT_EPSILON_TOTAL)).toEqual({ num: 4n, den: 1n });
    expect(() => organisationCost([plan, plan, plan], DEFAULT_EPSILON_TOTAL)).toThrow(/over ε_total/);
  });

  it('formats ε for display', () => {
    expect(formatEpsilon(ratio(2))).toBe('2');
    expect(formatEpsilon(ratio(4, 3))).toBe('1.333333');
  });
});
