/**
 * Peer-benchmark figures (docs/benchmarks.md): every figure a value with its 90% interval
 * from a differentially private release, or exact for synthetic demo data. The shapes
 * are the pure core's (functions/core/release/figures.ts), named here for the API.
 */
import { z } from 'zod';
import { QUARTER } from '../core/benchmark/cells';
import { Identifier, SemanticVersion } from '../core/questionnaire/model';
import { Industry, Region, SizeBand } from '../core/taxonomy';
import { CohortDescriptionSchema, CohortFiguresSchema, CohortPositionSchema, FigureSchema, ReleaseInfoSchema } from '../core/release/figures';

export const FigureContract = FigureSchema.meta({ id: 'Figure' });
export const ReleaseInfoContract = ReleaseInfoSchema.meta({ id: 'ReleaseInfo' });
export const CohortContract = CohortDescriptionSchema.meta({ id: 'Cohort' });
export const CohortFiguresContract = CohortFiguresSchema.meta({ id: 'CohortFigures' });
export const CohortPositionContract = CohortPositionSchema.meta({ id: 'CohortPosition' });

export const CohortTrendSchema = z
  .object({
    cohort: CohortContract,
    synthetic: z.boolean(),
    periods: z.array(CohortFiguresContract).describe("the cohort's last release in each quarter, oldest first"),
  })
  .meta({ id: 'CohortTrend' });

export const CohortComparisonSchema = z.object({ cohorts: z.array(CohortFiguresContract) }).meta({ id: 'CohortComparison' });

export type { CohortDescription, CohortFigures, CohortPosition, Figure, ReleaseInfo } from '../core/release/figures';
export type CohortTrend = z.infer<typeof CohortTrendSchema>;
export type CohortComparison = z.infer<typeof CohortComparisonSchema>;

export const Period = z.string().regex(QUARTER, 'a calendar quarter such as 2026-Q4');

export const PopulationChoice = z.enum(['real', 'synthetic', 'reference']);

export const CohortQuery = z.strictObject({
  industry: Industry.optional(),
  sizeBand: SizeBand.optional(),
  region: Region.optional(),
  period: Period.optional(),
  population: PopulationChoice.optional().describe(
    'real (default, released figures), synthetic (the stored demo data, exact) or reference (the reference population generated from published surveys, exact); never mixed',
  ),
});

export const AnalystCohortQuery = CohortQuery.extend({
  questionnaireId: Identifier,
  version: SemanticVersion.optional().describe(
    'the published questionnaire version whose figures to read (default: the latest published); a domain pools only the versions declared equivalent for it',
  ),
});

export const CompareRequest = z.strictObject({ cohorts: z.array(AnalystCohortQuery).min(2).max(6) });

export const TrendQuery = AnalystCohortQuery.omit({ period: true }).extend({
  periods: z.coerce.number().int().min(1).max(12).default(4).describe('how many quarters, ending with `to`'),
  to: Period.optional().describe('the last quarter (default: the current one)'),
});

export const ContributionSettings = z.strictObject({ contributesToBenchmarks: z.boolean() });

export type AnalystCohortQuery = z.infer<typeof AnalystCohortQuery>;
