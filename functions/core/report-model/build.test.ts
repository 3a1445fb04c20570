import { describe, expect, it } from 'vitest';
import { buildReportModel } from './build';
import { standingAgainst } from './domains';
import { fig, fixtureBenchmark, fixtureInput, fixtureSyntheticBenchmark } from '../../../test/fixtures/report-model';

describe('buildReportModel', () => {
  it('describes the cover from what is passed in', () => {
    const { cover } = buildReportModel(fixtureInput());
    expect(cover.organisation).toMatchObject({
      name: 'Zürich Ærø Łódź Ltd',
      industryLabel: 'Financial services',
      sizeBandLabel: '250–999 employees',
      regionLabel: 'Europe',
    });
    expect(cover.questionnaire).toEqual({ id: 'agent-identity', title: 'Agent identity maturity', version: '1.2.0' });
    expect(cover.submittedAt).toBe('2025-11-27T16:30:00.000Z');
    expect(cover.generatedAt).toBe('2025-11-28T10:00:00.000Z');
    expect(cover.reportId).toBe('rpt-01J9Z7K3');
    expect(cover.cohort).toEqual({
      status: 'available',
      description: 'Financial services · 250–999 employees · all regions',
      n: { value: 37, low: 33, high: 41 },
      release: { date: '2026-12-01', period: 'month', epsilon: '1/2', confidence: 0.9 },
      synthetic: false,
    });
  });

  it('names the overall level and carries the percentile and the cohort quartiles, each with its interval', () => {
    expect(buildReportModel(fixtureInput()).overall).toEqual({
      score: 1.67,
      level: 1,
      levelName: 'Ad hoc',
      method: 1,
      percentile: { value: 22, low: 12, high: 35 },
      cohort: { p25: fig(1.9, 1.7, 2.1), p50: fig(2.5, 2.3, 2.7), p75: fig(3.2, 3.0, 3.4), standing: 'below' },
    });
  });

  it('says which scoring method produced the scores; scores stored before methods existed are method 1', () => {
    const input = fixtureInput();
    const { method: _stored, ...legacy } = input.assessment.scores;
    expect(buildReportModel(fixtureInput({ assessment: { ...input.assessment, scores: { ...legacy, method: 2 } } })).overall.method).toBe(2);
    expect(buildReportModel(fixtureInput({ assessment: { ...input.assessment, scores: legacy } })).overall.method).toBe(1);
  });

  it('gives each domain its level in words, its description and the cohort median with its interval', () => {
    const access = buildReportModel(fixtureInput()).domains.find((d) => d.id === 'access');
    expect(access).toMatchObject({
      title: 'Least privilege',
      score: 3,
      level: 3,
      levelName: 'Defined',
      levelDescription: 'Access at level 3.',
      nextLevel: 4,
      // 3 lies inside the median's interval 2.5–3.3: not distinguishable from the median.
      cohort: { p50: { value: 2.9, low: 2.5, high: 3.3 }, standing: 'indistinguishable' },
    });
    const standings = Object.fromEntries(buildReportModel(fixtureInput()).domains.map((d) => [d.id, d.cohort?.standing]));
    expect(standings).toEqual({ credentials: 'below', access: 'indistinguishable', audit: 'below' });
  });

  it('compares exact (synthetic) figures without an interval and says no release', () => {
    const model = buildReportModel(fixtureInput({ benchmark: fixtureSyntheticBenchmark }));
    expect(model.cover.cohort).toEqual({
      status: 'available',
      description: 'All industries · all sizes · all regions',
      n: { value: 40, low: 40, high: 40 },
      synthetic: true,
    });
    expect(model.domains.find((d) => d.id === 'access')?.cohort).toEqual({ p50: { value: 2, low: 2, high: 2 }, standing: 'above' });
    expect(model.provenance.method.join(' ')).toContain('synthetic demo data: its figures are exact');
    expect(model.provenance.method.join(' ')).not.toContain('differentially private');
  });

  it('shows the caps that applied and puts the capping answer first among those holding back', () => {
    const credentials = buildReportModel(fixtureInput()).domains.find((d) => d.id === 'credentials');
    expect(credentials?.caps).toEqual([
      {
        questionId: 'cred-storage',
        prompt: 'Are agent secrets kept out of source code?',
        maxLevel: 2,
        reason: 'Secrets in source code leak with every copy of it.',
      },
    ]);
    // cred-rotation (yearly, level 2) already reaches the next level (2), so only the cap holds back.
    expect(credentials?.holdingBack).toEqual([
      { questionId: 'cred-storage', prompt: 'Are agent secrets kept out of source code?', answer: 'No', level: 1, capLevel: 2 },
    ]);
  });

  it('lists unanswered and low answers as holding back, but not unscored text', () => {
    const audit = buildReportModel(fixtureInput()).domains.find((d) => d.id === 'audit');
    expect(audit?.holdingBack.map((h) => [h.questionId, h.answer, h.level])).toEqual([
      ['audit-owner', 'Not answered', undefined],
      ['audit-retention', '10 days', 1],
    ]);
  });

  it('keeps every figure out when the cohort is suppressed', () => {
    const model = buildReportModel(fixtureInput({ benchmark: { ...fixtureBenchmark, suppressed: true } }));
    expect(model.cover.cohort).toEqual({ status: 'suppressed', description: 'Financial services · 250–999 employees · all regions' });
    expect(model.trend.cohortMedian).toBeUndefined();
    expect(model.overall.cohort).toBeUndefined();
    expect(JSON.stringify(model)).not.toContain('2026-12-01');
    expect(model.overall.percentile).toBeUndefined();
    expect(model.domains.every((d) => d.cohort === undefined)).toBe(true);
    expect(JSON.stringify(model)).not.toContain('"n":');
  });

  it('carries the reason a cohort is suppressed', () => {
    const model = buildReportModel(
      fixtureInput({ benchmark: { cohort: fixtureBenchmark.cohort, suppressed: true, reason: 'fewer than 5 organisations', synthetic: false } }),
    );
    expect(model.cover.cohort).toEqual({
      status: 'suppressed',
      description: 'Financial services · 250–999 employees · all regions',
      reason: 'fewer than 5 organisations',
    });
  });

  it('says the cohort is unavailable when no benchmark is passed', () => {
    const model = buildReportModel(fixtureInput({ benchmark: undefined }));
    expect(model.cover.cohort).toEqual({ status: 'unavailable' });
    expect(model.domains.every((d) => d.cohort === undefined)).toBe(true);
  });

  it('is pure: same input, same model, input untouched', () => {
    const input = fixtureInput();
    const before = structuredClone(input);
    expect(buildReportModel(input)).toEqual(buildReportModel(input));
    expect(input).toEqual(before);
  });
});

