import { describe, expect, it } from 'vitest';
import { targetGaps } from './targets';

const domains = [
  { id: 'identity-separation', title: 'Identity separation', level: 2 },
  { id: 'access-scoping', title: 'Access scoping', level: 4 },
  { id: 'auditing', title: 'Auditing', level: 3 },
];

describe('targetGaps', () => {
  it('is null without targets', () => {
    expect(targetGaps(undefined, { level: 3 }, domains)).toBeNull();
  });

  it('gives the levels to go per targeted domain, in report order, never below 0', () => {
    const gaps = targetGaps(
      { revision: 3, targetDate: '2027-06-30', overall: 4, domains: { auditing: 3, 'identity-separation': 4, 'access-scoping': 2 } },
      { level: 3 },
      domains,
    );
    expect(gaps).toEqual({
      revision: 3,
      targetDate: '2027-06-30',
      overall: { target: 4, level: 3, levelsToGo: 1 },
      domains: [
        { domainId: 'identity-separation', title: 'Identity separation', target: 4, level: 2, levelsToGo: 2 },
        // Above target: met, not a negative gap.
        { domainId: 'access-scoping', title: 'Access scoping', target: 2, level: 4, levelsToGo: 0 },
        { domainId: 'auditing', title: 'Auditing', target: 3, level: 3, levelsToGo: 0 },
      ],
    });
  });

  it('has no overall row without an overall target, and leaves out domains the version does not have or that have no target', () => {
    const gaps = targetGaps(
      { revision: 1, targetDate: '2027-01-31', overall: null, domains: { auditing: 5, 'runtime-containment': 4 } },
      { level: 2 },
      domains,
    );
    expect(gaps?.overall).toBeNull();
    expect(gaps?.domains).toEqual([{ domainId: 'auditing', title: 'Auditing', target: 5, level: 3, levelsToGo: 2 }]);
  });
});
