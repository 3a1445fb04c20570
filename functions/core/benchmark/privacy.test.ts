import { describe, expect, it } from 'vitest';
import { cellId, cellsCovering, quarterOf, quartersEndingAt, shardOf, shardsFor, siblingsAlong, WILDCARD, type Cell } from './cells';
import { hiddenSiblings, verdict, type Sibling } from './privacy';

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
});

describe('complementary suppression across siblings', () => {
  const sizes = (...ns: [string, number, boolean][]): Sibling[] => ns.map(([value, n, shown]) => ({ value, n, shown }));

  it('hides the smallest shown sibling when the hidden ones hold 1 to k − 1 organisations', () => {
    // 8 = 4 + 3 + 1: the broader cohort minus the two shown would single out the one
    const hidden = hiddenSiblings(sizes(['energy', 4, true], ['retail', 3, true], ['healthcare', 1, false]), 3);
    expect([...hidden].sort()).toEqual(['healthcare', 'retail']);
  });

  it('hides nothing more when nothing is hidden, or the hidden ones hold k or more together', () => {
    expect(hiddenSiblings(sizes(['a', 6, true], ['b', 5, true], ['c', 0, false]), 5)).toEqual(new Set(['c']));
    expect(hiddenSiblings(sizes(['a', 9, true], ['b', 3, false], ['c', 2, false]), 5)).toEqual(new Set(['b', 'c']));
  });

  it('counts siblings hidden by differencing, and breaks ties in taxonomy order', () => {
    // 'b' holds 6 but is hidden by another rule; with 'c' (1) the hidden total is 7 ≥ k
    expect(hiddenSiblings(sizes(['a', 6, true], ['b', 6, false], ['c', 1, false]), 5)).toEqual(new Set(['b', 'c']));
    expect(hiddenSiblings(sizes(['a', 6, true], ['b', 6, true], ['c', 2, false]), 5)).toEqual(new Set(['a', 'c']));
  });

  it('never lets one hidden sibling be rebuilt on its own, whatever its size', () => {
    // 'b' (8) is hidden by differencing elsewhere: all − a − c would give it back exactly
    expect(hiddenSiblings(sizes(['a', 6, true], ['b', 8, false], ['c', 7, true], ['d', 0, false]), 5)).toEqual(new Set(['a', 'b', 'd']));
  });

  it('whatever the sizes, the hidden siblings hold none, or at least k organisations in two or more siblings, or all of them are hidden', () => {
    for (let seed = 1; seed < 500; seed++) {
      let x = seed;
      const next = () => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return x;
      };
      const k = 3 + (next() % 4);
      const siblings = Array.from({ length: 2 + (next() % 8) }, (_, i) => {
        const n = next() % 12;
        return { value: `v${i}`, n, shown: n >= k && next() % 5 !== 0 };
      });
      const hidden = hiddenSiblings(siblings, k);
      const occupied = siblings.filter((s) => hidden.has(s.value) && s.n > 0);
      const total = occupied.reduce((sum, s) => sum + s.n, 0);
      const allHidden = hidden.size === siblings.length;
      for (const s of siblings) if (!s.shown) expect(hidden.has(s.value)).toBe(true);
      expect(total === 0 || total >= k || allHidden).toBe(true);
      expect(occupied.length !== 1 || allHidden || siblings.filter((s) => s.n > 0).length === 1).toBe(true);
    }
  });
});

describe('cells', () => {
  const cell: Cell = { population: 'real', questionnaireId: 'q', industry: 'energy', sizeBand: '1-49', region: 'europe', period: '2026-Q3' };

  it('covers every combination of the dimensions with a wildcard', () => {
    const all = cellsCovering(cell);
    expect(all).toHaveLength(16);
    expect(new Set(all.map(cellId)).size).toBe(16);
    expect(all[0]).toEqual(cell);
    expect(cellsCovering({ ...cell, industry: WILDCARD, sizeBand: WILDCARD, region: WILDCARD, period: WILDCARD })).toHaveLength(1);
  });

  it('lists the siblings along a partitioning dimension in taxonomy order, the cell among them', () => {
    const bySize = siblingsAlong(cell, 'sizeBand');
    expect(bySize.map((c) => c.sizeBand)).toEqual(['1-49', '50-249', '250-999', '1000-4999', '5000+']);
    expect(bySize).toContainEqual(cell);
    expect(new Set(bySize.map((c) => `${c.industry}/${c.region}/${c.period}`))).toEqual(new Set(['energy/europe/2026-Q3']));
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
