import { describe, expect, it } from 'vitest';
import { scoreAssessment } from '../scoring/score';
import { buildReportModel } from './build';
import { benchmarkSnapshot } from './provenance';
import { fig, fixtureAnswers, fixtureBenchmark, fixtureInput, fixtureQuestionnaire, fixtureSyntheticBenchmark } from '../../../test/fixtures/report-model';

const model = buildReportModel(fixtureInput());
const control = (id: string) => model.recommendations.find((c) => c.id === id);

describe('score gain per effort', () => {
  it('is the overall gain if each triggering answer rose to its next level (at most belowLevel), divided by effort points', () => {
    // Overall 1.67. named-owner: audit-owner unanswered (0) → 1, the lowest option, not 4: audit (1+1)/2 = 1, overall 1.83.
    expect(control('named-owner')).toMatchObject({ scoreGain: 0.16, gainPerEffort: 0.16 });
    // vault: "no" (1) → "yes" (4), the next option, and the cap lifts: credentials (2+4)/2 = 3, overall 2.17; low effort.
    expect(control('vault')).toMatchObject({ scoreGain: 0.5, gainPerEffort: 0.5 });
    // rotate-secrets: yearly (2) → quarterly (3) and scope 3 → 4; the cap from secrets in code still binds credentials at 2; medium effort.
    expect(control('rotate-secrets')).toMatchObject({ scoreGain: 0.5, gainPerEffort: 0.25 });
    // short-lived-tokens: yearly → quarterly (its belowLevel 3): credentials still capped at 2; high effort.
    expect(control('short-lived-tokens')).toMatchObject({ scoreGain: 0.16, gainPerEffort: 0.05 });
    // central-logging: 10 days (level 1) → the next band, 30 days (level 3): audit (3+0)/2 = 1.5, overall 2.
    expect(control('central-logging')).toMatchObject({ scoreGain: 0.33, gainPerEffort: 0.33 });
  });

  it('counts one step up, not a jump to belowLevel', () => {
    // access-scope at l1: least-privilege (belowLevel 4) raises it to l2 only: access 1 → 2, overall +0.33 (to l4 it would be +1).
    const answers = { ...fixtureAnswers, 'access-scope': { value: 'l1' } };
    const low = buildReportModel(
      fixtureInput({ assessment: { ...fixtureInput().assessment, answers, scores: scoreAssessment(fixtureQuestionnaire, answers) } }),
    );
    expect(low.recommendations.find((c) => c.id === 'least-privilege')).toMatchObject({ scoreGain: 0.33, gainPerEffort: 0.17 });
  });
});

