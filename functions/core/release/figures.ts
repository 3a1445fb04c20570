/**
 * What the API answers for a cohort and for an organisation's place in it (issue 14):
 * every figure a value with its 90% interval, and the release it comes from. Real
 * cohorts come from a differentially private release (./cohort-release.ts); synthetic
 * demo cohorts are public data, shown exactly (an interval of zero width, no release).
 */
import { z } from 'zod';
import { countOfDense, type DenseCounts } from '../benchmark/dense-histogram';
import { placeIn, statisticsOf } from '../benchmark/statistics';
import { rationalFromText } from '../privacy/rational';
import { CONFIDENCE, type Estimate } from './intervals';
import { percentileRankEstimate } from './percentile-rank';
import { ReleasePeriod } from './release-period';
import type { PublishedCohort } from './release-schema';

export const FigureSchema = z
  .object({
    value: z.number().describe('the released figure'),
    low: z.number().describe('lower end of its 90% interval'),
    high: z.number().describe('upper end of its 90% interval'),
  })
  .describe('a figure with its 90% interval (low = high = value when exact)');
export type Figure = z.infer<typeof FigureSchema>;

export const CohortDescriptionSchema = z.object({
  questionnaireId: z.string(),
  industry: z.string().optional(),
  sizeBand: z.string().optional(),
  region: z.string().optional(),
  period: z.string().optional().describe('calendar quarter whose last release is shown, e.g. 2026-Q4; absent: the current release'),
  population: z
    .enum(['real', 'synthetic', 'reference'])
    .describe('real: released figures of verified organisations; synthetic: the stored demo data; reference: the reference population (docs/benchmarks.md)'),
  version: z
    .string()
    .optional()
    .describe(
      'the questionnaire version whose figures these are: each domain pools the versions its composition is declared equivalent across (pooledVersions)',
    ),
});
export type CohortDescription = z.infer<typeof CohortDescriptionSchema>;

export const ReleaseInfoSchema = z
  .object({
    date: z.string().describe('first day (UTC) of the release period; the figures stay the same until the next release'),
    period: ReleasePeriod,
    epsilon: z.string().describe('ε the whole release cost each organisation (every published cohort together)'),
    confidence: z.number().describe('confidence of every interval (0.9)'),
  })
  .describe('the differentially private release the figures come from (docs/benchmarks.md)');
export type ReleaseInfo = z.infer<typeof ReleaseInfoSchema>;

/**
 * Where the real cohort stands when an organisation is shown the reference population
 * instead: only what the release publishes (never an exact count of a withheld cohort).
 */
export const RealCohortStatusSchema = z
  .object({
    status: z
      .enum(['withheld', 'not-published', 'no-release'])
      .describe('withheld: its released (noisy) count was below the minimum; not-published: no release publishes cohorts of this kind; no-release: none yet'),
    reason: z.string().describe('why the real cohort shows no figures'),
    minimum: z.number().int().describe('the released count a real cohort must reach to be shown'),
    fewerThan: z
      .number()
      .int()
      .optional()
      .describe('when withheld: its released count was below this (the minimum); exact counts of withheld cohorts are never published'),
    releaseDate: z.string().optional().describe('the release the real cohort was withheld from'),
    nextRelease: z.string().optional().describe('first day (UTC) of the next release, when the real cohort is looked at again'),
  })
  .describe("the real cohort's status beside reference figures");
export type RealCohortStatus = z.infer<typeof RealCohortStatusSchema>;

const common = {
  cohort: CohortDescriptionSchema,
  synthetic: z.boolean().describe('true for synthetic organisations (demo data or the reference population), shown exactly'),
  reference: z
    .literal(true)
    .optional()
    .describe('present when the figures are the reference population: synthetic organisations calibrated to published surveys, not real peers'),
  realCohort: RealCohortStatusSchema.optional().describe(
    'with reference figures for an assessment: the real cohort that could not be shown, and when it may open',
  ),
  release: ReleaseInfoSchema.optional().describe('absent for synthetic demo data'),
  pooledVersions: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .describe('per domain id and `overall`: the questionnaire versions whose scores the figure pools, oldest first (docs/benchmarks.md, "Versions")'),
};

export const SuppressedSchema = z.object({ ...common, suppressed: z.literal(true), reason: z.string().describe('why no figures are given') });

export const CohortFiguresSchema = z.discriminatedUnion('suppressed', [
  SuppressedSchema,
  z.object({
    ...common,
    suppressed: z.literal(false),
    n: FigureSchema.describe('how many verified, contributing organisations the cohort holds'),
    overall: z.object({
      mean: FigureSchema,
      p10: FigureSchema,
      p25: FigureSchema,
      p50: FigureSchema,
      p75: FigureSchema,
      p90: FigureSchema,
      histogram: z.array(z.number().int()).length(10).describe('organisations per half-level bin, [0, 0.5) … [4.5, 5]'),
    }),
    domains: z
      .record(z.string(), z.object({ p50: FigureSchema, n: z.number().int() }))
      .describe(
        "median per domain: released, every domain of the questionnaire with the cohort's count; synthetic, the domains at least k organisations have, with their own count",
      ),
  }),
]);
export type CohortFigures = z.infer<typeof CohortFiguresSchema>;

