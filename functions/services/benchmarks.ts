/**
 * Peer benchmarks: cohort figures, comparisons and trends for analysts, an
 * organisation's position for its leaders, and the owner's contribution setting.
 *
 * Real organisations' figures come only from releases (issue 14, docs/benchmarks.md):
 * once per release period every published cohort is released through the
 * differentially private mechanisms of core/release, stored, and read back unchanged
 * until the next period. Synthetic demo organisations are public data: their cohorts
 * are computed exactly from the cells on every read, under the k rule of
 * core/benchmark/privacy.ts. The reference population (core/benchmark/reference) is
 * generated in process, never stored: an organisation whose real cohort shows no figures
 * is compared with it instead, labelled, with the real cohort's status beside it.
 */
import type { z } from 'zod';
import { authorize, authorizeAssessment, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { allShards, cellId, cellsCovering, PARTITIONING_DIMENSIONS, quartersEndingAt, siblingsAlong, WILDCARD, type Cell } from '../core/benchmark/cells';
import type { DenseCounts } from '../core/benchmark/dense-histogram';
import { hiddenSiblings, verdict, type CountsOf } from '../core/benchmark/privacy';
import { ReferencePopulations } from '../core/benchmark/reference/population';
import type { Questionnaire } from '../core/questionnaire/model';
import { DomainError, notFound } from '../core/errors';
import type { RandomSource } from '../core/privacy/random-source';
import {
  exactFigures,
  exactPosition,
  nextReleaseDate,
  releasedFigures,
  releasedPosition,
  releaseInfo,
  suppressed,
  type CohortDescription,
  type CohortFigures,
  type CohortPosition,
  type RealCohortStatus,
} from '../core/release/figures';
import { cohortKey, isPublished, levelName, levelOfFilter, type CohortFilter } from '../core/release/published-levels';
import { computeRelease, publishedCohorts, type Release, type ReleaseSettings } from '../core/release/release';
import { daysOfQuarter, releaseDateOf } from '../core/release/release-period';
import { versionView } from '../core/benchmark/version-view';
import type { VersionMetrics } from '../core/benchmark/domain-lineage';
import { computeVersionedRelease, versionedCohort } from '../core/release/versioned-release';
import { foldScored, scoredWith, withdrawContributions } from './aggregation';
import { bundledBenchmarkMetrics, type BenchmarkMetrics } from './benchmark-metrics';
import { actorOf, auditEvent } from './audit';
import type { AssessmentStore, BenchmarkStore, Clock, IdSource, ReleaseStore } from './ports';
import type { CohortQuery, AnalystCohortQuery, CompareRequest, ContributionSettings, TrendQuery } from '../contract';

export type { CohortFigures, CohortPosition } from '../core/release/figures';

export interface BenchmarkServiceDeps {
  benchmarks: BenchmarkStore;
  assessments: AssessmentStore;
  releases: ReleaseStore;
  /** Synthetic cohorts with fewer organisations than this are suppressed. */
  kAnonymity: number;
  /** Published levels, budget, minimum and period of the releases. */
  release: ReleaseSettings;
  /** Noise for releases: a cryptographic source in production. */
  random: RandomSource;
  /** The domain ids of every version of a questionnaire; undefined when there is no such questionnaire. */
  domainIdsOf: (questionnaireId: string) => readonly string[] | undefined;
  /** Metric keys per version (which versions pool per domain); the bundled questionnaires' by default. */
  metrics?: BenchmarkMetrics;
  /** A questionnaire version (published or retired), for the reference population; without it there is none. */
  questionnaireOf?: (questionnaireId: string, version: string) => Questionnaire | undefined;
  /** The reference population's cache (one per process); a fresh one by default. */
  reference?: ReferencePopulations;
  clock: Clock;
  ids: IdSource;
}

/** The cell a query names, in one population. */
function cellOf(
  query: { questionnaireId: string; industry?: string; sizeBand?: string; region?: string; period?: string },
  population: Cell['population'],
): Cell {
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
  const { questionnaireId, industry, sizeBand, region, period, version } = query;
  return {
    questionnaireId,
    ...(industry ? { industry } : {}),
    ...(sizeBand ? { sizeBand } : {}),
    ...(region ? { region } : {}),
    ...(period ? { period } : {}),
    population: query.population ?? 'real',
    ...(version ? { version } : {}),
  };
}

const filterOf = (query: AnalystCohortQuery): CohortFilter => ({
  ...(query.industry ? { industry: query.industry } : {}),
  ...(query.sizeBand ? { sizeBand: query.sizeBand } : {}),
  ...(query.region ? { region: query.region } : {}),
});

const SYNTHETIC_HIDDEN = 'fewer organisations than the minimum, or figures that set against other cohorts could single some out';

/** A cohort's answer before it is shaped: exact counts (synthetic), a released cohort (real), or why there are none. */
type Resolved =
  | { kind: 'exact'; counts: DenseCounts; reference?: true }
  | { kind: 'released'; release: Release; cohort: Extract<Release['cohorts'][string], { withheld: false }> }
  | { kind: 'none'; reason: string; release?: Release };

export class BenchmarkService {
  private readonly metrics: BenchmarkMetrics;
  private readonly reference: ReferencePopulations;

  constructor(private readonly deps: BenchmarkServiceDeps) {
    this.metrics = deps.metrics ?? bundledBenchmarkMetrics();
    this.reference = deps.reference ?? new ReferencePopulations();
  }

  /**
   * The query with its version settled: the asked one, which must be a published (or
   * retired) version of the questionnaire, else the latest published. A questionnaire
   * the metrics do not know keeps plain metrics (and gets no version).
   */
  private settle<Q extends AnalystCohortQuery>(query: Q): Q {
    const versions = this.metrics.queryableVersions(query.questionnaireId);
    if (query.version && versions.length === 0) throw notFound('questionnaire');
    if (query.version && !versions.includes(query.version))
      throw new DomainError('validation_failed', `questionnaire ${query.questionnaireId} has no published version ${query.version}`, [
        { field: ['version'], message: `published versions: ${versions.join(', ')}` },
      ]);
    const version = query.version ?? this.metrics.latestPublished(query.questionnaireId);
    return version ? { ...query, version } : query;
  }

  /** The version's metric keys, when its questionnaire has a lineage. */
  private keysOf(query: AnalystCohortQuery): VersionMetrics | undefined {
    const lineage = this.metrics.lineageOf(query.questionnaireId);
    return query.version && lineage ? lineage.get(query.version) : undefined;
  }

  /**
   * Synthetic cohorts: reads the cohort and the organisation counts its k-rule verdict
   * depends on (every broader cell; along each fixed industry, size band or region, its
   * siblings and theirs), and applies the rules of core/benchmark/privacy.ts.
   */
  private async resolveSynthetic(query: AnalystCohortQuery): Promise<Resolved> {
    const target = cellOf(query, 'synthetic');
    const alongs = PARTITIONING_DIMENSIONS.filter((d) => target[d] !== WILDCARD).map((dimension) => ({
      dimension,
      siblings: siblingsAlong(target, dimension),
    }));
    const countedIds = [target, ...alongs.flatMap((a) => a.siblings)]
      .flatMap((c) => cellsCovering(c))
      .filter((cell) => cellId(cell) !== cellId(target))
      .flatMap((cell) => allShards(cell).map(cellId));
    const [counts, sizes] = await Promise.all([
      this.deps.benchmarks.mergedCell(allShards(target).map(cellId)),
      countedIds.length ? this.deps.benchmarks.cellSizes([...new Set(countedIds)]) : new Map<string, number>(),
    ]);
    const sizeOf = (cell: Cell) => (cellId(cell) === cellId(target) ? counts.n : allShards(cell).reduce((n, shard) => n + (sizes.get(cellId(shard)) ?? 0), 0));
    const countsOf = (cell: Cell): CountsOf => {
      // cellsCovering lists the cell itself first, then every broader cell.
      const perCell = cellsCovering(cell).map(sizeOf);
      return { n: perCell[0]!, ancestors: perCell.slice(1) };
    };
    const k = this.deps.kAnonymity;
    const keys = this.keysOf(query);
    // The version's view: the organisations its figures pool must reach k as well.
    const view = keys ? versionView(counts, keys) : counts;
    if (view.n < k) return { kind: 'none', reason: SYNTHETIC_HIDDEN };
    const passes = (cell: Cell) => verdict(countsOf(cell), k) === 'shown';
    const notHiddenAlong = ({ dimension, siblings }: (typeof alongs)[number]) =>
      !hiddenSiblings(
        siblings.map((s) => ({ value: s[dimension], n: countsOf(s).n, shown: passes(s) })),
        k,
      ).has(target[dimension]);
    return passes(target) && alongs.every(notHiddenAlong) ? { kind: 'exact', counts: view } : { kind: 'none', reason: SYNTHETIC_HIDDEN };
  }

  /** Real cohorts: the published cohort of the release the query names (the current one, or a past quarter's last). */
  private async resolveReleased(query: AnalystCohortQuery): Promise<Resolved> {
    const { levels } = this.deps.release;
    const filter = filterOf(query);
    if (!isPublished(levels, filter)) {
      const asked = levelOfFilter(filter).join(' and ');
      return { kind: 'none', reason: `cohorts by ${asked} are not published; published levels: ${levels.map(levelName).join(', ')}` };
    }
    const release = await this.releaseFor(query.questionnaireId, query.period);
    if (!release) return { kind: 'none', reason: `no release was made in ${query.period}` };
    const keys = this.keysOf(query);
    const cohort = keys ? versionedCohort(release, cohortKey(filter), keys) : release.cohorts[cohortKey(filter)];
    if (!cohort) return { kind: 'none', reason: 'this cohort was not published in that release', release };
    if (cohort.withheld) return { kind: 'none', reason: cohort.reason, release };
    return { kind: 'released', release, cohort };
  }

  /**
   * The reference population's cohort for the query's filter, on the query's version (the
   * latest published when none): exact, every quarter alike (it has no time).
   */
  private resolveReference(query: AnalystCohortQuery): Resolved {
    const version = query.version ?? this.metrics.latestPublished(query.questionnaireId);
    const questionnaire = version ? this.deps.questionnaireOf?.(query.questionnaireId, version) : undefined;
    if (!questionnaire) return { kind: 'none', reason: 'no reference population for this questionnaire' };
    const counts = this.reference.counts(questionnaire, filterOf(query));
    if (counts.n < this.deps.kAnonymity) return { kind: 'none', reason: 'too few organisations of this kind in the reference population' };
    return { kind: 'exact', counts, reference: true };
  }

  private async resolve(query: AnalystCohortQuery): Promise<Resolved> {
    const population = query.population ?? 'real';
    if (population === 'reference') return this.resolveReference(query);
    return population === 'synthetic' ? this.resolveSynthetic(query) : this.resolveReleased(query);
  }

  /**
   * What may be said of a real cohort that shows no figures: the release's minimum, that
   * its released count fell below it (never the exact count), and the next release date.
   */
  private realCohortStatus(query: AnalystCohortQuery, resolved: Extract<Resolved, { kind: 'none' }>): RealCohortStatus {
    const { levels, period, minimum } = this.deps.release;
    const release = resolved.release;
    const today = releaseDateOf(this.deps.clock.now(), period);
    const common = { reason: resolved.reason, minimum: release?.minimum ?? minimum };
    if (!isPublished(levels, filterOf(query))) return { status: 'not-published', ...common };
    const nextRelease = nextReleaseDate(release?.date ?? today, release?.period ?? period);
    if (!release) return { status: 'no-release', ...common, nextRelease };
    return { status: 'withheld', ...common, fewerThan: common.minimum, releaseDate: release.date, nextRelease };
  }

  /** The release of a quarter (its last), or the current period's, made on first read and stored. */
  async releaseFor(questionnaireId: string, quarter?: string): Promise<Release | undefined> {
    const now = this.deps.clock.now();
    const today = releaseDateOf(now, this.deps.release.period);
    if (quarter) {
      const { first, last } = daysOfQuarter(quarter);
      if (today < first) return undefined;
      if (today > last) return this.deps.releases.latestBetween(questionnaireId, first, last);
    }
    const stored = await this.deps.releases.get(questionnaireId, today);
    if (stored) return stored;
    return this.deps.releases.putIfAbsent(await this.computeRelease(questionnaireId, today, now.toISOString()));
  }

  private async computeRelease(questionnaireId: string, date: string, createdAt: string): Promise<Release> {
    const domainIds = this.deps.domainIdsOf(questionnaireId);
    if (!domainIds) throw notFound('questionnaire');
    const filters = publishedCohorts(this.deps.release.levels);
    const cells = filters.map((f) => cellOf({ questionnaireId, ...f }, 'real'));
    const counts = await Promise.all(cells.map((cell) => this.deps.benchmarks.mergedCell(allShards(cell).map(cellId))));
    const byKey = new Map(filters.map((f, i) => [cohortKey(f), counts[i]!]));
    const input = {
      questionnaireId,
      date,
      createdAt,
      domainIds,
      settings: this.deps.release,
      countsOf: (filter: CohortFilter) => byKey.get(cohortKey(filter))!,
    };
    const lineage = this.metrics.lineageOf(questionnaireId);
    return lineage ? computeVersionedRelease(this.deps.random, { ...input, lineage }) : computeRelease(this.deps.random, input);
  }

  private common(query: AnalystCohortQuery, release?: Release) {
    const population = query.population ?? 'real';
    if (population === 'reference') return { cohort: describeCohort(query), synthetic: true, reference: true as const };
    const synthetic = population === 'synthetic';
    const keys = this.keysOf(query);
    return {
      cohort: describeCohort(query),
      synthetic,
      ...(release ? { release: releaseInfo(release.date, release.period, release.epsilonPerOrganisation) } : {}),
      ...(keys ? { pooledVersions: keys.pooled } : {}),
    };
  }

  private async figures(query: AnalystCohortQuery): Promise<CohortFigures> {
    const resolved = await this.resolve(query);
    if (resolved.kind === 'none') return suppressed(this.common(query, resolved.release), resolved.reason);
    if (resolved.kind === 'exact') return exactFigures(this.common(query), resolved.counts, this.deps.kAnonymity);
    return releasedFigures(this.common(query, resolved.release), resolved.cohort);
  }

  async cohort(principal: Principal, query: AnalystCohortQuery): Promise<CohortFigures> {
    authorize(principal, 'benchmarks.read');
    return this.figures(this.settle(query));
  }

  async compare(principal: Principal, request: z.infer<typeof CompareRequest>): Promise<{ cohorts: CohortFigures[] }> {
    authorize(principal, 'benchmarks.read');
    const settled = request.cohorts.map((q) => this.settle(q));
    return { cohorts: await Promise.all(settled.map((q) => this.figures(q))) };
  }

  async trend(principal: Principal, query: z.infer<typeof TrendQuery>) {
    authorize(principal, 'benchmarks.read');
    const { periods: count, to, ...cohort } = this.settle(query);
    const periods = quartersEndingAt(to ? `${daysOfQuarter(to).first}T00:00:00.000Z` : this.deps.clock.now().toISOString(), count);
    const points = await Promise.all(periods.map((period) => this.figures({ ...cohort, period })));
    return { cohort: describeCohort(cohort), synthetic: (cohort.population ?? 'real') !== 'real', periods: points };
  }

  /** Where an organisation's submitted assessment stands in a cohort (it counts in it when it contributes). */
  async forAssessment(principal: Principal, assessmentId: string, query: z.infer<typeof CohortQuery>): Promise<CohortPosition> {
    authorizeAssessment(principal, 'assessments.benchmark', assessmentId);
    const assessment = await this.deps.assessments.get(organisationOf(principal), assessmentId);
    if (!assessment) throw notFound('assessment');
    if (assessment.status !== 'submitted' || !assessment.scores)
      throw new DomainError('assessment_not_submitted', 'benchmarks compare submitted assessments; submit this one first');
    // Compared with the figures of its own version's metrics (docs/benchmarks.md, "Versions").
    const full = { questionnaireId: assessment.questionnaireId, ...query, version: assessment.version };
    const resolved = await this.resolve(full);
    const domains: Record<string, number> = {};
    for (const [id, d] of Object.entries(assessment.scores.domains)) if (d.counted > 0) domains[id] = d.score;
    const scores = { overall: assessment.scores.overall.score, domains };
    if (resolved.kind === 'none' && (full.population ?? 'real') === 'real') {
      // Until the real cohort can be shown: the reference population, labelled, with the real cohort's status.
      const realCohort = this.realCohortStatus(full, resolved);
      const asReference = { ...full, population: 'reference' as const };
      const reference = this.resolveReference(asReference);
      if (reference.kind === 'exact') return exactPosition({ ...this.common(asReference), realCohort }, reference.counts, scores, this.deps.kAnonymity);
    }
    if (resolved.kind === 'none') return suppressed(this.common(full, resolved.release), resolved.reason);
    if (resolved.kind === 'exact') return exactPosition(this.common(full), resolved.counts, scores, this.deps.kAnonymity);
    return releasedPosition(this.common(full, resolved.release), resolved.cohort, scores);
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
    if (request.contributesToBenchmarks)
      await foldScored(
        this.deps.benchmarks,
        (await this.deps.benchmarks.submissionsOf(organisationId)).map((s) => scoredWith(s, this.metrics)),
      );
    else await withdrawContributions(this.deps.benchmarks, organisationId);
    return { contributesToBenchmarks: request.contributesToBenchmarks };
  }

  /** Takes a deleted organisation out of every cohort for good (called by organisation deletion). */
  async withdrawOrganisation(organisationId: string): Promise<void> {
    await this.deps.benchmarks.markWithdrawn(organisationId, this.deps.clock.now().toISOString());
    await withdrawContributions(this.deps.benchmarks, organisationId);
  }
}
