/**
 * Folds submissions into cohort cells (docs/benchmarks.md). A stream batch is folded
 * as a whole: the organisation's stored contributions are read, the changes planned
 * (newer replaces older; the same or older changes nothing), and committed in
 * transactions that carry each contribution change together with the merged cell
 * deltas of up to ~a dozen organisations. A condition that fails (a concurrent fold,
 * an opt-out, a withdrawn verification) re-plans from a fresh read, so replays and any order give the same cells.
 */

import { cellsOf, deltasOf, isZero, keysOf, planFold, type ContributionChange, type ScoredSubmission } from '../core/benchmark/contributions';
import { OVERALL } from '../core/benchmark/contributions';
import { cellId, stableHash } from '../core/benchmark/cells';
import { countsInBenchmarks } from '../core/verification/verification';
import { bundledBenchmarkMetrics, type BenchmarkMetrics } from './benchmark-metrics';
import type { Submission } from './entities';
import type { BenchmarkStore } from './ports';

/** One record of a stream batch, read by the stream adapter. */
export interface StreamedSubmission {
  /** The record's id in its stream (its sequence number), named again when it fails. */
  recordId: string;
  submission?: Submission;
  /** Set when the record could not be read; it is reported as a failure. */
  error?: string;
}

/** What became of a batch: the records that could not be folded (all others were). */
export interface FoldResult {
  /** Ids of the records to deliver again, in batch order. */
  failed: string[];
}

/** DynamoDB transactions take at most 100 items. */
export const MAX_TRANSACTION_ITEMS = 100;
const MAX_PLANS = 25;

/**
 * What folding reads of a stored submission: domains without counted questions are left
 * out, and each score is keyed by its metric, so that a domain (or overall score) whose
 * meaning changed in the submission's version counts apart from the older versions'.
 */
export function scoredWith(s: Submission, metrics: BenchmarkMetrics): ScoredSubmission {
  const keys = metrics.metricsOf(s.questionnaireId, s.version);
  const domains: Record<string, number> = {};
  for (const [id, d] of Object.entries(s.scores.domains)) if (d.counted > 0) domains[keys.domains[id] ?? id] = d.score;
  return {
    organisationId: s.organisationId,
    assessmentId: s.assessmentId,
    questionnaireId: s.questionnaireId,
    industry: s.industry,
    sizeBand: s.sizeBand,
    region: s.region,
    synthetic: s.synthetic,
    submittedAt: s.submittedAt,
    overall: s.scores.overall.score,
    ...(keys.overall === OVERALL ? {} : { overallMetric: keys.overall }),
    domains,
  };
}

/** scoredWith the bundled questionnaires' metrics (one argument, so it can be given to `map`). */
export const scoredOf = (s: Submission): ScoredSubmission => scoredWith(s, bundledBenchmarkMetrics());

/**
 * The cells whose counts a change moves: the old contribution's and the new one's, less
 * those both count in with the same bins (their delta is zero). The same cells as the
 * non-zero deltas of deltasOf([change]), without building histograms for each change.
 */
export function cellsChangedBy(ch: ContributionChange): string[] {
  const before = ch.previous ? cellsOf(ch.previous).map(cellId) : [];
  const after = ch.next ? cellsOf(ch.next).map(cellId) : [];
  if (!ch.previous || !ch.next || !sameBins(ch.previous.bins, ch.next.bins)) return [...new Set([...before, ...after])];
  const both = new Set(before.filter((id) => after.includes(id)));
  return [...new Set([...before, ...after])].filter((id) => !both.has(id));
}

