/**
 * The roadmap over the published 1.1.0 catalogue: whole answer profiles get the controls a
 * practitioner starts with, and over generated answer sets the plan keeps its rules
 * (prerequisites first, capacity, no empty window while later work was ready).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import doc from '../../../questionnaires/agent-identity/1.1.0.json';
import { fixtureInput } from '../../../test/fixtures/report-model';
import type { Answer, Answers } from '../questionnaire/answers';
import { QuestionnaireSchema } from '../questionnaire/model';
import { scoreAssessment } from '../scoring/score';
import { buildReportModel } from './build';
import { effortPoints } from './recommendations';
import type { ReportModel } from './types';

const catalogue = QuestionnaireSchema.parse(doc);

function report(answers: Answers, roadmapCapacity?: number): ReportModel {
  const assessment = { id: 'asm-profile', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(catalogue, answers) };
  return buildReportModel(fixtureInput({ questionnaire: catalogue, benchmark: undefined, history: [], assessment, roadmapCapacity }));
}

/** Every option question answered at the level `pick` gives it (the nearest option at or above it), agents acting for users. */
function profile(pick: (domain: string, indexInDomain: number) => number): Answers {
  const answers: Answers = {};
  const seen = new Map<string, number>();
  for (const q of catalogue.questions) {
    if (!('options' in q)) continue;
    const index = seen.get(q.domain) ?? 0;
    seen.set(q.domain, index + 1);
    const level = pick(q.domain, index);
    const option = q.options.find((o) => o.level === level) ?? q.options.find((o) => o.level >= level) ?? q.options[0]!;
    answers[q.id] = { value: q.type === 'multi' ? [option.id] : option.id };
  }
  answers['agents-act-for-users'] = { value: 'yes' };
  return answers;
}

const windowOf = (model: ReportModel, id: string) => model.recommendations.find((c) => c.id === id)?.window;
const ORDER = [30, 60, 90, 'later'] as const;
const index = (days: ReportModel['roadmap'][number]['days']) => ORDER.indexOf(days);

describe('roadmaps for whole answer profiles (1.1.0)', () => {
  it('level 1 everywhere: agent audit records come first, signing and linking them only after; windows are not degenerate', () => {
    const model = report(profile(() => 1));
    expect(model.overall.level).toBe(1);
    const first = model.roadmap[0]!.controlIds;
    expect(first).toContain('ctl-agent-audit-records');
    expect(first).toContain('ctl-dedicated-agent-identity');
    expect(first).not.toContain('ctl-tamper-evident-linked-logs');
    expect(index(windowOf(model, 'ctl-tamper-evident-linked-logs')!)).toBeGreaterThan(index(windowOf(model, 'ctl-agent-audit-records')!));
    expect(index(windowOf(model, 'ctl-agent-behaviour-monitoring')!)).toBeGreaterThan(index(windowOf(model, 'ctl-agent-audit-records')!));
    expect(index(windowOf(model, 'ctl-automated-decommissioning')!)).toBeGreaterThan(index(windowOf(model, 'ctl-agent-inventory')!));
    // Each of the three windows holds work, within the default capacity of 6 points; the rest is later.
    for (const w of model.roadmap.slice(0, 3)) expect(w.controlIds.length).toBeGreaterThan(0);
    expect(model.roadmap.slice(0, 3).map((w) => w.effortPoints)).toEqual([6, 6, 6]);
    expect(model.roadmap[3]!.controlIds.length).toBeGreaterThan(0);
    // The first quick win is a foundation; tamper evidence, which builds on it, is no quick win.
    expect(model.summary.quickWinIds[0]).toBe('ctl-agent-audit-records');
    expect(model.summary.quickWinIds).not.toContain('ctl-tamper-evident-linked-logs');
  });

  it('strong identity with no audit trail: create agent audit records in the first 30 days, protect them later', () => {
    const strong = new Set(['identity-separation', 'credential-lifecycle', 'access-scoping']);
    const model = report(profile((domain) => (strong.has(domain) ? 4 : domain === 'auditing' ? 1 : 3)));
    expect(model.overall.level).toBe(3);
    expect(model.domains.find((d) => d.id === 'auditing')).toMatchObject({ score: 1, level: 1 });
    expect(model.roadmap[0]!.controlIds[0]).toBe('ctl-agent-audit-records');
    expect(windowOf(model, 'ctl-tamper-evident-linked-logs')).toBe(60);
    expect(model.recommendations.find((c) => c.id === 'ctl-tamper-evident-linked-logs')?.prerequisites).toEqual(['ctl-agent-audit-records']);
  });

  it('level 3 with one level-1 answer per domain: the identity held at level 1 by a cap leads, its advanced step follows', () => {
    const model = report(profile((_domain, i) => (i === 0 ? 1 : 3)));
    expect(model.overall.level).toBe(2);
    expect(model.domains.find((d) => d.id === 'identity-separation')).toMatchObject({ level: 1 });
    expect(model.roadmap[0]!.controlIds[0]).toBe('ctl-dedicated-agent-identity');
    expect(windowOf(model, 'ctl-attested-workload-identity')).toBe(60);
    expect(index(windowOf(model, 'ctl-tamper-evident-linked-logs')!)).toBeGreaterThan(index(windowOf(model, 'ctl-agent-audit-records')!));
    for (const w of model.roadmap.slice(0, 3)) expect(w.controlIds.length).toBeGreaterThan(0);
  });

  it('mixed answers: the inventory is planned before everything built on it', () => {
    const model = report(profile((_domain, i) => [1, 2, 3, 4, 2, 3][i % 6]!));
    expect(model.overall.level).toBe(2);
    expect(model.roadmap[0]!.controlIds).toEqual(expect.arrayContaining(['ctl-dedicated-agent-identity', 'ctl-agent-inventory']));
    for (const c of model.recommendations.filter((r) => r.prerequisites.includes('ctl-agent-inventory')))
      expect(index(c.window), c.id).toBeGreaterThan(index(windowOf(model, 'ctl-agent-inventory')!));
  });
});

