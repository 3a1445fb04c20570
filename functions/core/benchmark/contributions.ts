/**
 * Contributions: which submission of an organisation counts in which cells. For each
 * organisation, questionnaire and scope there is at most one contribution: in scope
 * `*` its latest submission overall (it counts in the cells whose period is `*`), in
 * scope `2026-Q3` its latest submission of that quarter (cells of that period).
 * Folding compares the incoming submission with the stored contribution and moves the
 * organisation's counts from the old cells to the new: newer replaces older, the same
 * or older changes nothing, so replays and any order give the same cells.
 */
import { cellsCovering, cellId, quarterOf, shardOf, WILDCARD, type Cell, type Population } from './cells';
import { addToHistogram, binOf, type Histogram } from './histogram';

export const OVERALL = 'overall';

/** What folding needs of a submission (the stored snapshot has more). */
export interface ScoredSubmission {
  organisationId: string;
  assessmentId: string;
  questionnaireId: string;
  industry: string;
  sizeBand: string;
  region: string;
  synthetic: boolean;
  submittedAt: string;
  /** Overall and domain scores in [0, 5]; domains without counted questions left out. */
  overall: number;
  /** Metric the overall score counts in: `overall`, or `overall@<version>` (domain-lineage.ts). */
  overallMetric?: string;
  /** Metric key (domain id, or `<domain>@<version>` where the domain changed meaning) → score. */
  domains: Record<string, number>;
}

export interface Contribution {
  organisationId: string;
  questionnaireId: string;
  /** `*` or a quarter. */
  scope: string;
  assessmentId: string;
  submittedAt: string;
  population: Population;
  industry: string;
  sizeBand: string;
  region: string;
  /** Metric (`overall`, a domain id, or either keyed by version: domain-lineage.ts) → bin. */
  bins: Record<string, number>;
}

export const contributionKey = (c: { organisationId: string; questionnaireId: string; scope: string }) => `${c.organisationId}#${c.questionnaireId}#${c.scope}`;

/** The two contributions a submission can make: to the `*` period and to its quarter. */
export function contributionsOf(s: ScoredSubmission): Contribution[] {
  const bins: Record<string, number> = { [s.overallMetric ?? OVERALL]: binOf(s.overall) };
  for (const [domain, score] of Object.entries(s.domains)) bins[domain] = binOf(score);
  const base = {
    organisationId: s.organisationId,
    questionnaireId: s.questionnaireId,
    assessmentId: s.assessmentId,
    submittedAt: s.submittedAt,
    population: (s.synthetic ? 'synthetic' : 'real') as Population,
    industry: s.industry,
    sizeBand: s.sizeBand,
    region: s.region,
    bins,
  };
  return [
    { ...base, scope: WILDCARD },
    { ...base, scope: quarterOf(s.submittedAt) },
  ];
}

/** Total order on submissions of one organisation: later time wins, then the larger id. */
export function isNewer(a: { submittedAt: string; assessmentId: string }, b: { submittedAt: string; assessmentId: string }): boolean {
  return a.submittedAt > b.submittedAt || (a.submittedAt === b.submittedAt && a.assessmentId > b.assessmentId);
}

/** The 8 cells a contribution counts in (each with the organisation's write shard). */
export function cellsOf(c: Contribution) {
  const member: Cell = {
    population: c.population,
    questionnaireId: c.questionnaireId,
    industry: c.industry,
    sizeBand: c.sizeBand,
    region: c.region,
    period: c.scope,
  };
  return cellsCovering(member, ['industry', 'sizeBand', 'region']).map((cell) => shardOf(cell, c.organisationId));
}

/** What a cell item holds: organisations counted, and a histogram per metric. */
export interface CellCounts {
  n: number;
  metrics: Record<string, Histogram>;
}

export const emptyCounts = (): CellCounts => ({ n: 0, metrics: {} });

/** Cell id (with shard) → change of its counts. */
export type CellDeltas = Map<string, CellCounts>;

export function applyContribution(deltas: CellDeltas, c: Contribution, sign: 1 | -1): void {
  for (const cell of cellsOf(c)) {
    const id = cellId(cell);
    const d = deltas.get(id) ?? emptyCounts();
    d.n += sign;
    for (const [metric, bin] of Object.entries(c.bins)) {
      d.metrics[metric] ??= { count: 0, sum: 0, bins: {} };
      addToHistogram(d.metrics[metric], bin, sign);
    }
    deltas.set(id, d);
  }
}

/** A stored contribution replaced by another, or removed (next null), or added (previous null). */
export interface ContributionChange {
  key: string;
  previous: Contribution | null;
  next: Contribution | null;
}

export function deltasOf(changes: readonly ContributionChange[]): CellDeltas {
  const deltas: CellDeltas = new Map();
  for (const ch of changes) {
    if (ch.previous) applyContribution(deltas, ch.previous, -1);
    if (ch.next) applyContribution(deltas, ch.next, 1);
  }
  return deltas;
}

export const isZero = (d: CellCounts) => d.n === 0 && Object.values(d.metrics).every((h) => h.count === 0 && h.sum === 0 && Object.keys(h.bins).length === 0);

/**
 * The changes a set of incoming submissions makes, given the stored contributions of
 * the keys they touch. Organisations that do not contribute are left out.
 */
export function planFold(
  incoming: readonly ScoredSubmission[],
  stored: ReadonlyMap<string, Contribution>,
  contributes: (organisationId: string) => boolean,
): ContributionChange[] {
  const best = new Map<string, Contribution>();
  for (const s of incoming) {
    if (!contributes(s.organisationId)) continue;
    for (const c of contributionsOf(s)) {
      const key = contributionKey(c);
      const current = best.get(key);
      if (!current || isNewer(c, current)) best.set(key, c);
    }
  }
  const changes: ContributionChange[] = [];
  for (const [key, next] of best) {
    const previous = stored.get(key) ?? null;
    if (previous && !isNewer(next, previous)) continue;
    changes.push({ key, previous, next });
  }
  return changes;
}

/** The keys a set of submissions touches (to read their stored contributions first). */
export const keysOf = (incoming: readonly ScoredSubmission[]) => [...new Set(incoming.flatMap((s) => contributionsOf(s).map(contributionKey)))];

/** Everything from scratch (the rebuild): the latest contribution per key and the cells they add up to. */
export function foldFromScratch(all: readonly ScoredSubmission[], contributes: (organisationId: string) => boolean) {
  const changes = planFold(all, new Map(), contributes);
  return { contributions: changes.map((c) => c.next!), cells: deltasOf(changes) };
}