function sameBins(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Splits changes into transactions of at most 100 items (contributions, participation checks, distinct cells). */
export function chunkChanges(changes: readonly ContributionChange[]): ContributionChange[][] {
  const chunks: ContributionChange[][] = [];
  let current: ContributionChange[] = [];
  let cells = new Set<string>();
  let orgs = new Set<string>();
  for (const ch of changes) {
    const touched = cellsChangedBy(ch);
    const extraCells = touched.filter((id) => !cells.has(id));
    const org = ch.next?.organisationId;
    const extraOrg = org && !orgs.has(org) ? 1 : 0;
    if (current.length > 0 && current.length + 1 + orgs.size + extraOrg + cells.size + extraCells.length > MAX_TRANSACTION_ITEMS) {
      chunks.push(current);
      current = [];
      cells = new Set();
      orgs = new Set();
    }
    current.push(ch);
    for (const id of touched) cells.add(id);
    if (org) orgs.add(org);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Changes in an order that puts those touching the same cells side by side (same scope,
 * then industry, size band, region, then write shard of the all-wildcard cell), so that a
 * transaction of 100 items carries more organisations and writes each shared cell once
 * for all of them. Any order gives the same cells; this one gives fewer cell writes.
 */
export function byLocality(changes: readonly ContributionChange[]): ContributionChange[] {
  const sortKey = (ch: ContributionChange) => {
    const c = ch.next ?? ch.previous!;
    return [c.population, c.questionnaireId, c.scope, c.industry, c.sizeBand, c.region, String(stableHash(c.organisationId) % 8)].join('#');
  };
  return changes
    .map((ch) => ({ ch, key: sortKey(ch) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ ch }) => ch);
}

async function commitAll(store: BenchmarkStore, changes: readonly ContributionChange[]): Promise<boolean> {
  let clean = true;
  // The cells this plan's commits read and wrote: each is read once per plan, not once per transaction.
  const fold = new Map<string, unknown>();
  for (const chunk of chunkChanges(byLocality(changes))) {
    const deltas = new Map([...deltasOf(chunk)].filter(([, d]) => !isZero(d)));
    const contributing = chunk.flatMap((ch) => (ch.next ? [ch.next.organisationId] : []));
    if ((await store.commit(chunk, deltas, contributing, fold)) === 'conflict') clean = false;
  }
  return clean;
}

/** Folds scored submissions; resolves once every change is committed (or none is needed). */
export async function foldScored(store: BenchmarkStore, incoming: readonly ScoredSubmission[]): Promise<number> {
  let committed = 0;
  for (let plan = 0; plan < MAX_PLANS; plan++) {
    const stored = await store.contributions(keysOf(incoming));
    const participation = await store.participation(incoming.map((s) => s.organisationId));
    // Only verified organisations that contribute count; the commit checks the same record again.
    const changes = planFold(incoming, stored, (org) => countsInBenchmarks(participation.get(org)));
    if (changes.length === 0) return committed;
    committed += changes.length;
    if (await commitAll(store, changes)) return committed;
  }
  throw new Error(`could not fold ${incoming.length} submissions: contributions kept changing`);
}

/** Takes every contribution of an organisation out of the cells (opt-out, deletion). */
export async function withdrawContributions(store: BenchmarkStore, organisationId: string): Promise<void> {
  for (let plan = 0; plan < MAX_PLANS; plan++) {
    const stored = await store.contributionsOfOrganisation(organisationId);
    if (stored.length === 0) return;
    const changes = stored.map((c) => ({ key: `${c.organisationId}#${c.questionnaireId}#${c.scope}`, previous: c, next: null }));
    await commitAll(store, changes);
  }
  throw new Error(`could not withdraw organisation ${organisationId}: contributions kept changing`);
}

export async function foldSubmissions(
  records: readonly StreamedSubmission[],
  benchmarks: BenchmarkStore,
  log?: (entry: Record<string, unknown>) => void,
): Promise<FoldResult> {
  const failed: string[] = [];
  const good: { recordId: string; scored: ScoredSubmission }[] = [];
  for (const record of records) {
    try {
      if (record.error || !record.submission) throw new Error(record.error ?? 'empty submission record');
      good.push({ recordId: record.recordId, scored: scoredOf(record.submission) });
    } catch (error) {
      // A poison record never holds back the others: only it is reported for a retry.
      log?.({ level: 'error', msg: 'could not fold submission', recordId: record.recordId, error: String(error) });
      failed.push(record.recordId);
    }
  }
  if (good.length > 0) {
    try {
      await foldScored(
        benchmarks,
        good.map((g) => g.scored),
      );
    } catch (error) {
      // Folding is idempotent: the whole batch can be delivered again safely.
      log?.({ level: 'error', msg: 'could not fold batch', records: good.length, error: String(error) });
      failed.push(...good.map((g) => g.recordId));
    }
  }
  return { failed };
}
