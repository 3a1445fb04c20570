import { describe, expect, it } from 'vitest';
import { gapText, isRealDate, levelLabel, parseLevel, type TargetValues, targetChanges, targetsSummary } from './targets-text';

const domains = [
  { id: 'auditing', title: 'Auditing' },
  { id: 'scoping', title: 'Access scoping' },
];
const first: TargetValues = { domains: { auditing: 3 }, overall: null, targetDate: '2027-03-31', note: null };

describe('targetChanges', () => {
  it('lists what the first revision set', () => {
    expect(targetChanges(null, first, domains)).toEqual(['Auditing: 3', 'Target date: 31 Mar 2027']);
  });

  it('says what a later revision changed, in the questionnaire order', () => {
    const second: TargetValues = { domains: { auditing: 4, scoping: 2 }, overall: 3, targetDate: '2027-06-30', note: 'Board asked' };
    expect(targetChanges(first, second, domains)).toEqual([
      'Auditing: 3 → 4',
      'Access scoping: none → 2',
      'Overall: none → 3',
      'Target date: 31 Mar 2027 → 30 Jun 2027',
      'Note added',
    ]);
    expect(targetChanges(second, { ...second, domains: { scoping: 2 }, overall: null, note: null }, domains)).toEqual([
      'Auditing: 4 → none',
      'Overall: 3 → none',
      'Note removed',
    ]);
  });

  it('names a domain the questionnaire no longer has by its id, and an unchanged save as no change', () => {
    expect(targetChanges(first, { ...first, domains: { auditing: 3, retired: 2 } }, domains)).toEqual(['retired: none → 2']);
    expect(targetChanges(first, first, domains)).toEqual(['No change']);
  });
});

describe('target wording', () => {
  it('sums a revision up in one line, in the questionnaire order', () => {
    expect(targetsSummary({ domains: { scoping: 2, auditing: 4 }, overall: 3, targetDate: '2027-06-30', note: null }, domains)).toBe(
      'Auditing 4, Access scoping 2; overall 3; by 30 Jun 2027',
    );
    expect(targetsSummary({ ...first, domains: {} }, domains)).toBe('no domain targets; overall none; by 31 Mar 2027');
  });

  it('gives the gap to a target, or says it is met', () => {
    expect(gapText(4, 2)).toBe('4, 2 levels to go');
    expect(gapText(4, 1)).toBe('4, 1 level to go');
    expect(gapText(3, 0)).toBe('Met');
  });

  it('names levels and reads select values', () => {
    expect(levelLabel(4)).toBe('4 Managed');
    expect(parseLevel('5')).toBe(5);
    expect(parseLevel('')).toBeNull();
    expect(parseLevel('6')).toBeNull();
  });

  it('takes only days that exist', () => {
    expect(isRealDate('2027-06-30')).toBe(true);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2027-02-29')).toBe(false);
    expect(isRealDate('2027-13-01')).toBe(false);
    expect(isRealDate('30/06/2027')).toBe(false);
    expect(isRealDate('')).toBe(false);
  });
});
