import { describe, expect, it } from 'vitest';
import { scoreAssessment } from '../scoring/score';
import { buildReportModel } from './build';
import { benchmarkSnapshot } from './provenance';
import { fixtureAnswers, fixtureBenchmark, fixtureInput, fixtureQuestionnaire } from './test-fixture';

const model = buildReportModel(fixtureInput());
const control = (id: string) => model.recommendations.find((c) => c.id === id);

describe('score gain per effort', () => {
  it('is the overall gain if the triggering answers reached belowLevel, divided by effort points', () => {
    // Overall 1.67. named-owner: audit-owner 0 → 4, audit (1+4)/2 = 2.5, overall 2.33.
    expect(control('named-owner')).toMatchObject({ scoreGain: 0.66, gainPerEffort: 0.66 });
    // vault lifts the cap: credentials (2+4)/2 = 3, overall 2.17; low effort.
    expect(control('vault')).toMatchObject({ scoreGain: 0.5, gainPerEffort: 0.5 });
    // rotate-secrets raises two questions but the cap from secrets in code still binds; medium effort.
    expect(control('rotate-secrets')).toMatchObject({ scoreGain: 0.5, gainPerEffort: 0.25 });
    // short-lived-tokens: credentials would reach 2, still capped at 2; high effort.
    expect(control('short-lived-tokens')).toMatchObject({ scoreGain: 0.16, gainPerEffort: 0.05 });
  });
});

describe('executive summary', () => {
  it('names the domains furthest below the cohort median, only those below it', () => {
    expect(model.summary.focusBasis).toBe('below-median');
    expect(model.summary.focusDomains).toEqual([
      { id: 'audit', title: 'Audit and accountability', score: 0.5, median: 2.2, gap: 1.7 },
      { id: 'credentials', title: 'Credential lifecycle', score: 1.5, median: 2.6, gap: 1.1 },
    ]);
  });

  it('falls back to the lowest scores when there is no cohort to compare with', () => {
    const alone = buildReportModel(fixtureInput({ benchmark: { ...fixtureBenchmark, suppressed: true } }));
    expect(alone.summary.focusBasis).toBe('lowest');
    expect(alone.summary.focusDomains.map((d) => [d.id, d.score])).toEqual([
      ['audit', 0.5],
      ['credentials', 1.5],
      ['access', 3],
    ]);
    expect(JSON.stringify(alone.summary)).not.toContain('median');
  });

  it('picks the three controls with the highest gain per effort', () => {
    expect(model.summary.quickWinIds).toEqual(['named-owner', 'vault', 'central-logging']);
  });
});

describe('roadmap', () => {
  it('puts every control in one window by impact over effort, best first', () => {
    expect(model.roadmap.map((w) => [w.days, w.controlIds])).toEqual([
      [30, ['vault', 'named-owner', 'central-logging', 'rotate-secrets', 'least-privilege']],
      [60, ['short-lived-tokens']],
      [90, []],
    ]);
    const all = model.roadmap.flatMap((w) => w.controlIds).sort();
    expect(all).toEqual(model.recommendations.map((c) => c.id).sort());
  });
});

describe('domain pages', () => {
  it('say what the next level means and which controls the domain calls for', () => {
    const credentials = model.domains.find((d) => d.id === 'credentials')!;
    expect(credentials.nextLevelDescription).toBe('Credentials at level 2.');
    expect(credentials.controlIds).toEqual(['vault', 'rotate-secrets', 'short-lived-tokens']);
    expect(model.domains.find((d) => d.id === 'access')!.controlIds).toEqual(['rotate-secrets', 'least-privilege']);
  });
});

