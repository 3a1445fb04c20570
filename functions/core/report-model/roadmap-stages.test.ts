/**
 * The roadmap with controls split into foundational and advanced steps (docs/reports.md):
 * over generated catalogues, an advanced step always sits in a later window than its
 * foundational step, capacity and prerequisites hold, no window is empty while later work
 * was ready for it, and when everything fits the later windows carry the advanced steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effortPoints } from './recommendations';
import { roadmap } from './roadmap';
import type { RecommendedControl, RoadmapWindow } from './types';

const EFFORTS = ['low', 'medium', 'high'] as const;

function control(id: string, fields: Partial<RecommendedControl>): RecommendedControl {
  return {
    id,
    title: id,
    action: `Do ${id}.`,
    effort: 'low',
    impact: 'medium',
    frameworks: ['RFC 8693'],
    domains: [{ id: 'd', title: 'D', score: 1 }],
    triggeredBy: [{ questionId: `q-${id}`, prompt: '?', domainId: 'd', level: 1, belowLevel: 3 }],
    prerequisites: [],
    scoreGain: 0.1,
    gainPerEffort: 0.1,
    window: 'later',
    ...fields,
  };
}

/**
 * A recommended list as recommendControls gives it: steps come in pairs (the foundational
 * one may already be met, so not recommended), plus unstaged controls; any control may also
 * build on controls listed before it, so there is no cycle.
 */
const catalogues = fc
  .array(
    fc.record({
      kind: fc.constantFrom('pair', 'pair-foundation-met', 'unstaged'),
      efforts: fc.tuple(fc.constantFrom(...EFFORTS), fc.constantFrom(...EFFORTS)),
      gains: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })),
      extra: fc.array(fc.nat(), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((specs) => {
    const list: RecommendedControl[] = [];
    specs.forEach((spec, i) => {
      const earlier = [...new Set(spec.extra.filter(() => list.length > 0).map((n) => list[n % list.length]!.id))];
      const make = (id: string, k: 0 | 1, more: Partial<RecommendedControl>) => {
        const scoreGain = spec.gains[k] / 100;
        return control(id, { effort: spec.efforts[k], scoreGain, gainPerEffort: Math.round((scoreGain / effortPoints(spec.efforts[k])) * 100) / 100, ...more });
      };
      if (spec.kind === 'unstaged') list.push(make(`c${i}`, 0, { prerequisites: earlier }));
      else {
        const foundation = `c${i}-foundational`;
        if (spec.kind === 'pair') list.push(make(foundation, 0, { stage: 'foundational', prerequisites: earlier }));
        list.push(make(`c${i}-advanced`, 1, { stage: 'advanced', prerequisites: spec.kind === 'pair' ? [foundation] : earlier }));
      }
    });
    return list;
  });

const ORDER = [30, 60, 90, 'later'] as const;
const placement = (windows: RoadmapWindow[]) => new Map(windows.flatMap((w) => w.controlIds.map((id) => [id, ORDER.indexOf(w.days)] as const)));
const RUNS = { numRuns: 400 };

describe('roadmap properties over generated catalogues with steps', () => {
  const plans = fc.tuple(catalogues, fc.integer({ min: 3, max: 14 }));

  it('puts every advanced step in a later window than its foundational step, and every control after its prerequisites', () => {
    fc.assert(
      fc.property(plans, ([controls, capacity]) => {
        const windows = roadmap(controls, capacity);
        const at = placement(windows);
        const order = windows.flatMap((w) => w.controlIds);
        for (const c of controls)
          for (const p of c.prerequisites) {
            if (at.get(c.id) === 3) expect(order.indexOf(p)).toBeLessThan(order.indexOf(c.id));
            else expect(at.get(p)!).toBeLessThan(at.get(c.id)!);
            const foundation = controls.find((f) => f.id === p)!;
            if (c.stage === 'advanced' && foundation.stage === 'foundational' && at.get(p)! < 3) expect(at.get(c.id)!).toBeGreaterThan(at.get(p)!);
          }
      }),
      RUNS,
    );
  });

  it('keeps every window within its capacity and places each control once', () => {
    fc.assert(
      fc.property(plans, ([controls, capacity]) => {
        const windows = roadmap(controls, capacity);
        for (const w of windows.slice(0, 3))
          expect(w.controlIds.reduce((n, id) => n + effortPoints(controls.find((c) => c.id === id)!.effort), 0)).toBeLessThanOrEqual(capacity);
        expect(windows.flatMap((w) => w.controlIds).sort()).toEqual(controls.map((c) => c.id).sort());
      }),
      RUNS,
    );
  });

  it('leaves no window empty while a later one holds work that was ready for it (an advanced step waiting for its foundational step is not)', () => {
    fc.assert(
      fc.property(plans, ([controls, capacity]) => {
        const windows = roadmap(controls, capacity);
        const at = placement(windows);
        windows.slice(0, 3).forEach((w, i) => {
          if (w.controlIds.length > 0) return;
          for (const c of controls.filter((r) => at.get(r.id)! > i))
            expect(
              c.prerequisites.every((p) => at.get(p)! < i),
              `${c.id} was ready for the empty ${w.days}-day window`,
            ).toBe(false);
        });
      }),
      RUNS,
    );
  });

  it('when everything fits, the first window holds every foundational step and the later windows carry the advanced steps built on them', () => {
    fc.assert(
      fc.property(catalogues, (controls) => {
        const capacity = Math.max(
          3,
          controls.reduce((n, c) => n + effortPoints(c.effort), 0),
        );
        const at = placement(roadmap(controls, capacity));
        for (const c of controls) {
          if (c.stage === 'foundational' && c.prerequisites.length === 0) expect(at.get(c.id)).toBe(0);
          if (c.stage === 'advanced' && c.prerequisites.some((p) => controls.find((f) => f.id === p)?.stage === 'foundational'))
            expect(at.get(c.id)).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});

describe('roadmap: foundations first on equal gains', () => {
  it('takes a foundational step before an advanced step whose foundation is met, when gains are equal and only one fits', () => {
    const advanced = control('advanced', { stage: 'advanced', effort: 'high' });
    const plain = control('plain', { effort: 'high' });
    const foundational = control('foundational', { stage: 'foundational', effort: 'high' });
    // Report order puts the advanced step first; the stage decides.
    const windows = roadmap([advanced, plain, foundational], 3);
    expect(windows.slice(0, 3).map((w) => w.controlIds)).toEqual([['foundational'], ['plain'], ['advanced']]);
  });
});
