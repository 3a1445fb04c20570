/**
 * How a release period's privacy budget is split, and the exact check that it is not
 * exceeded (issue 14).
 *
 * Privacy unit: one organisation with all its submissions. Neighbouring cohorts differ
 * by adding or removing one organisation, which contributes at most one value per metric
 * to a cohort (its latest submission, ../benchmark/contributions.ts).
 *
 * Levels: a release is computed once per release period for a fixed set of published
 * cohort levels (e.g. "everyone", "by industry"). Each level partitions the
 * organisations, so within a level an organisation touches exactly one cohort (parallel
 * composition, McSherry 2009, "Privacy integrated queries", Thm. 4) and across levels
 * the losses add (sequential composition, Dwork & Roth 2014, Thm. 3.16). The budget per
 * organisation per release, ε_total (default 4), is split evenly: ε_cohort = ε_total / levels.
 *
 * Within a cohort every figure is a separate ε-DP mechanism on the same organisations,
 * so their ε add up too; ε_cohort is split by the fixed shares of `DEFAULT_SHARES`, which
 * must add up to exactly 1 (checked with rationals). The domains' tenth is split evenly
 * over the questionnaire's domains (a fixed list, not the domains seen in the data, so
 * the split itself reveals nothing), all of it to the domain's median (a domain's count
 * is not released: its figures are shown with the cohort's).
 */
import { addRationals, compareRationals, ratio, rationalToNumber, type Rational } from '../privacy/rational';

/** Fractions of ε_cohort per figure of a cohort. */
export interface ReleaseShares {
  overallP10: Rational;
  overallP25: Rational;
  overallP50: Rational;
  overallP75: Rational;
  overallP90: Rational;
  /** The cohort's organisation count. */
  count: Rational;
  /** Sum of overall scores (in hundredths), for the mean. */
  overallSum: Rational;
  /** The 51-bin histogram on the 0.1 grid. */
  overallHistogram: Rational;
  /** All domain medians together, split evenly across the questionnaire's domains. */
  domains: Rational;
}

/**
 * Half for the overall median (the figure the utility target is about); a fifth for the
 * domain medians (seven of them in agent-identity: each gets 1/35 of the cohort's ε, the
 * most that leaves the median its half; bench/RESULTS.md measures what they are worth);
 * 1/8 for the count (it decides withholding and scales every interval: at ε_total = 4
 * over two levels its noise scale is 4, so an empty cohort passes a minimum of 10 about
 * 4 % of the time); the rest spread thinly: p10…p90 beyond the median are shown with wide
 * intervals anyway.
 */
export const DEFAULT_SHARES: ReleaseShares = {
  overallP50: ratio(1, 2),
  overallP25: ratio(1, 40),
  overallP75: ratio(1, 40),
  overallP10: ratio(1, 80),
  overallP90: ratio(1, 80),
  count: ratio(1, 8),
  overallSum: ratio(1, 20),
  overallHistogram: ratio(1, 20),
  domains: ratio(1, 5),
};

export const DEFAULT_EPSILON_TOTAL: Rational = ratio(4);

const ONE = ratio(1);
const ZERO = ratio(0);

export function multiplyRationals(a: Rational, b: Rational): Rational {
  return reduce({ num: a.num * b.num, den: a.den * b.den });
}

export function divideRational(a: Rational, by: number): Rational {
  if (!Number.isSafeInteger(by) || by < 1) throw new RangeError(`divisor must be a positive integer, got ${by}`);
  return reduce({ num: a.num, den: a.den * BigInt(by) });
}

export function sumRationals(terms: readonly Rational[]): Rational {
  return reduce(terms.reduce<Rational>((sum, r) => addRationals(sum, r), ZERO));
}

function reduce(r: Rational): Rational {
  let a = r.num;
  let b = r.den;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? { num: 0n, den: 1n } : { num: r.num / a, den: r.den / a };
}

const topLevelShares = (s: ReleaseShares): Rational[] => [
  s.overallP10,
  s.overallP25,
  s.overallP50,
  s.overallP75,
  s.overallP90,
  s.count,
  s.overallSum,
  s.overallHistogram,
  s.domains,
];

