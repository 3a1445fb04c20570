import { describe, expect, it } from 'vitest';
import { ancestorsOf, cellId, cellsCovering, quarterOf, quartersEndingAt, shardOf, shardsFor, WILDCARD, type Cell } from './cells';
import { realPartSafe, verdict } from './privacy';

describe('k-anonymity and differencing', () => {
  it('suppresses below k and shows from k', () => {
    expect(verdict({ n: 4, ancestors: [] }, 5)).toBe('too-few');
    expect(verdict({ n: 5, ancestors: [] }, 5)).toBe('shown');
  });

  it('suppresses the narrower of two cohorts that differ by fewer than k organisations', () => {
    expect(verdict({ n: 10, ancestors: [12] }, 5)).toBe('differencing');
    expect(verdict({ n: 10, ancestors: [14, 40] }, 5)).toBe('differencing');
    // identical sets reveal nothing; k or more apart is fine
    expect(verdict({ n: 10, ancestors: [10, 15, 100] }, 5)).toBe('shown');
  });

  it('mixes real with synthetic data only when the real part is empty or could be shown itself', () => {
    expect(realPartSafe({ n: 0, ancestors: [0, 0] }, 5)).toBe(true);
    expect(realPartSafe({ n: 2, ancestors: [2] }, 5)).toBe(false);
    expect(realPartSafe({ n: 0, ancestors: [3] }, 5)).toBe(false);
    expect(realPartSafe({ n: 7, ancestors: [7, 20] }, 5)).toBe(true);
  });
});

describe('cells', () => {
  const cell: Cell = { population: 'real', questionnaireId: 'q', industry: 'energy', sizeBand: '1-49', region: 'europe', period: '2026-Q3' };

  it('covers every combination of the dimensions with a wildcard', () => {
    const all = cellsCovering(cell);
    expect(all).toHaveLength(16);
    expect(new Set(all.map(cellId)).size).toBe(16);
    expect(ancestorsOf(cell)).toHaveLength(15);
    expect(ancestorsOf({ ...cell, industry: WILDCARD, sizeBand: WILDCARD, region: WILDCARD, period: WILDCARD })).toEqual([]);
  });

  it('shards the hot cells and keeps an organisation on one shard', () => {
    const top = { ...cell, industry: WILDCARD, sizeBand: WILDCARD, region: WILDCARD, period: WILDCARD };
    expect(shardsFor(top)).toBe(8);
    expect(shardsFor(cell)).toBe(1);
    expect(shardOf(top, 'org-a')).toEqual(shardOf(top, 'org-a'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => shardOf(top, `org-${i}`).shard));
    expect(used.size).toBe(8);
  });

  it('names calendar quarters in UTC', () => {
    expect(quarterOf('2026-12-31T23:59:59.999Z')).toBe('2026-Q4');
    expect(quarterOf('2026-01-01T00:00:00.000Z')).toBe('2026-Q1');
    expect(quartersEndingAt('2026-02-01T00:00:00.000Z', 4)).toEqual(['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
  });
});