export const CohortPositionSchema = z.discriminatedUnion('suppressed', [
  SuppressedSchema,
  z.object({
    ...common,
    suppressed: z.literal(false),
    n: FigureSchema,
    overall: z.object({
      score: z.number().describe("the organisation's own overall score"),
      percentile: FigureSchema.describe('share of the cohort below the score (ties as half), 0–100, from the released histogram'),
      p25: FigureSchema,
      p50: FigureSchema,
      p75: FigureSchema,
    }),
    domains: z.record(z.string(), z.object({ score: z.number(), p50: FigureSchema })),
  }),
]);
export type CohortPosition = z.infer<typeof CohortPositionSchema>;

type Common = {
  cohort: CohortDescription;
  synthetic: boolean;
  reference?: true;
  realCohort?: RealCohortStatus;
  release?: ReleaseInfo;
  pooledVersions?: Record<string, string[]>;
};
type Shown<T> = Extract<T, { suppressed: false }>;

const exact = (value: number): Figure => ({ value, low: value, high: value });
const figure = (e: Estimate): Figure => ({ value: e.value, low: e.low, high: e.high });

export const suppressed = (common: Common, reason: string) => ({ ...common, suppressed: true as const, reason });

/** The first day of the release period after the one starting on `date` (docs/benchmarks.md, "Releases"). */
export function nextReleaseDate(date: string, period: ReleasePeriod): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  if (period === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (period === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1, 1);
  return d.toISOString().slice(0, 10);
}

export function releaseInfo(date: string, period: ReleasePeriod, epsilon: string): ReleaseInfo {
  return { date, period, epsilon, confidence: CONFIDENCE };
}

/** A published cohort of a release, as the API shows it. */
export function releasedFigures(common: Common, cohort: PublishedCohort): Shown<CohortFigures> {
  const o = cohort.overall;
  const domains: Shown<CohortFigures>['domains'] = {};
  for (const [id, d] of Object.entries(cohort.domains)) domains[id] = { p50: figure(d.p50), n: d.n };
  return {
    ...common,
    suppressed: false,
    n: { value: cohort.n.value, low: cohort.n.interval[0], high: cohort.n.interval[1] },
    overall: {
      mean: figure(o.mean),
      p10: figure(o.p10),
      p25: figure(o.p25),
      p50: figure(o.p50),
      p75: figure(o.p75),
      p90: figure(o.p90),
      histogram: [...o.histogram],
    },
    domains,
  };
}

/** Where a score stands in a published cohort: post-processing of the release and the organisation's own scores. */
export function releasedPosition(common: Common, cohort: PublishedCohort, scores: { overall: number; domains: Record<string, number> }): Shown<CohortPosition> {
  const { basis, overall: o } = cohort;
  const rankInput = {
    tenths: basis.rawTenths,
    tenthScale: rationalFromText(basis.tenthScale),
    noisyCount: cohort.n.value,
    countScale: rationalFromText(basis.countScale),
  };
  const domains: Shown<CohortPosition>['domains'] = {};
  for (const [id, score] of Object.entries(scores.domains)) {
    const d = cohort.domains[id];
    if (d) domains[id] = { score, p50: figure(d.p50) };
  }
  return {
    ...common,
    suppressed: false,
    n: { value: cohort.n.value, low: cohort.n.interval[0], high: cohort.n.interval[1] },
    overall: {
      score: scores.overall,
      percentile: percentileRankEstimate(rankInput, scores.overall),
      p25: figure(o.p25),
      p50: figure(o.p50),
      p75: figure(o.p75),
    },
    domains,
  };
}

/** Exact figures of public (synthetic) data, in the same shape; domains held by fewer than k are left out. */
export function exactFigures(common: Common, counts: DenseCounts, k: number): Shown<CohortFigures> {
  const s = statisticsOf(counts, k);
  const o = s.overall;
  const domains: Shown<CohortFigures>['domains'] = {};
  for (const [id, d] of Object.entries(s.domains)) domains[id] = { p50: exact(d.p50), n: countOfDense(counts.metrics.get(id)!) };
  return {
    ...common,
    suppressed: false,
    n: exact(s.n),
    overall: {
      mean: exact(o.mean),
      p10: exact(o.p10),
      p25: exact(o.p25),
      p50: exact(o.p50),
      p75: exact(o.p75),
      p90: exact(o.p90),
      histogram: [...o.histogram],
    },
    domains,
  };
}

export function exactPosition(
  common: Common,
  counts: DenseCounts,
  scores: { overall: number; domains: Record<string, number> },
  k: number,
): Shown<CohortPosition> {
  const placed = placeIn(counts, scores, k);
  const domains: Shown<CohortPosition>['domains'] = {};
  for (const [id, p] of Object.entries(placed.domains)) domains[id] = { score: p.score, p50: exact(p.p50) };
  const o = placed.overall;
  return {
    ...common,
    suppressed: false,
    n: exact(placed.n),
    overall: { score: o.score, percentile: exact(o.percentile), p25: exact(o.p25), p50: exact(o.p50), p75: exact(o.p75) },
    domains,
  };
}
