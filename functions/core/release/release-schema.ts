/**
 * The shape of a cohort's differentially private release (issue 14), as a zod schema so
 * that stored releases can be checked when read back. Every number here is released
 * data or computed from released data only; `low`/`high` bound the exact figure with
 * 90% confidence (./intervals.ts).
 */
import { z } from 'zod';

const score = z.number().min(0).max(5);

export const estimateSchema = z.object({ value: score, low: score, high: score }).refine((e) => e.low <= e.value && e.value <= e.high, 'low ≤ value ≤ high');

export const countEstimateSchema = z.object({
  value: z.number().int().min(0),
  interval: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
});

const binCount = z.number().int().min(0);

export const publishedCohortSchema = z.object({
  withheld: z.literal(false),
  n: countEstimateSchema,
  overall: z.object({
    mean: estimateSchema,
    p10: estimateSchema,
    p25: estimateSchema,
    p50: estimateSchema,
    p75: estimateSchema,
    p90: estimateSchema,
    /** 10 half-level chart bins. */
    histogram: z.array(binCount).length(10),
    /** The released 0.1-grid histogram (51 bins, clamped at 0), for percentile ranks. */
    tenths: z.array(binCount).length(51),
  }),
  domains: z.record(z.string(), z.object({ p50: estimateSchema, n: z.number().int().min(0) })),
  /** ε this cohort's release cost each of its organisations, for display. */
  epsilonSpent: z.string(),
  /**
   * What percentile-rank intervals are computed from (stored, not shown): the tenth bins
   * as released, before clamping at 0, and the public noise scales of the bins and the
   * count, as "num/den". All released data, so using it is post-processing.
   */
  basis: z.object({
    rawTenths: z.array(z.number().int()).length(51),
    tenthScale: z.string().regex(/^\d+\/\d+$/),
    countScale: z.string().regex(/^\d+\/\d+$/),
  }),
});

export const withheldCohortSchema = z.object({
  withheld: z.literal(true),
  reason: z.string(),
});

export const cohortReleaseSchema = z.discriminatedUnion('withheld', [publishedCohortSchema, withheldCohortSchema]);

export type PublishedCohort = z.infer<typeof publishedCohortSchema>;
export type WithheldCohort = z.infer<typeof withheldCohortSchema>;
export type CohortRelease = z.infer<typeof cohortReleaseSchema>;
