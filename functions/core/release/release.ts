/**
 * One release of a questionnaire's peer benchmarks (issue 14): every cohort of every
 * published level, each through releaseCohort with the plan of budget-plan.ts, computed
 * once per release period and stored; every read in the period returns these figures.
 * Pure: the caller reads the exact cell counts and supplies the random source.
 */
import { z } from 'zod';
import type { DenseCounts } from '../benchmark/dense-histogram';
import type { RandomSource } from '../privacy/random-source';
import type { Rational } from '../privacy/rational';
import { DEFAULT_EPSILON_TOTAL, formatEpsilon, planRelease, type ReleaseShares } from './budget-plan';
import { DEFAULT_MINIMUM, releaseCohort } from './cohort-release';
import { cohortKey, cohortsOfLevel, DEFAULT_LEVELS, levelName, type CohortFilter, type Level } from './published-levels';
import { ReleasePeriod } from './release-period';
import { cohortReleaseSchema } from './release-schema';

export interface ReleaseSettings {
  levels: readonly Level[];
  /** ε per organisation per release, across every published cohort. */
  epsilonTotal: Rational;
  /** Below this noisy count a cohort is withheld. */
  minimum: number;
  period: ReleasePeriod;
  shares?: ReleaseShares;
}

export const DEFAULT_RELEASE_SETTINGS: ReleaseSettings = {
  levels: DEFAULT_LEVELS,
  epsilonTotal: DEFAULT_EPSILON_TOTAL,
  minimum: DEFAULT_MINIMUM,
  period: 'day',
};

export const releaseSchema = z.object({
  questionnaireId: z.string(),
  /** First UTC day of the release period. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  createdAt: z.string(),
  period: ReleasePeriod,
  /** Published levels by name ("everyone", "industry"). */
  levels: z.array(z.string()),
  /** ε the release cost each organisation, and each cohort. */
  epsilonPerOrganisation: z.string(),
  epsilonPerCohort: z.string(),
  minimum: z.number().int(),
  /** By cohortKey ("everyone", "industry=energy"). */
  cohorts: z.record(z.string(), cohortReleaseSchema),
});
export type Release = z.infer<typeof releaseSchema>;

export interface ReleaseInput {
  questionnaireId: string;
  date: string;
  createdAt: string;
  /** The questionnaire's domain ids (every version): a fixed list, so the split reveals nothing. */
  domainIds: readonly string[];
  settings: ReleaseSettings;
  /** Exact counts of each cohort (empty counts for an empty cohort). */
  countsOf: (filter: CohortFilter) => DenseCounts;
}

/** Every cohort a release publishes, by level. */
export const publishedCohorts = (levels: readonly Level[]): CohortFilter[] => levels.flatMap(cohortsOfLevel);

export function computeRelease(source: RandomSource, input: ReleaseInput): Release {
  const { settings } = input;
  const { plan, epsilonCohort, perOrganisation } = planRelease(settings.levels.length, input.domainIds, settings.epsilonTotal, settings.shares);
  const cohorts: Release['cohorts'] = {};
  for (const filter of publishedCohorts(settings.levels)) {
    cohorts[cohortKey(filter)] = releaseCohort(source, input.countsOf(filter), { plan, budget: epsilonCohort, minimum: settings.minimum });
  }
  return releaseOf(input, { perOrganisation, epsilonCohort }, cohorts);
}

/** A release's record around its cohorts: what was released, when, and at what privacy cost. */
export function releaseOf(input: ReleaseInput, cost: { perOrganisation: Rational; epsilonCohort: Rational }, cohorts: Release['cohorts']): Release {
  const { settings } = input;
  return {
    questionnaireId: input.questionnaireId,
    date: input.date,
    createdAt: input.createdAt,
    period: settings.period,
    levels: settings.levels.map(levelName),
    epsilonPerOrganisation: formatEpsilon(cost.perOrganisation),
    epsilonPerCohort: formatEpsilon(cost.epsilonCohort),
    minimum: settings.minimum,
    cohorts,
  };
}
