/**
 * The roadmap over the agent-identity 1.2.0 draft (scoring method 2, controls split into
 * foundational and advanced steps, prerequisites declared in the file): whole answer
 * profiles get the levels questionnaires/agent-identity/NOTES.md documents and the
 * controls a practitioner starts with, in windows that are not degenerate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import doc from '../../../questionnaires/agent-identity/1.2.0.json';
import { fixtureInput } from '../../../test/fixtures/report-model';
import type { Answer, Answers } from '../questionnaire/answers';
import { QuestionnaireSchema } from '../questionnaire/model';
import { scoreAssessment } from '../scoring/score';
import { buildReportModel } from './build';
import type { ReportModel } from './types';

const catalogue = QuestionnaireSchema.parse(doc);

function report(answers: Answers, roadmapCapacity?: number): ReportModel {
  const assessment = { id: 'asm-profile', submittedAt: '2026-12-03T16:30:00.000Z', answers, scores: scoreAssessment(catalogue, answers) };
  return buildReportModel(fixtureInput({ questionnaire: catalogue, benchmark: undefined, history: [], assessment, roadmapCapacity }));
}

/**
 * Every option question answered at the level `pick` gives it (the nearest option at or above
 * it), agents acting for users. A multi-select ticks every action up to that level, as an
 * organisation at that level would ("none prepared" alone at level 1).
 */
function profile(pick: (domain: string, indexInDomain: number) => number): Answers {
  const answers: Answers = {};
  const seen = new Map<string, number>();
  for (const q of catalogue.questions) {
    if (!('options' in q)) continue;
    const index = seen.get(q.domain) ?? 0;
    seen.set(q.domain, index + 1);
    const level = pick(q.domain, index);
    if (q.type === 'multi') {
      const ticked = q.options.filter((o) => !o.exclusive && o.level <= level);
      answers[q.id] = { value: level === 1 || ticked.length === 0 ? [q.options[0]!.id] : ticked.map((o) => o.id) };
      continue;
    }
    const option = q.options.find((o) => o.level === level) ?? q.options.find((o) => o.level >= level) ?? q.options[0]!;
    answers[q.id] = { value: option.id };
  }
  answers['agents-act-for-users'] = { value: 'yes' };
  return answers;
}

const levels = (model: ReportModel) => Object.fromEntries(model.domains.map((d) => [d.id, d.level]));
const windowOf = (model: ReportModel, id: string) => model.recommendations.find((c) => c.id === id)?.window;
const ORDER = [30, 60, 90, 'later'] as const;
const index = (days: ReportModel['roadmap'][number]['days']) => ORDER.indexOf(days);
/** `first` is planned in an earlier window than `then`, or earlier in the list of what comes after 90 days. */
function plannedBefore(model: ReportModel, first: string, then: string) {
  const [a, b] = [windowOf(model, first)!, windowOf(model, then)!];
  if (a === 'later' && b === 'later') {
    const later = model.roadmap[3]!.controlIds;
    expect(later.indexOf(first), `${first} before ${then}`).toBeLessThan(later.indexOf(then));
  } else expect(index(a), `${first} in an earlier window than ${then}`).toBeLessThan(index(b));
}

/** Three windows with work, none over the default capacity of 6 points. */
function expectNonDegenerate(model: ReportModel) {
  for (const w of model.roadmap.slice(0, 3)) {
    expect(w.controlIds.length, `${w.days}-day window`).toBeGreaterThan(0);
    expect(w.effortPoints).toBeLessThanOrEqual(6);
  }
  expect(model.roadmap[0]!.controlIds.length).toBeLessThan(model.recommendations.length / 2);
}

