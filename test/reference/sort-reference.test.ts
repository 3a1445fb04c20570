import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortStatistics, distribution, HISTOGRAM_BINS, positionInCohort, type BenchmarkMember } from './sort-reference';

let counter = 0;
function member(overrides: Partial<BenchmarkMember> = {}): BenchmarkMember {
  counter += 1;
  return {
    organisationId: `org-${counter}`,
    questionnaireId: 'agent-identity',
    version: '1.0.0',
    industry: 'healthcare',
    sizeBand: '50-249',
    region: 'europe',
    submittedAt: '2026-01-01T00:00:00.000Z',
    synthetic: false,
    overall: 2,
    domains: { auditing: 2 },
    ...overrides,
  };
}

const filter = { questionnaireId: 'agent-identity' };

describe('cohortStatistics', () => {
  it('suppresses a cohort below k and shows one of exactly k', () => {
    const four = [1, 2, 3, 4].map((overall) => member({ overall }));
    expect(cohortStatistics(four, filter, 5)).toEqual({ cohort: filter, suppressed: true });
    const five = [...four, member({ overall: 5 })];
    const stats = cohortStatistics(five, filter, 5);
    expect(stats.suppressed).toBe(false);
    if (stats.suppressed) return;
    expect(stats.n).toBe(5);
    expect(stats.overall).toMatchObject({ mean: 3, p10: 1.4, p25: 2, p50: 3, p75: 4, p90: 4.6 });
  });

  it('gives no detail at all for a suppressed cohort', () => {
    const stats = cohortStatistics([member(), member()], filter, 3);
    expect(Object.keys(stats).sort()).toEqual(['cohort', 'suppressed']);
  });

  it.each([
    ['industry', { industry: 'retail' }],
    ['sizeBand', { sizeBand: '5000+' }],
    ['region', { region: 'asia-pacific' }],
    ['questionnaireId', { questionnaireId: 'other-questionnaire' }],
  ] as const)('filters by %s', (dimension, difference) => {
    // five members match the filter, five differ only in this one dimension
    const matching = [1, 1, 1, 1, 1].map((overall) => member({ overall }));
    const others = [5, 5, 5, 5, 5].map((overall) => member({ overall, ...difference }));
    const cohortFilter = { questionnaireId: 'agent-identity', industry: 'healthcare', sizeBand: '50-249', region: 'europe' };
    const stats = cohortStatistics([...matching, ...others], cohortFilter, 5);
    expect(stats).toMatchObject({ suppressed: false, n: 5, overall: { mean: 1 } });
    // the same members, with this dimension left open (or the other questionnaire asked for)
    if (dimension === 'questionnaireId') {
      expect(cohortStatistics([...matching, ...others], { ...cohortFilter, questionnaireId: 'other-questionnaire' }, 5)).toMatchObject({
        n: 5,
        overall: { mean: 5 },
      });
    } else {
      const open = { ...cohortFilter, [dimension]: undefined };
      expect(cohortStatistics([...matching, ...others], open, 5)).toMatchObject({ n: 10, overall: { mean: 3 } });
    }
  });

  it('suppresses a cohort that a filter makes small', () => {
    const members = [...[1, 2, 3, 4, 5].map((overall) => member({ overall })), member({ industry: 'retail' })];
    expect(cohortStatistics(members, { ...filter, industry: 'retail' }, 5)).toEqual({ cohort: { ...filter, industry: 'retail' }, suppressed: true });
  });

  it('leaves out a domain that fewer than k members have', () => {
    const members = [...[1, 2, 3].map((s) => member({ domains: { auditing: s, rare: s } })), ...[4, 5].map((s) => member({ domains: { auditing: s } }))];
    const stats = cohortStatistics(members, filter, 5);
    if (stats.suppressed) throw new Error('expected a shown cohort');
    expect(Object.keys(stats.domains)).toEqual(['auditing']);
    expect(stats.domains.auditing).toMatchObject({ mean: 3, p50: 3 });
  });
});

describe('distribution', () => {
  it('puts each value in its half-level bin, and 5.0 in the last bin', () => {
    const d = distribution([0, 0.49, 0.5, 1.99, 2, 4.49, 4.5, 4.99, 5]);
    expect(d.histogram).toEqual([2, 1, 0, 1, 1, 0, 0, 0, 1, 3]);
  });

  it('has histogram counts that sum to n, with percentiles ordered and within range', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
          { minLength: 1, maxLength: 80 },
        ),
        (values) => {
          const d = distribution(values);
          expect(d.histogram).toHaveLength(HISTOGRAM_BINS);
          expect(d.histogram.reduce((s, c) => s + c, 0)).toBe(values.length);
          expect(d.histogram[9]).toBe(values.filter((v) => v >= 4.5).length);
          expect(d.histogram[0]).toBe(values.filter((v) => v < 0.5).length);
          const ps = [d.p10, d.p25, d.p50, d.p75, d.p90];
          expect([...ps].sort((a, b) => a - b)).toEqual(ps);
          expect(d.p10).toBeGreaterThanOrEqual(Math.min(...values));
          expect(d.p90).toBeLessThanOrEqual(Math.max(...values));
        },
      ),
    );
  });
});

describe('positionInCohort', () => {
  const members = [1, 2, 3, 4, 5].map((s) => member({ overall: s, domains: { auditing: 6 - s } }));

  it('places a low scorer low and a high scorer high', () => {
    const low = positionInCohort(members, filter, { overall: 1.5, domains: { auditing: 4.5 } }, 5);
    const high = positionInCohort(members, filter, { overall: 4.5, domains: { auditing: 1.5 } }, 5);
    expect(low).toMatchObject({ suppressed: false, n: 5, overall: { score: 1.5, percentile: 20, p25: 2, p50: 3, p75: 4 } });
    expect(high).toMatchObject({ suppressed: false, n: 5, overall: { score: 4.5, percentile: 80 } });
    expect(low.domains!.auditing).toMatchObject({ score: 4.5, percentile: 80 });
    expect(high.domains!.auditing).toMatchObject({ score: 1.5, percentile: 20 });
  });

  it('counts ties as half when the organisation is one of the members', () => {
    expect(positionInCohort(members, filter, { overall: 3, domains: {} }, 5).overall).toMatchObject({ percentile: 50 });
  });

  it('is suppressed below k, with no scores given away', () => {
    expect(positionInCohort(members.slice(0, 4), filter, { overall: 3, domains: { auditing: 3 } }, 5)).toEqual({ cohort: filter, suppressed: true });
  });

  it('only places the domains that at least k members have', () => {
    const position = positionInCohort(members, filter, { overall: 3, domains: { auditing: 3, unknown: 2 } }, 5);
    expect(Object.keys(position.domains!)).toEqual(['auditing']);
  });
});