describe('executive summary', () => {
  it('names the domains furthest below the cohort median, only those below it', () => {
    expect(model.summary.focusBasis).toBe('below-median');
    expect(model.summary.focusDomains).toEqual([
      { id: 'audit', title: 'Audit and accountability', score: 0.5, median: fig(2.2, 1.9, 2.5), gap: 1.7, standing: 'below' },
      { id: 'credentials', title: 'Credential lifecycle', score: 1.5, median: fig(2.6, 2.3, 2.9), gap: 1.1, standing: 'below' },
    ]);
  });

  it('puts domains clearly below the median first, and marks those whose median interval holds the score', () => {
    // audit 0.5 against 2.2 (0–5): the interval holds it; credentials 1.5 against 2.6 (2.3–2.9): clearly below.
    const wide = { ...fixtureBenchmark, domains: { ...fixtureBenchmark.domains, audit: { p50: fig(2.2, 0, 5) } } };
    const { summary, domains } = buildReportModel(fixtureInput({ benchmark: wide }));
    expect(summary.focusBasis).toBe('below-median');
    expect(summary.focusDomains.map((d) => [d.id, d.gap, d.standing])).toEqual([
      ['credentials', 1.1, 'below'],
      ['audit', 1.7, 'indistinguishable'],
    ]);
    expect(domains.find((d) => d.id === 'audit')?.cohort?.standing).toBe('indistinguishable');
  });

  it('compares exact synthetic medians as before: every score below the median counts', () => {
    const { summary } = buildReportModel(fixtureInput({ benchmark: fixtureSyntheticBenchmark }));
    expect(summary.focusDomains.map((d) => [d.id, d.gap])).toEqual([
      ['audit', 1.6],
      ['credentials', 0.9],
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

  it('picks the first three controls of the 30-day window, highest gain per effort first', () => {
    expect(model.summary.quickWinIds).toEqual(['vault', 'central-logging', 'rotate-secrets']);
  });
});

describe('roadmap', () => {
  it('fills each window up to its capacity, highest gain per effort first, and lists every control once', () => {
    // Capacity 6: vault (1) + central-logging (1) + rotate-secrets (2) + least-privilege (2); named-owner (1) no longer fits.
    expect(model.roadmap.map((w) => [w.days, w.controlIds, w.effortPoints, w.capacity])).toEqual([
      [30, ['vault', 'central-logging', 'rotate-secrets', 'least-privilege'], 6, 6],
      [60, ['named-owner', 'short-lived-tokens'], 4, 6],
      [90, [], 0, 6],
      ['later', [], 0, undefined],
    ]);
    const all = model.roadmap.flatMap((w) => w.controlIds).sort();
    expect(all).toEqual(model.recommendations.map((c) => c.id).sort());
    for (const c of model.recommendations) expect(model.roadmap.find((w) => w.controlIds.includes(c.id))?.days).toBe(c.window);
  });

  it('takes its capacity from the report input, and lists what does not fit in 90 days as later', () => {
    const tight = buildReportModel(fixtureInput({ roadmapCapacity: 3 }));
    expect(tight.roadmap.map((w) => [w.days, w.controlIds])).toEqual([
      [30, ['vault', 'central-logging', 'named-owner']],
      [60, ['rotate-secrets']],
      [90, ['least-privilege']],
      ['later', ['short-lived-tokens']],
    ]);
    expect(tight.recommendations.find((c) => c.id === 'short-lived-tokens')?.window).toBe('later');
    expect(tight.roadmap[0]?.rule).toContain('up to 3 effort points');
  });

  it('refuses a capacity that cannot hold a high-effort control', () => {
    expect(() => buildReportModel(fixtureInput({ roadmapCapacity: 2 }))).toThrow(/at least 3/);
    expect(() => buildReportModel(fixtureInput({ roadmapCapacity: 4.5 }))).toThrow(/whole number/);
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
  const earlier = (id: string, submittedAt: string) => ({
    assessmentId: id,
    version: '1.1.0',
    submittedAt,
    scores: scoreAssessment(fixtureQuestionnaire, earlierAnswers),
  });

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
    expect(trend.cohortMedian).toEqual({
      overall: fig(2.5, 2.3, 2.7),
      domains: { credentials: fig(2.6, 2.3, 2.9), access: fig(2.9, 2.5, 3.3), audit: fig(2.2, 1.9, 2.5) },
    });
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
  it('carries the digests, the withholding rule and the synthetic flags', () => {
    expect(model.provenance).toMatchObject({
      sha256: 'a'.repeat(64),
      answersSha256: 'b'.repeat(64),
      benchmarkSha256: 'c'.repeat(64),
      kAnonymity: 5,
      minimumCohort: 10,
      questionnaire: { id: 'agent-identity', version: '1.2.0' },
      syntheticData: { organisation: false, cohort: false },
    });
    expect(model.provenance.method.join(' ')).toContain('released (noisy) count of organisations is below 10 is withheld');
    expect(model.provenance.method.join(' ')).not.toContain('k-anonymity');
    const demo = buildReportModel(fixtureInput({ benchmark: { ...fixtureBenchmark, synthetic: true, release: undefined } }));
    expect(demo.provenance.method.join(' ')).toContain('fewer than 5 organisations');
    expect(model.provenance.method.join(' ')).toContain('differentially private release of 2026-12-01');
    expect(model.provenance.method.join(' ')).toContain('ε = 1/2');
    expect(model.provenance.method.join(' ')).toContain('90% interval');
  });

  it('hashes only the benchmark figures the report uses, and none of a suppressed cohort', () => {
    const extra = { ...fixtureBenchmark, domains: { access: { p50: fig(2, 1.5, 2.5), counts: [1] } } };
    expect(JSON.stringify(benchmarkSnapshot(extra))).not.toContain('counts');
    expect(benchmarkSnapshot({ ...fixtureBenchmark, suppressed: true })).toEqual({ status: 'suppressed', cohort: fixtureBenchmark.cohort });
    expect(JSON.stringify(benchmarkSnapshot({ ...fixtureBenchmark, suppressed: true }))).not.toContain('37');
    expect(benchmarkSnapshot({ ...fixtureBenchmark, suppressed: true, reason: 'too few' })).toMatchObject({ reason: 'too few' });
    expect(benchmarkSnapshot(undefined)).toEqual({ status: 'unavailable' });
  });

  it('hashes every printed figure with its interval, the release and the synthetic flag', () => {
    expect(benchmarkSnapshot(fixtureBenchmark)).toEqual({
      status: 'available',
      cohort: fixtureBenchmark.cohort,
      n: fig(37, 33, 41),
      overall: { percentile: fig(22, 12, 35), p25: fig(1.9, 1.7, 2.1), p50: fig(2.5, 2.3, 2.7), p75: fig(3.2, 3.0, 3.4) },
      domains: { credentials: { p50: fig(2.6, 2.3, 2.9) }, access: { p50: fig(2.9, 2.5, 3.3) }, audit: { p50: fig(2.2, 1.9, 2.5) } },
      synthetic: false,
      release: { date: '2026-12-01', period: 'month', epsilon: '1/2', confidence: 0.9 },
    });
    const base = JSON.stringify(benchmarkSnapshot(fixtureBenchmark));
    const changed = [
      { ...fixtureBenchmark, n: fig(37, 33, 42) },
      { ...fixtureBenchmark, domains: { ...fixtureBenchmark.domains, audit: { p50: fig(2.2, 1.8, 2.5) } } },
      { ...fixtureBenchmark, overall: { ...fixtureBenchmark.overall!, percentile: fig(22, 11, 35) } },
      { ...fixtureBenchmark, release: { ...fixtureBenchmark.release!, date: '2026-11-01' } },
      { ...fixtureBenchmark, synthetic: true },
    ];
    for (const b of changed) expect(JSON.stringify(benchmarkSnapshot(b))).not.toBe(base);
  });
});

describe('appendix', () => {
  it('lists every question with its answer, comment, evidence, and the hidden ones as not asked', () => {
    const answers = {
      ...fixtureAnswers,
      'cred-storage': { value: 'no', comment: 'Being fixed – see ticket.', evidence: ['https://example.com/ticket/1'] },
      'audit-owner': { notApplicable: true, reason: 'Agents are owned by a team.' },
    };
    const built = buildReportModel(
      fixtureInput({ assessment: { id: 'asm-1', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(fixtureQuestionnaire, answers) } }),
    );
    const questions = built.appendix.flatMap((d) => d.questions);
    expect(questions.map((x) => x.id)).toEqual(fixtureQuestionnaire.questions.map((x) => x.id));
    expect(questions.find((x) => x.id === 'cred-storage')).toMatchObject({
      answer: 'No',
      level: 1,
      comment: 'Being fixed – see ticket.',
      evidence: ['https://example.com/ticket/1'],
    });
    expect(questions.find((x) => x.id === 'audit-owner')).toMatchObject({ answer: 'Not applicable', notApplicableReason: 'Agents are owned by a team.' });
    expect(questions.find((x) => x.id === 'access-review')).toMatchObject({ shown: false, level: undefined });
    expect(questions.find((x) => x.id === 'audit-retention')).toMatchObject({ answer: '10 days', level: 1 });
  });
});
