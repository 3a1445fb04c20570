import { describe, expect, it } from 'vitest';
import { MILESTONE_NAME_MAX } from '../../functions/contract/milestones';
import {
  changeText,
  domainsMeetingTargets,
  MILESTONE_NAME_LIMIT,
  medianPosition,
  milestoneNameError,
  movementSentence,
  nameTakenMessage,
  pointLabels,
  shortLabel,
  signed,
} from './progress-text';

describe('signed', () => {
  it('gives the sign of a change, a true minus sign below zero', () => {
    expect(signed(0.4)).toBe('+0.40');
    expect(signed(-0.2)).toBe('−0.20');
    expect(signed(0)).toBe('0.00');
    // Rounding to two places cannot leave a sign on nothing.
    expect(signed(-0.001)).toBe('0.00');
  });
});

describe('changeText', () => {
  it('says the direction in words, with the signed figure', () => {
    expect(changeText(0.4)).toBe('up 0.40 (+0.40)');
    expect(changeText(-1.25)).toBe('down 1.25 (−1.25)');
    expect(changeText(0)).toBe('no change (0.00)');
  });

  it('says why there is no change to give when one side is missing', () => {
    expect(changeText(null)).toBe('not comparable: the domain is in one version only');
  });
});

describe('medianPosition and movementSentence', () => {
  it('places a score against the median', () => {
    expect(medianPosition(-0.4)).toBe('0.40 below the median');
    expect(medianPosition(0.2)).toBe('0.20 above the median');
    expect(medianPosition(0)).toBe('at the median');
  });

  const side = (difference: number) => ({ score: 3, median: { value: 3 - difference, low: 2.8, high: 3.2 }, difference });

  it('tells the movement from one submission to the other', () => {
    expect(movementSentence({ description: 'Technology, Europe', from: side(-0.4), to: side(0.2), movement: 0.6 })).toBe(
      'Against the median of Technology, Europe: from 0.40 below the median to 0.20 above the median, up 0.60 (+0.60).',
    );
    expect(movementSentence({ description: 'Technology', from: side(0.5), to: side(0.1), movement: -0.4 })).toBe(
      'Against the median of Technology: from 0.50 above the median to 0.10 above the median, down 0.40 (−0.40).',
    );
    expect(movementSentence({ description: 'Technology', from: side(0.1), to: side(0.1), movement: 0 })).toBe(
      'Against the median of Technology: from 0.10 above the median to 0.10 above the median, no change (0.00).',
    );
  });

  it('says why the movement is not shown', () => {
    expect(movementSentence(null)).toBe(
      "The movement against the cohort median is not shown: the organisation's own cohort has no published median for these submissions.",
    );
    expect(movementSentence({ description: 'Technology', from: null, to: side(0.2), movement: null })).toBe(
      'Against the median of Technology: 0.20 above the median at the later submission; no median was published for the earlier one, so there is no movement to show.',
    );
    expect(movementSentence({ description: 'Technology', from: side(-0.3), to: null, movement: null })).toBe(
      'Against the median of Technology: 0.30 below the median at the earlier submission; no median was published for the later one, so there is no movement to show.',
    );
  });
});

describe('milestone names', () => {
  it('agrees with the API on the longest name', () => {
    expect(MILESTONE_NAME_LIMIT).toBe(MILESTONE_NAME_MAX);
  });

  it('asks for a name, and one short enough', () => {
    expect(milestoneNameError('')).toBe('Enter a name for the milestone, for example "Q3 board review".');
    expect(milestoneNameError('   ')).toBe('Enter a name for the milestone, for example "Q3 board review".');
    expect(milestoneNameError('x'.repeat(MILESTONE_NAME_MAX + 1))).toBe(`Keep the name to ${MILESTONE_NAME_MAX} characters or fewer.`);
    expect(milestoneNameError('x'.repeat(MILESTONE_NAME_MAX))).toBeNull();
    expect(milestoneNameError(' Q3 board review ')).toBeNull();
  });

  it('says a name is taken in words', () => {
    expect(nameTakenMessage('  Q3 board review ')).toBe('A milestone called "Q3 board review" already exists. Choose another name.');
  });
});

describe('labels of submissions', () => {
  it('names a submission by its milestone, else by its day, numbering submissions of one day', () => {
    expect(
      pointLabels([
        { milestone: { name: 'Q3 board review' }, submittedAt: '2026-12-04T10:00:00Z' },
        { milestone: null, submittedAt: '2026-12-05T10:00:00Z' },
        { milestone: null, submittedAt: '2026-12-06T09:00:00Z' },
        { milestone: null, submittedAt: '2026-12-06T11:00:00Z' },
      ]),
    ).toEqual(['Q3 board review', '5 Dec 2026', '6 Dec 2026 (1)', '6 Dec 2026 (2)']);
  });

  it('shortens a long label for a chart axis, keeping the whole in the table', () => {
    expect(shortLabel('Before the agent platform migration', 16)).toBe('Before the agent…');
    expect(shortLabel('Q3 review', 16)).toBe('Q3 review');
  });
});

describe('domainsMeetingTargets', () => {
  it('counts the targeted domains whose level meets the target', () => {
    const domains = { a: { score: 3.2, level: 3 }, b: { score: 1.5, level: 1 }, c: { score: 4, level: 4 } };
    expect(domainsMeetingTargets(domains, { a: 3, b: 2, c: 4, d: 2 })).toEqual({ met: 2, targeted: 4, text: '2 of 4' });
    expect(domainsMeetingTargets(domains, {})).toEqual({ met: 0, targeted: 0, text: 'No domain targets' });
  });
});
