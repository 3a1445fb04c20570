import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allShards, cellId, cellsCovering, quarterOf, WILDCARD, type Cell } from './cells';
import { cohortStatistics, type BenchmarkMember } from '../../../test/reference/sort-reference';
import {
  contributionKey,
  deltasOf,
  emptyCounts,
  foldFromScratch,
  isNewer,
  planFold,
  type CellCounts,
  type Contribution,
  type ScoredSubmission,
} from './contributions';
import { addDenseCounts, denseCountsOf, emptyDenseCounts } from './dense-histogram';
import { mergeHistograms } from './histogram';
import { statisticsOf } from './statistics';
import { nonEmptyCells } from '../../../test/support/cell-counts';

const industries = ['energy', 'retail', 'healthcare'];
const regions = ['europe', 'asia-pacific'];
const times = ['2026-02-10T10:00:00.000Z', '2026-05-01T09:00:00.000Z', '2026-05-20T09:00:00.000Z', '2026-08-03T12:00:00.000Z'];

/** Submissions are immutable: one content per assessment id. */
const unique = (raws: Parameters<typeof scored>[0][]) => [...new Map(raws.map((r) => [`${r.org}-${r.time}-${r.seq}`, r])).values()].map(scored);

const submission = fc.record({
  org: fc.integer({ min: 0, max: 11 }),
  time: fc.integer({ min: 0, max: times.length - 1 }),
  seq: fc.integer({ min: 0, max: 3 }),
  overall: fc.integer({ min: 0, max: 500 }),
  d1: fc.integer({ min: 0, max: 500 }),
  region: fc.integer({ min: 0, max: 1 }),
});

function scored(raw: { org: number; time: number; seq: number; overall: number; d1: number; region: number }): ScoredSubmission {
  return {
    organisationId: `org-${raw.org}`,
    assessmentId: `a-${raw.org}-${raw.time}-${raw.seq}`,
    questionnaireId: 'agent-identity',
    industry: industries[raw.org % industries.length]!,
    sizeBand: raw.org % 2 ? '50-249' : '5000+',
    // an organisation may move region between submissions
    region: regions[raw.region]!,
    synthetic: false,
    submittedAt: times[raw.time]!,
    overall: raw.overall / 100,
    domains: { auditing: raw.d1 / 100 },
  };
}

/** Incremental folding as the aggregator does it, over an in-memory store. */
function foldIncrementally(batches: ScoredSubmission[][]) {
  const stored = new Map<string, Contribution>();
  const cells = new Map<string, CellCounts>();
  for (const batch of batches) {
    const changes = planFold(batch, stored, () => true);
    for (const [id, delta] of deltasOf(changes)) {
      const c = cells.get(id) ?? emptyCounts();
      c.n += delta.n;
      for (const [m, h] of Object.entries(delta.metrics)) {
        c.metrics[m] ??= { count: 0, sum: 0, bins: {} };
        mergeHistograms(c.metrics[m], h);
      }
      cells.set(id, c);
    }
    for (const ch of changes) stored.set(ch.key, ch.next!);
  }
  return { cells: nonEmptyCells(cells), contributions: stored };
}

/** The shards of a cell added up densely, as the query path does. */
const merged = (cells: Map<string, CellCounts>, cell: Cell) => {
  const total = emptyDenseCounts();
  for (const s of allShards(cell)) {
    const c = cells.get(cellId(s));
    if (c) addDenseCounts(total, denseCountsOf(c));
  }
  return total;
};

describe('folding submissions into cells', () => {
  it('gives the same cells whatever the order, with replays, and in any batching', () => {
    fc.assert(
      fc.property(fc.array(submission, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer(), (raws, batchSize, seed) => {
        const all = unique(raws);
        const expected = nonEmptyCells(foldFromScratch(all, () => true).cells);
        // shuffled, every record delivered twice, in batches
        const shuffled = [...all, ...all]
          .map((s, i) => ({ s, key: Math.sin(seed + i) }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.s);
        const batches: ScoredSubmission[][] = [];
        for (let i = 0; i < shuffled.length; i += batchSize) batches.push(shuffled.slice(i, i + batchSize));
        expect(foldIncrementally(batches).cells).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('counts each organisation once per cell: its latest submission overall, its latest of the quarter per quarter', () => {
    fc.assert(
      fc.property(fc.array(submission, { minLength: 1, maxLength: 40 }), (raws) => {
        const all = unique(raws);
        const { cells } = foldFromScratch(all, () => true);
        const latest = (pool: ScoredSubmission[]) => {
          const best = new Map<string, ScoredSubmission>();
          for (const s of pool) if (!best.has(s.organisationId) || isNewer(s, best.get(s.organisationId)!)) best.set(s.organisationId, s);
          return [...best.values()];
        };
        const asMember = (s: ScoredSubmission): BenchmarkMember => ({ ...s, version: '1.0.0', domains: s.domains });
        const top: Cell = { population: 'real', questionnaireId: 'agent-identity', industry: WILDCARD, sizeBand: WILDCARD, region: WILDCARD, period: WILDCARD };
        for (const period of [WILDCARD, ...new Set(all.map((s) => quarterOf(s.submittedAt)))]) {
          const members = latest(period === WILDCARD ? all : all.filter((s) => quarterOf(s.submittedAt) === period)).map(asMember);
          for (const cell of cellsCovering({ ...top, industry: 'energy', region: 'europe', period }, ['industry', 'region'])) {
            const filter = {
              questionnaireId: 'agent-identity',
              ...(cell.industry !== WILDCARD ? { industry: cell.industry } : {}),
              ...(cell.region !== WILDCARD ? { region: cell.region } : {}),
            };
            // the plain sort-based computation over the same submissions (k = 1 shows everything)
            const oracle = cohortStatistics(members, filter, 1);
            const counts = merged(cells, cell);
            if (oracle.suppressed) expect(counts.n).toBe(0);
            else {
              const mine = statisticsOf(counts, 1);
              expect(mine.n).toBe(oracle.n);
              expect(mine.overall).toEqual(oracle.overall);
              expect(mine.domains).toEqual(oracle.domains);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('replaces an older contribution, ignores an older or repeated one', () => {
    const older = scored({ org: 1, time: 0, seq: 0, overall: 100, d1: 100, region: 0 });
    const newer = scored({ org: 1, time: 3, seq: 0, overall: 400, d1: 400, region: 1 });
    const first = planFold([newer], new Map(), () => true);
    const stored = new Map(first.map((c) => [c.key, c.next!]));
    expect(planFold([older], stored, () => true).filter((c) => c.key.endsWith('#*'))).toEqual([]);
    expect(planFold([newer], stored, () => true)).toEqual([]);
    // the older one still counts in its own quarter
    expect(planFold([older], stored, () => true).map((c) => c.key)).toEqual([
      contributionKey({ organisationId: 'org-1', questionnaireId: 'agent-identity', scope: '2026-Q1' }),
    ]);
  });

  it('leaves out organisations that do not contribute', () => {
    const s = scored({ org: 2, time: 1, seq: 0, overall: 300, d1: 300, region: 0 });
    expect(planFold([s], new Map(), () => false)).toEqual([]);
  });
});
