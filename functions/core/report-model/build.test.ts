import { describe, expect, it } from 'vitest';
import { buildReportModel } from './build';
import { fixtureBenchmark, fixtureInput } from './test-fixture';

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
    expect(cover.cohort).toEqual({ status: 'available', description: 'Financial services · 250–999 employees · all regions', n: 37 });
  });

  it('names the overall level and carries the percentile', () => {
    expect(buildReportModel(fixtureInput()).overall).toEqual({ score: 1.67, level: 1, levelName: 'Ad hoc', percentile: 22 });
  });

  it('gives each domain its level in words, its description and its cohort quartiles', () => {
    const access = buildReportModel(fixtureInput()).domains.find((d) => d.id === 'access');
    expect(access).toMatchObject({
      title: 'Least privilege',
      score: 3,
      level: 3,
      levelName: 'Defined',
      levelDescription: 'Access at level 3.',
      nextLevel: 4,
      cohort: { p25: 2.1, p50: 2.9, p75: 3.6, percentile: 55 },
    });
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
    expect(model.overall.percentile).toBeUndefined();
    expect(model.domains.every((d) => d.cohort === undefined)).toBe(true);
    expect(JSON.stringify(model)).not.toContain('"n":');
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
  it('copies only the named organisation and quartile fields', () => {
    const input = fixtureInput();
    const organisation = { ...input.organisation, createdAt: '2025-01-01', contactEmail: 'ciso@example.com' };
    const domains = { access: { p25: 1, p50: 2, p75: 3, percentile: 40, counts: [1, 2, 3] } };
    const model = buildReportModel({ ...input, organisation, benchmark: { ...fixtureBenchmark, domains } });
    expect(JSON.stringify(model)).not.toContain('ciso@example.com');
    expect(model.domains.find((d) => d.id === 'access')?.cohort).toEqual({ p25: 1, p50: 2, p75: 3, percentile: 40 });
  });
});
