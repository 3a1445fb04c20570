import { describe, expect, it } from 'vitest';
import { changeLines, readingText } from './evidence-text';

describe('evidence panel sentences', () => {
  it('reads a ratio, days, and a fact the file cannot measure', () => {
    expect(readingText('ratio', { numerator: 12, denominator: 30, value: 0.4 })).toBe('12 of 30 (40%)');
    expect(readingText('days', { numerator: 3, denominator: 30, value: 411.6 })).toBe('412 days');
    expect(readingText('ratio', { numerator: 0, denominator: 0, value: null })).toBe('not in this file');
    expect(readingText('ratio', null)).toBe('not in this file');
  });

  it('lists the counts, facts and proposals that changed', () => {
    const lines = changeLines(
      {
        importId: 'i1',
        assessmentId: 'a1',
        fileName: 'agents.csv',
        importedAt: '2026-11-01T00:00:00.000Z',
        sameFile: false,
        identities: [{ kind: 'agent', before: 30, after: 31 }],
        facts: [
          { id: 'named-owner', unit: 'ratio', before: { numerator: 20, denominator: 30, value: 2 / 3 }, after: { numerator: 31, denominator: 31, value: 1 } },
        ],
        proposals: [{ questionId: 'agent-owner-coverage', before: 'most', after: null }],
      },
      (id) => `fact ${id}`,
      (q, v) => (v ? `option ${v}` : `question ${q}`),
    );
    expect(lines).toEqual([
      'agent identities: 30 → 31',
      'fact named-owner: 20 of 30 (67%) → 31 of 31 (100%)',
      'question agent-owner-coverage: proposed option most → nothing',
    ]);
  });
});