describe('whole answer profiles on agent-identity 1.2.0 (method 2)', () => {
  it('declares method 2 and its prerequisites in the file', () => {
    expect(catalogue.scoringMethod).toBe(2);
    const model = report(profile(() => 1));
    expect(model.recommendations.find((c) => c.id === 'ctl-tamper-evident-linked-logs')).toMatchObject({
      stage: 'advanced',
      prerequisites: ['ctl-agent-audit-records'],
    });
  });

  it('level 1 everywhere: records, identities and the inventory first; their advanced steps later', () => {
    const model = report(profile(() => 1));
    expect(model.overall).toMatchObject({ level: 1, score: 1 });
    for (const level of Object.values(levels(model))) expect(level).toBe(1);
    const first = model.roadmap[0]!.controlIds;
    expect(first).toEqual(expect.arrayContaining(['ctl-agent-audit-records', 'ctl-dedicated-agent-identity', 'ctl-agent-inventory']));
    for (const advanced of [
      'ctl-tamper-evident-linked-logs',
      'ctl-attested-workload-identity',
      'ctl-automated-decommissioning',
      'ctl-sender-constrained-tokens',
    ])
      expect(first).not.toContain(advanced);
    // An organisation without agent audit records is told to create them before signing them.
    plannedBefore(model, 'ctl-agent-audit-records', 'ctl-tamper-evident-linked-logs');
    plannedBefore(model, 'ctl-agent-audit-records', 'ctl-agent-behaviour-monitoring');
    plannedBefore(model, 'ctl-agent-inventory', 'ctl-automated-decommissioning');
    plannedBefore(model, 'ctl-agent-inventory', 'ctl-inventory-discovery-gate');
    plannedBefore(model, 'ctl-short-lived-credentials', 'ctl-sender-constrained-tokens');
    plannedBefore(model, 'ctl-least-privilege-review', 'ctl-request-time-scoping');
    expect(model.summary.quickWinIds[0]).toBe('ctl-agent-audit-records');
    expect(model.summary.quickWinIds).not.toContain('ctl-tamper-evident-linked-logs');
    expectNonDegenerate(model);
  });

  it('level 3 with one level-1 answer per domain: every domain held at 2, identity at 1 by its cap', () => {
    const model = report(profile((_domain, i) => (i === 0 ? 1 : 3)));
    expect(levels(model)).toEqual({
      'identity-separation': 1,
      'access-scoping': 2,
      auditing: 2,
      'inventory-ownership': 2,
      'credential-lifecycle': 2,
      'human-oversight': 2,
      'runtime-containment': 2,
    });
    // Method 2: a domain is at most one level above its weakest answer; the identity cap binds lower.
    expect(model.domains.find((d) => d.id === 'auditing')!.score).toBeGreaterThan(2.5);
    expect(model.overall.level).toBe(2);
    expect(model.roadmap[0]!.controlIds[0]).toBe('ctl-dedicated-agent-identity');
    expect(model.roadmap[0]!.controlIds).toContain('ctl-agent-audit-records');
    plannedBefore(model, 'ctl-dedicated-agent-identity', 'ctl-attested-workload-identity');
    plannedBefore(model, 'ctl-agent-audit-records', 'ctl-tamper-evident-linked-logs');
    expectNonDegenerate(model);
  });

  it('strong identity with no audit trail: auditing holds the overall level at 2; records come first, tamper evidence after', () => {
    const strong = new Set(['identity-separation', 'credential-lifecycle', 'access-scoping']);
    const model = report(profile((domain) => (strong.has(domain) ? 4 : domain === 'auditing' ? 1 : 3)));
    expect(levels(model)).toEqual({
      'identity-separation': 4,
      'access-scoping': 4,
      auditing: 1,
      'inventory-ownership': 3,
      'credential-lifecycle': 4,
      'human-oversight': 3,
      'runtime-containment': 3,
    });
    // The mean (3.12) alone would say 3; the weakest domain, auditing at 1, allows 2.
    expect(model.overall).toMatchObject({ level: 2, score: 3.12 });
    expect(model.roadmap[0]!.controlIds[0]).toBe('ctl-agent-audit-records');
    expect(model.roadmap[0]!.controlIds).not.toContain('ctl-tamper-evident-linked-logs');
    expect(windowOf(model, 'ctl-tamper-evident-linked-logs')).toBe(60);
    plannedBefore(model, 'ctl-agent-audit-records', 'ctl-agent-behaviour-monitoring');
    // Identity is already strong: its foundational step is not what the first window spends time on.
    expect(model.roadmap[0]!.controlIds).not.toContain('ctl-dedicated-agent-identity');
    expectNonDegenerate(model);
  });

  it('mixed answers: identity, inventory and audit records in the first 30 days, everything built on the inventory later', () => {
    const model = report(profile((_domain, i) => [1, 2, 3, 4, 2, 3][i % 6]!));
    expect(levels(model)).toEqual({
      'identity-separation': 1,
      'access-scoping': 2,
      auditing: 2,
      'inventory-ownership': 2,
      'credential-lifecycle': 2,
      'human-oversight': 2,
      'runtime-containment': 2,
    });
    expect(model.overall.level).toBe(2);
    expect(model.roadmap[0]!.controlIds).toEqual(expect.arrayContaining(['ctl-dedicated-agent-identity', 'ctl-agent-inventory', 'ctl-agent-audit-records']));
    for (const c of model.recommendations.filter((r) => r.prerequisites.includes('ctl-agent-inventory')))
      expect(index(c.window), c.id).toBeGreaterThan(index(windowOf(model, 'ctl-agent-inventory')!));
    expectNonDegenerate(model);
  });

  it('containment: pausing the fleet without revoking tokens no longer scores as managed', () => {
    const base = profile(() => 4);
    const paused = report({ ...base, 'containment-actions': { value: ['terminate-environment', 'pause-fleet'] } });
    const complete = report({ ...base, 'containment-actions': { value: ['revoke-tokens', 'disable-identity', 'terminate-environment', 'pause-fleet'] } });
    expect(levels(complete)['runtime-containment']).toBe(4);
    expect(levels(paused)['runtime-containment']).toBe(3);
    expect(paused.recommendations.map((c) => c.id)).toContain('ctl-containment-runbook');
  });
});

/** Any answer a respondent could give, including unanswered and not applicable. */
const answerSets: fc.Arbitrary<Answers> = fc
  .record(
    Object.fromEntries(
      catalogue.questions.map((q) => {
        const choices: fc.Arbitrary<Answer | undefined>[] = [fc.constant(undefined)];
        if ('options' in q) {
          const ids = q.options.map((o) => o.id);
          choices.push(
            q.type === 'multi' ? fc.subarray(ids, { minLength: 1 }).map((value) => ({ value })) : fc.constantFrom(...ids).map((value) => ({ value })),
          );
        }
        if (q.allowNotApplicable) choices.push(fc.constant({ notApplicable: true, reason: 'Not in use.' }));
        return [q.id, fc.oneof(...choices)];
      }),
    ),
  )
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, a]) => a !== undefined)) as Answers);

describe('1.2.0 roadmaps over generated answer sets', () => {
  it('never places a control in the window of a prerequisite or before it', () => {
    fc.assert(
      fc.property(answerSets, fc.integer({ min: 3, max: 14 }), (answers, capacity) => {
        const model = report(answers, capacity);
        for (const c of model.recommendations)
          for (const p of c.prerequisites) if (c.window !== 'later') expect(index(windowOf(model, p)!), `${p} before ${c.id}`).toBeLessThan(index(c.window));
      }),
      { numRuns: 60 },
    );
  });
});