describe('buildReportModel with richer records', () => {
  it('copies only the named organisation and figure fields', () => {
    const input = fixtureInput();
    const organisation = { ...input.organisation, createdAt: '2025-01-01', contactEmail: 'ciso@example.com' };
    const domains = { access: { p50: { value: 2, low: 1.5, high: 2.5, rawSum: 17 }, counts: [1, 2, 3] } };
    const model = buildReportModel({ ...input, organisation, benchmark: { ...fixtureBenchmark, domains } });
    expect(JSON.stringify(model)).not.toContain('ciso@example.com');
    expect(JSON.stringify(model)).not.toContain('rawSum');
    expect(model.domains.find((d) => d.id === 'access')?.cohort).toEqual({ p50: { value: 2, low: 1.5, high: 2.5 }, standing: 'above' });
  });
});

describe('standingAgainst', () => {
  it('is below or above only outside the interval, ends included in it', () => {
    const median = { value: 2.6, low: 2.3, high: 2.9 };
    expect(standingAgainst(2.29, median)).toBe('below');
    expect(standingAgainst(2.3, median)).toBe('indistinguishable');
    expect(standingAgainst(2.5, median)).toBe('indistinguishable');
    expect(standingAgainst(2.9, median)).toBe('indistinguishable');
    expect(standingAgainst(2.91, median)).toBe('above');
    expect(standingAgainst(2.6, { value: 2.6, low: 2.6, high: 2.6 })).toBe('indistinguishable');
    expect(standingAgainst(2.59, { value: 2.6, low: 2.6, high: 2.6 })).toBe('below');
  });
});
