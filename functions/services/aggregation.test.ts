/**
 * What a fold of a stream batch reports: the ids of the records it could not take, as a
 * domain result (the aggregate handler turns it into Lambda's partial batch response).
 */
import { describe, expect, it } from 'vitest';
import { deltasOf, isZero, planFold, type Contribution } from '../core/benchmark/contributions';
import { byLocality, cellsChangedBy, chunkChanges, foldScored, foldSubmissions, scoredOf, type StreamedSubmission } from './aggregation';
import type { Submission } from './entities';
import type { BenchmarkStore } from './ports';

const submission = (organisationId: string): Submission => ({
  assessmentId: `a-${organisationId}`,
  organisationId,
  questionnaireId: 'agent-identity',
  version: '1.0.0',
  industry: 'technology',
  sizeBand: '50-249',
  region: 'europe',
  synthetic: false,
  contributesToBenchmarks: true,
  submittedAt: '2026-06-01T09:00:00.000Z',
  scores: { overall: { score: 2.5, level: 2 }, domains: { access: { score: 2.5, level: 2, caps: [], counted: 3, answered: 3 } } },
});

/** A store on which nothing needs folding: no organisation counts, so there is nothing to commit. */
function quietStore(calls: string[] = []): BenchmarkStore {
  return new Proxy({} as BenchmarkStore, {
    get: (_target, name: string) => async () => {
      calls.push(name);
      if (name === 'contributions') return new Map<string, Contribution>();
      if (name === 'participation') return new Map();
      throw new Error(`unexpected call to ${name}`);
    },
  });
}

/** A store that cannot be read (the database is down). */
const brokenStore = new Proxy({} as BenchmarkStore, {
  get: () => async () => {
    throw new Error('database unavailable');
  },
});

describe('foldSubmissions', () => {
  it('reports nothing failed when every record is folded', async () => {
    const calls: string[] = [];
    const records: StreamedSubmission[] = [{ recordId: '1', submission: submission('org-1') }];
    expect(await foldSubmissions(records, quietStore(calls))).toEqual({ failed: [] });
    expect(calls).toContain('contributions');
  });

  it('names the unreadable records and folds the others', async () => {
    const calls: string[] = [];
    const log: Record<string, unknown>[] = [];
    const records: StreamedSubmission[] = [
      { recordId: '1', submission: submission('org-1') },
      { recordId: '2', error: 'malformed submission' },
      { recordId: '3' },
    ];
    expect(await foldSubmissions(records, quietStore(calls), (entry) => log.push(entry))).toEqual({ failed: ['2', '3'] });
    expect(calls).toContain('contributions');
    expect(log.map((l) => l.recordId)).toEqual(['2', '3']);
  });

  it('names every readable record when the fold itself fails, so that the batch is delivered again', async () => {
    const records: StreamedSubmission[] = [
      { recordId: '7', submission: submission('org-1') },
      { recordId: '8', error: 'malformed submission' },
      { recordId: '9', submission: submission('org-2') },
    ];
    const result = await foldSubmissions(records, brokenStore);
    expect(result.failed.sort()).toEqual(['7', '8', '9']);
    expect(result).not.toHaveProperty('batchItemFailures');
  });
});

describe('committing a plan', () => {
  const industries = ['technology', 'healthcare', 'energy', 'retail'] as const;
  const scored = (i: number) => ({
    ...scoredOf({ ...submission(`org-${i}`), industry: industries[i % 4]!, submittedAt: `2026-0${1 + (i % 9)}-01T09:00:00.000Z` }),
  });
  const changes = planFold(
    Array.from({ length: 120 }, (_, i) => scored(i)),
    new Map(),
    () => true,
  );

  it('orders changes by the cells they share: the same cells, in fewer or equal transactions', () => {
    const ordered = byLocality(changes);
    expect(ordered).toHaveLength(changes.length);
    expect(new Set(ordered)).toEqual(new Set(changes));
    expect(deltasOf(ordered)).toEqual(deltasOf(changes));
    expect(chunkChanges(ordered).length).toBeLessThan(chunkChanges(changes).length);
  });

  it('names the cells whose deltas are not zero, replacements included', () => {
    const stored = new Map(changes.map((ch) => [ch.key, ch.next!]));
    const moved = (i: number, score: number, at: string) => ({ ...scored(i), assessmentId: `b-${i}`, overall: score, submittedAt: at });
    // a newer submission with the same scores (zero in shared cells), another score, another industry and quarter
    const replacements = planFold(
      [moved(0, 2.5, '2026-01-02T09:00:00.000Z'), moved(1, 4, '2026-02-02T09:00:00.000Z'), { ...moved(2, 1, '2026-12-01T09:00:00.000Z'), industry: 'retail' }],
      stored,
      () => true,
    );
    expect(replacements.length).toBeGreaterThan(2);
    for (const ch of [...changes.slice(0, 10), ...replacements, { ...changes[0]!, next: null, previous: changes[0]!.next }]) {
      const expected = [...deltasOf([ch])].filter(([, d]) => !isZero(d)).map(([id]) => id);
      expect(cellsChangedBy(ch).sort()).toEqual(expected.sort());
    }
    expect(replacements.some((ch) => cellsChangedBy(ch).length === 0)).toBe(true);
  });

  it('gives every commit of a plan the same fold memory, so that a cell is read once per plan', async () => {
    const folds: unknown[] = [];
    const store = new Proxy({} as BenchmarkStore, {
      get:
        (_target, name: string) =>
        async (...args: unknown[]) => {
          if (name === 'contributions') return new Map<string, Contribution>();
          if (name === 'participation')
            return new Map(Array.isArray(args[0]) ? (args[0] as string[]).map((o) => [o, { state: 'contributing', verification: 'verified' }]) : []);
          if (name === 'commit') {
            folds.push(args[3]);
            return 'written';
          }
          throw new Error(`unexpected call to ${name}`);
        },
    });
    await foldScored(
      store,
      Array.from({ length: 120 }, (_, i) => scored(i)),
    );
    expect(folds.length).toBeGreaterThan(1);
    expect(folds[0]).toBeInstanceOf(Map);
    expect(new Set(folds).size).toBe(1);
  });
});
