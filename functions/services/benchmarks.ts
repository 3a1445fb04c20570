/**
 * Peer benchmarks: cohort statistics, comparisons and trends for analysts, an
 * organisation's position for its leaders, and the owner's contribution setting.
 * Every answer reads a handful of cell items (the cell, the broader cells the privacy
 * rule needs, their write shards), whatever the number of submissions.
 */
import { z } from 'zod';
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { allShards, cellId, cellsCovering, PARTITIONING_DIMENSIONS, QUARTER, quartersEndingAt, siblingsAlong, WILDCARD, type Cell, type Population } from '../core/benchmark/cells';
import { addDenseCounts, emptyDenseCounts, type DenseCounts } from '../core/benchmark/dense-histogram';
import { hiddenSiblings, realPartSafe, verdict, type CountsOf } from '../core/benchmark/privacy';
import { placeIn, statisticsOf, type CohortDescription, type CohortStatistics } from '../core/benchmark/statistics';
import { DomainError, notFound } from '../core/errors';
import { Identifier } from '../core/questionnaire/model';
import { Industry, Region, SizeBand } from '../core/taxonomy';
import { foldScored, scoredOf, withdrawContributions } from './aggregation';
import { actorOf, auditEvent } from './audit';
import type { AssessmentStore, BenchmarkStore, Clock, IdSource } from './ports';

export const Period = z.string().regex(QUARTER, 'a calendar quarter such as 2026-Q4');
export const PopulationChoice = z.enum(['real', 'synthetic', 'all']);

export const CohortQuery = z.strictObject({
  industry: Industry.optional(),
  sizeBand: SizeBand.optional(),
  region: Region.optional(),
  period: Period.optional(),
  population: PopulationChoice.optional().describe('real (default), synthetic (demo data) or all'),
});
export const AnalystCohortQuery = CohortQuery.extend({ questionnaireId: Identifier });
export const CompareRequest = z.strictObject({ cohorts: z.array(AnalystCohortQuery).min(2).max(6) });
export const TrendQuery = AnalystCohortQuery.omit({ period: true }).extend({
  periods: z.coerce.number().int().min(1).max(12).default(4).describe('how many quarters, ending with `to`'),
  to: Period.optional().describe('the last quarter (default: the current one)'),
});
export const ContributionSettings = z.strictObject({ contributesToBenchmarks: z.boolean() });

export type AnalystCohortQuery = z.infer<typeof AnalystCohortQuery>;
export type { CohortStatistics } from '../core/benchmark/statistics';

export interface BenchmarkServiceDeps {
  benchmarks: BenchmarkStore;
  assessments: AssessmentStore;
  /** Cohorts with fewer organisations than this are suppressed. */
  kAnonymity: number;
  clock: Clock;
  ids: IdSource;
}

/** The cell a query names, in one population. */
function cellOf(query: AnalystCohortQuery, population: Population): Cell {
  return {
    population,
    questionnaireId: query.questionnaireId,
    industry: query.industry ?? WILDCARD,
    sizeBand: query.sizeBand ?? WILDCARD,
    region: query.region ?? WILDCARD,
    period: query.period ?? WILDCARD,
  };
}

function describeCohort(query: AnalystCohortQuery): CohortDescription {
  const { questionnaireId, industry, sizeBand, region, period } = query;
  return { questionnaireId, ...(industry ? { industry } : {}), ...(sizeBand ? { sizeBand } : {}), ...(region ? { region } : {}), ...(period ? { period } : {}), population: query.population ?? 'real' };
}

const sumCounts = (parts: DenseCounts[]): DenseCounts => parts.reduce(addDenseCounts, emptyDenseCounts());

interface Resolved {
  cohort: CohortDescription;
  synthetic: boolean;
  /** Present only when the cohort may be shown. */
  counts?: DenseCounts;
}

export class BenchmarkService {
  constructor(private readonly deps: BenchmarkServiceDeps) {}

  /**
   * Reads a cohort and the organisation counts its privacy verdict depends on (every
   * broader cell; along each fixed industry, size band or region, its siblings and
   * theirs), and applies the rules of core/benchmark/privacy.ts.
   */
  private async resolve(query: AnalystCohortQuery): Promise<Resolved> {
    const choice = query.population ?? 'real';
    const populations: Population[] = choice === 'all' ? ['real', 'synthetic'] : [choice];
    const target = cellOf(query, populations[0]!);
    const alongs = PARTITIONING_DIMENSIONS.filter((d) => target[d] !== WILDCARD).map((dimension) => ({ dimension, siblings: siblingsAlong(target, dimension) }));
    const inEach = (cell: Cell, ps: Population[]) => ps.map((population) => ({ ...cell, population }));
    // The full histogram of the cohort itself; only organisation counts of the rest.
    const own = new Map(inEach(target, populations).map((c) => [cellId(c), c]));
    const countedIds = [target, ...alongs.flatMap((a) => a.siblings)]
      .flatMap((c) => inEach(c, populations).flatMap((one) => cellsCovering(one)))
      .filter((cell) => !own.has(cellId(cell)))
      .flatMap((cell) => allShards(cell).map(cellId));
    const [targets, sizes] = await Promise.all([
      Promise.all([...own.values()].map((c) => this.deps.benchmarks.mergedCell(allShards(c).map(cellId)))),
      countedIds.length ? this.deps.benchmarks.cellSizes([...new Set(countedIds)]) : new Map<string, number>(),
    ]);
    const targetSizes = new Map([...own.keys()].map((id, i) => [id, targets[i]!.n]));
    const sizeOf = (cell: Cell) => targetSizes.get(cellId(cell)) ?? allShards(cell).reduce((n, shard) => n + (sizes.get(cellId(shard)) ?? 0), 0);
    const countsOf = (cell: Cell, ps: Population[]): CountsOf => {
      // cellsCovering lists the cell itself first, then every broader cell.
      const perCell = cellsCovering(cell).map((c) => inEach(c, ps).reduce((n, one) => n + sizeOf(one), 0));
      return { n: perCell[0]!, ancestors: perCell.slice(1) };
    };
    const k = this.deps.kAnonymity;
    const passes = (cell: Cell) => verdict(countsOf(cell, populations), k) === 'shown' && (choice !== 'all' || realPartSafe(countsOf(cell, ['real']), k));
    const notHiddenAlong = ({ dimension, siblings }: (typeof alongs)[number]) => {
      const listed = (ps: Population[]) => siblings.map((s) => ({ value: s[dimension], n: countsOf(s, ps).n, shown: passes(s) }));
      // With synthetic data mixed in, the real part alone must not be isolable either.
      const hidden = [...hiddenSiblings(listed(populations), k), ...(choice === 'all' ? hiddenSiblings(listed(['real']), k) : [])];
      return !hidden.includes(target[dimension]);
    };
    const shown = passes(target) && alongs.every(notHiddenAlong);
    const base = { cohort: describeCohort(query), synthetic: choice !== 'real' };
    if (!shown) return base;
    return { ...base, counts: targets.length === 1 ? targets[0]! : sumCounts(targets) };
  }