/** Throws unless every share is positive and the shares add up to exactly 1. */
export function validateShares(shares: ReleaseShares): ReleaseShares {
  for (const r of topLevelShares(shares)) {
    if (r.den <= 0n || r.num <= 0n) throw new RangeError(`every share must be positive, got ${r.num}/${r.den}`);
  }
  const total = sumRationals(topLevelShares(shares));
  if (compareRationals(total, ONE) !== 0) throw new RangeError(`the shares add up to ${total.num}/${total.den}, not 1`);
  return shares;
}

/** ε of every mechanism of one cohort. */
export interface CohortPlan {
  overall: { p10: Rational; p25: Rational; p50: Rational; p75: Rational; p90: Rational; sum: Rational; histogram: Rational };
  count: Rational;
  /** Per domain id of the questionnaire: its median. */
  domains: Record<string, { p50: Rational }>;
}

/** ε_cohort = ε_total / levels. */
export function cohortEpsilon(epsilonTotal: Rational, levels: number): Rational {
  return divideRational(epsilonTotal, levels);
}

/** The plan of a cohort with budget ε_cohort, for the questionnaire's domain ids. */
export function planCohort(epsilonCohort: Rational, domainIds: readonly string[], shares: ReleaseShares = DEFAULT_SHARES): CohortPlan {
  validateShares(shares);
  if (new Set(domainIds).size !== domainIds.length) throw new RangeError('domain ids must be distinct');
  const of = (share: Rational) => multiplyRationals(epsilonCohort, share);
  const domains: CohortPlan['domains'] = {};
  if (domainIds.length > 0) {
    const perDomain = divideRational(of(shares.domains), domainIds.length);
    for (const id of domainIds) domains[id] = { p50: perDomain };
  }
  return {
    overall: {
      p10: of(shares.overallP10),
      p25: of(shares.overallP25),
      p50: of(shares.overallP50),
      p75: of(shares.overallP75),
      p90: of(shares.overallP90),
      sum: of(shares.overallSum),
      histogram: of(shares.overallHistogram),
    },
    count: of(shares.count),
    domains,
  };
}

/** Sequential composition within a cohort: the sum of the plan's ε. */
export function cohortCost(plan: CohortPlan): Rational {
  const o = plan.overall;
  const domainTerms = Object.values(plan.domains).map((d) => d.p50);
  return sumRationals([o.p10, o.p25, o.p50, o.p75, o.p90, o.sum, o.histogram, plan.count, ...domainTerms]);
}

/**
 * ε per organisation per release: one cohort per level (parallel within a level), the
 * levels in sequence. `plans[i]` is the plan every cohort of level i uses. Throws when
 * the total exceeds ε_total.
 */
export function organisationCost(plans: readonly CohortPlan[], epsilonTotal: Rational): Rational {
  if (plans.length === 0) throw new RangeError('at least one level is needed');
  const total = sumRationals(plans.map(cohortCost));
  if (compareRationals(total, epsilonTotal) > 0) {
    throw new RangeError(`a release would cost ${total.num}/${total.den} per organisation, over ε_total = ${epsilonTotal.num}/${epsilonTotal.den}`);
  }
  return total;
}

/** ε for display: a decimal string with at most 6 decimals ("2", "0.5"). */
export function formatEpsilon(r: Rational): string {
  return String(Number(rationalToNumber(r).toFixed(6)));
}

/**
 * The plan of a release over `levels` cohort levels, every cohort using the same plan:
 * ε_cohort = ε_total / levels, shares applied, and the per-organisation total checked.
 */
export function planRelease(
  levels: number,
  domainIds: readonly string[],
  epsilonTotal: Rational = DEFAULT_EPSILON_TOTAL,
  shares: ReleaseShares = DEFAULT_SHARES,
) {
  const epsilonCohort = cohortEpsilon(epsilonTotal, levels);
  const plan = planCohort(epsilonCohort, domainIds, shares);
  const perOrganisation = organisationCost(
    Array.from({ length: levels }, () => plan),
    epsilonTotal,
  );
  return { epsilonCohort, plan, perOrganisation };
}
