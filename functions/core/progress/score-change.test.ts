import { describe, expect, it } from 'vitest';
import { cohortMovement } from './cohort-movement';
import { domainChanges, scoreChange } from './score-change';

describe('scoreChange', () => {
  it('rounds the change to 2 places and has none when a side is missing', () => {
    expect(scoreChange({ score: 2.1, level: 2 }, { score: 3.27, level: 3 })).toEqual({
      from: { score: 2.1, level: 2 },
      to: { score: 3.27, level: 3 },
      change: 1.17,
    });
    expect(scoreChange(undefined, { score: 3, level: 3 })).toEqual({ from: null, to: { score: 3, level: 3 }, change: null });
  });
});

describe('domainChanges', () => {
  it("orders the later version's domains first, then the earlier's own", () => {
    const changes = domainChanges(
      {
        earlier: [
          { id: 'old', title: 'Old' },
          { id: 'b', title: 'B' },
        ],
        later: [
          { id: 'b', title: 'B2' },
          { id: 'new', title: 'New' },
        ],
      },
      { earlier: { old: { score: 1, level: 1 }, b: { score: 2, level: 2 } }, later: { b: { score: 3.5, level: 3 }, new: { score: 4, level: 4 } } },
    );
    expect(changes).toEqual([
      { id: 'b', title: 'B2', from: { score: 2, level: 2 }, to: { score: 3.5, level: 3 }, change: 1.5 },
      { id: 'new', title: 'New', from: null, to: { score: 4, level: 4 }, change: null },
      { id: 'old', title: 'Old', from: { score: 1, level: 1 }, to: null, change: null },
    ]);
  });
});

describe('cohortMovement', () => {
  const median = (value: number) => ({ value, low: value - 0.2, high: value + 0.2 });

  it('gives each side against its median and how far the organisation moved', () => {
    expect(cohortMovement('All industries · all sizes · all regions', { score: 2, median: median(2.5) }, { score: 3.1, median: median(2.6) })).toEqual({
      description: 'All industries · all sizes · all regions',
      from: { score: 2, median: median(2.5), difference: -0.5 },
      to: { score: 3.1, median: median(2.6), difference: 0.5 },
      movement: 1,
    });
  });

  it('has no movement when one side may not be shown, and is null when neither may', () => {
    expect(cohortMovement('x', { score: 2, median: undefined }, { score: 3, median: median(2.5) })).toMatchObject({ from: null, movement: null });
    expect(cohortMovement('x', { score: 2, median: undefined }, { score: 3, median: undefined })).toBeNull();
  });
});