  private statistics(resolved: Resolved): CohortStatistics {
    if (!resolved.counts) return { cohort: resolved.cohort, synthetic: resolved.synthetic, suppressed: true };
    return { cohort: resolved.cohort, synthetic: resolved.synthetic, suppressed: false, ...statisticsOf(resolved.counts, this.deps.kAnonymity) };
  }

  async cohort(principal: Principal, query: AnalystCohortQuery): Promise<CohortStatistics> {
    authorize(principal, 'benchmarks.read');
    return this.statistics(await this.resolve(query));
  }

  async compare(principal: Principal, request: z.infer<typeof CompareRequest>): Promise<{ cohorts: CohortStatistics[] }> {
    authorize(principal, 'benchmarks.read');
    return { cohorts: await Promise.all(request.cohorts.map(async (q) => this.statistics(await this.resolve(q)))) };
  }

  async trend(principal: Principal, query: z.infer<typeof TrendQuery>) {
    authorize(principal, 'benchmarks.read');
    const { periods: count, to, ...cohort } = query;
    const periods = quartersEndingAt(to ? quarterStart(to) : this.deps.clock.now().toISOString(), count);
    const points = await Promise.all(periods.map(async (period) => this.statistics(await this.resolve({ ...cohort, period }))));
    return { cohort: describeCohort(cohort), synthetic: (cohort.population ?? 'real') !== 'real', periods: points };
  }

  /** Where an organisation's submitted assessment stands in a cohort (it counts in it when it contributes). */
  async forAssessment(principal: Principal, assessmentId: string, query: z.infer<typeof CohortQuery>) {
    authorize(principal, 'assessments.benchmark');
    const assessment = await this.deps.assessments.get(organisationOf(principal), assessmentId);
    if (!assessment) throw notFound('assessment');
    if (assessment.status !== 'submitted' || !assessment.scores)
      throw new DomainError('assessment_not_submitted', 'benchmarks compare submitted assessments; submit this one first');
    const resolved = await this.resolve({ questionnaireId: assessment.questionnaireId, ...query });
    if (!resolved.counts) return { cohort: resolved.cohort, synthetic: resolved.synthetic, suppressed: true as const };
    const domains: Record<string, number> = {};
    for (const [id, d] of Object.entries(assessment.scores.domains)) if (d.counted > 0) domains[id] = d.score;
    const placed = placeIn(resolved.counts, { overall: assessment.scores.overall.score, domains }, this.deps.kAnonymity);
    return { cohort: resolved.cohort, synthetic: resolved.synthetic, suppressed: false as const, ...placed };
  }

  /** The owner's choice: contributing again re-folds the organisation's submissions; opting out withdraws them. */
  async setContributing(principal: Principal, request: z.infer<typeof ContributionSettings>) {
    authorize(principal, 'organisation.settings');
    const organisationId = organisationOf(principal);
    const at = this.deps.clock.now().toISOString();
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'organisation.settings.update',
      target: { type: 'organisation', id: organisationId },
      after: request,
      at,
    });
    if (!(await this.deps.benchmarks.setContributing(organisationId, request.contributesToBenchmarks, at, audit))) throw notFound('organisation');
    if (request.contributesToBenchmarks) await foldScored(this.deps.benchmarks, (await this.deps.benchmarks.submissionsOf(organisationId)).map(scoredOf));
    else await withdrawContributions(this.deps.benchmarks, organisationId);
    return { contributesToBenchmarks: request.contributesToBenchmarks };
  }

  /** Takes a deleted organisation out of every cohort for good (called by organisation deletion). */
  async withdrawOrganisation(organisationId: string): Promise<void> {
    await this.deps.benchmarks.markWithdrawn(organisationId, this.deps.clock.now().toISOString());
    await withdrawContributions(this.deps.benchmarks, organisationId);
  }
}

/** A time inside a quarter, for counting quarters back from it. */
function quarterStart(quarter: string): string {
  const [year, q] = quarter.split('-Q').map(Number) as [number, number];
  return new Date(Date.UTC(year, (q - 1) * 3, 1)).toISOString();
}