/** Any answer a respondent could give to the catalogue, including unanswered and not applicable. */
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
        if (q.type === 'number') choices.push(fc.integer({ min: q.min, max: Math.min(q.max, 1000) }).map((value) => ({ value })));
        if (q.allowNotApplicable) choices.push(fc.constant({ notApplicable: true, reason: 'Not in use.' }));
        return [q.id, fc.oneof(...choices)];
      }),
    ),
  )
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, a]) => a !== undefined)) as Answers);

const RUNS = { numRuns: 150 };

describe('roadmap properties over generated answer sets (1.1.0)', () => {
  const plans = fc.tuple(answerSets, fc.integer({ min: 3, max: 14 }));

  it('never places a control before, or beside, a prerequisite', () => {
    fc.assert(
      fc.property(plans, ([answers, capacity]) => {
        const model = report(answers, capacity);
        const placed = model.roadmap.flatMap((w) => w.controlIds.map((id) => ({ id, window: index(w.days) })));
        const position = new Map(placed.map((p, i) => [p.id, i]));
        const windowIndex = new Map(placed.map((p) => [p.id, p.window]));
        for (const c of model.recommendations)
          for (const p of c.prerequisites) {
            if (windowIndex.get(c.id) === 3) expect(position.get(p)!).toBeLessThan(position.get(c.id)!);
            else expect(windowIndex.get(p)!).toBeLessThan(windowIndex.get(c.id)!);
          }
      }),
      RUNS,
    );
  });

  it('keeps each window within its capacity, and places every recommended control once', () => {
    fc.assert(
      fc.property(plans, ([answers, capacity]) => {
        const model = report(answers, capacity);
        const points = new Map(model.recommendations.map((c) => [c.id, effortPoints(c.effort)]));
        for (const w of model.roadmap) {
          const used = w.controlIds.reduce((n, id) => n + points.get(id)!, 0);
          expect(w.effortPoints).toBe(used);
          if (w.days !== 'later') expect(used).toBeLessThanOrEqual(capacity);
        }
        const ids = model.roadmap.flatMap((w) => w.controlIds);
        expect([...ids].sort()).toEqual(model.recommendations.map((c) => c.id).sort());
        for (const c of model.recommendations) expect(model.roadmap.find((w) => w.controlIds.includes(c.id))?.days).toBe(c.window);
      }),
      RUNS,
    );
  });

  it('takes the quick wins from the 30-day window in its order, so none waits on a prerequisite', () => {
    fc.assert(
      fc.property(plans, ([answers, capacity]) => {
        const model = report(answers, capacity);
        const first = model.roadmap[0]!.controlIds;
        const wins = model.summary.quickWinIds;
        expect(wins.length).toBeLessThanOrEqual(3);
        expect(wins).toEqual(first.filter((id) => wins.includes(id)));
        for (const id of wins) expect(model.recommendations.find((c) => c.id === id)).toMatchObject({ window: 30, prerequisites: [] });
      }),
      RUNS,
    );
  });

  it('leaves no window empty while a later one holds work that was ready for it', () => {
    fc.assert(
      fc.property(plans, ([answers, capacity]) => {
        const model = report(answers, capacity);
        const windowIndex = new Map(model.roadmap.flatMap((w) => w.controlIds.map((id) => [id, index(w.days)] as const)));
        model.roadmap.slice(0, 3).forEach((w, i) => {
          if (w.controlIds.length > 0) return;
          for (const c of model.recommendations.filter((r) => windowIndex.get(r.id)! > i)) {
            const ready = c.prerequisites.every((p) => windowIndex.get(p)! < i);
            expect(ready, `${c.id} was ready for the empty ${w.days}-day window`).toBe(false);
          }
        });
      }),
      RUNS,
    );
  });
});