describe('trend', () => {
  const earlierAnswers = { ...fixtureAnswers, 'audit-retention': { value: 0 }, 'access-scope': { value: 'l2' } };
  const earlier = (id: string, submittedAt: string) => ({ assessmentId: id, version: '1.1.0', submittedAt, scores: scoreAssessment(fixtureQuestionnaire, earlierAnswers) });

  it('lists earlier submissions oldest first, then this one, beside the cohort medians', () => {
    const history = [earlier('asm-b', '2025-06-01T00:00:00.000Z'), earlier('asm-a', '2025-01-01T00:00:00.000Z')];
    const { trend } = buildReportModel(fixtureInput({ history }));
    expect(trend.points.map((p) => [p.assessmentId, p.version, p.current])).toEqual([
      ['asm-a', '1.1.0', false],
      ['asm-b', '1.1.0', false],
      ['asm-1', '1.2.0', true],
    ]);
    expect(trend.points[0]!.domains).toEqual({ credentials: 1.5, access: 2, audit: 0.5 });
    expect(trend.points[2]!.overall).toBe(1.67);
    expect(trend.cohortMedian).toEqual({ overall: 2.5, domains: { credentials: 2.6, access: 2.9, audit: 2.2 } });
    expect(trend.omitted).toBe(0);
  });

  it('ignores later submissions and this one, and keeps the latest six points', () => {
    const history = [
      ...Array.from({ length: 7 }, (_, i) => earlier(`old-${i}`, `2024-0${i + 1}-01T00:00:00.000Z`)),
      earlier('later', '2026-01-01T00:00:00.000Z'),
      earlier('asm-1', '2025-11-27T16:30:00.000Z'),
    ];
    const { trend } = buildReportModel(fixtureInput({ history }));
    expect(trend.points.map((p) => p.assessmentId)).toEqual(['old-2', 'old-3', 'old-4', 'old-5', 'old-6', 'asm-1']);
    expect(trend.omitted).toBe(2);
  });

  it('shows no cohort median when the cohort is suppressed', () => {
    const { trend } = buildReportModel(fixtureInput({ benchmark: { ...fixtureBenchmark, suppressed: true } }));
    expect(trend.cohortMedian).toBeUndefined();
    expect(trend.points).toHaveLength(1);
  });
});

describe('provenance', () => {
  it('carries the digests, the k rule and the synthetic flags', () => {
    expect(model.provenance).toMatchObject({
      sha256: 'a'.repeat(64),
      answersSha256: 'b'.repeat(64),
      benchmarkSha256: 'c'.repeat(64),
      kAnonymity: 5,
      questionnaire: { id: 'agent-identity', version: '1.2.0' },
      syntheticData: { organisation: false, cohort: false },
    });
    expect(model.provenance.method.join(' ')).toContain('fewer than 5 organisations');
  });

  it('hashes only the benchmark figures the report uses, and none of a suppressed cohort', () => {
    const extra = { ...fixtureBenchmark, domains: { access: { p25: 1, p50: 2, p75: 3, percentile: 40, counts: [1] } } };
    expect(JSON.stringify(benchmarkSnapshot(extra))).not.toContain('counts');
    expect(benchmarkSnapshot({ ...fixtureBenchmark, suppressed: true })).toEqual({ status: 'suppressed', cohort: fixtureBenchmark.cohort });
    expect(benchmarkSnapshot(undefined)).toEqual({ status: 'unavailable' });
  });
});

describe('appendix', () => {
  it('lists every question with its answer, comment, evidence, and the hidden ones as not asked', () => {
    const answers = {
      ...fixtureAnswers,
      'cred-storage': { value: 'no', comment: 'Being fixed – see ticket.', evidence: ['https://example.com/ticket/1'] },
      'audit-owner': { notApplicable: true, reason: 'Agents are owned by a team.' },
    };
    const built = buildReportModel(fixtureInput({ assessment: { id: 'asm-1', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(fixtureQuestionnaire, answers) } }));
    const questions = built.appendix.flatMap((d) => d.questions);
    expect(questions.map((x) => x.id)).toEqual(fixtureQuestionnaire.questions.map((x) => x.id));
    expect(questions.find((x) => x.id === 'cred-storage')).toMatchObject({ answer: 'No', level: 1, comment: 'Being fixed – see ticket.', evidence: ['https://example.com/ticket/1'] });
    expect(questions.find((x) => x.id === 'audit-owner')).toMatchObject({ answer: 'Not applicable', notApplicableReason: 'Agents are owned by a team.' });
    expect(questions.find((x) => x.id === 'access-review')).toMatchObject({ shown: false, level: undefined });
    expect(questions.find((x) => x.id === 'audit-retention')).toMatchObject({ answer: '10 days', level: 1 });
  });
});
