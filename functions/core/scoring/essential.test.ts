/**
 * Essential actions of a multi-select (docs/scoring.md): an unticked essential option holds
 * the answer at its level minus 1; ticking more never lowers the level; published versions,
 * which mark nothing essential, score as the highest option ticked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import v100 from '../../../questionnaires/agent-identity/1.0.0.json';
import v110 from '../../../questionnaires/agent-identity/1.1.0.json';
import { type Option, QuestionnaireSchema } from '../questionnaire/model';
import { multiLevel } from './essential';
import { answerLevel, scoreAssessment } from './score';

const levelDescriptions = ['one', 'two', 'three', 'four', 'five'];

/** The worked example of docs/scoring.md: containment actions. */
const containment = QuestionnaireSchema.parse({
  id: 'containment',
  version: '1.0.0',
  status: 'draft',
  title: 'Containment',
  description: 'Essential actions.',
  domains: [{ id: 'response', title: 'Response', description: 'Response domain', levelDescriptions }],
  questions: [
    {
      id: 'containment-actions',
      domain: 'response',
      type: 'multi',
      prompt: 'Which containment actions can you take?',
      options: [
        { id: 'none-prepared', label: 'None prepared', level: 1, exclusive: true },
        { id: 'disable-account', label: 'Disable the agent account', level: 2, essential: true },
        { id: 'revoke-tokens', label: "Revoke the agent's tokens", level: 3, essential: true },
        { id: 'pause-fleet', label: 'Pause the whole fleet', level: 4 },
        { id: 'automatic', label: 'Contain automatically on detection', level: 5 },
      ],
    },
  ],
});
const question = containment.questions[0]!;
const ticks = (...ids: string[]) => ({ value: ids });

describe('essential actions: worked example', () => {
  it('pausing the fleet (level 4) without revoking tokens (essential, level 3) is level 2', () => {
    expect(answerLevel(question, ticks('disable-account', 'pause-fleet'))).toBe(2);
    const held = multiLevel((question as { options: Option[] }).options, ['disable-account', 'pause-fleet'])!;
    expect(held).toMatchObject({ level: 2, unheldLevel: 4 });
    expect(held.missing.map((o) => o.id)).toEqual(['revoke-tokens']);
  });

  it('the lowest unticked essential binds, and names only itself', () => {
    const held = multiLevel((question as { options: Option[] }).options, ['revoke-tokens', 'pause-fleet'])!;
    expect(held.level).toBe(1);
    expect(held.missing.map((o) => o.id)).toEqual(['disable-account']);
  });

  it('with every essential ticked the highest tick counts; "none prepared" alone stays level 1', () => {
    expect(answerLevel(question, ticks('disable-account', 'revoke-tokens', 'pause-fleet'))).toBe(4);
    expect(answerLevel(question, ticks('none-prepared'))).toBe(1);
    expect(multiLevel((question as { options: Option[] }).options, ['disable-account'])).toEqual({ level: 2, unheldLevel: 2, missing: [] });
  });

  it('ignores "essential" on an exclusive option, which the authoring check refuses', () => {
    const options = (question as { options: Option[] }).options.map((o) => (o.exclusive ? { ...o, essential: true } : o));
    expect(multiLevel(options, ['disable-account', 'revoke-tokens', 'pause-fleet'])?.level).toBe(4);
  });

  it('holds the domain score and level under both scoring methods', () => {
    for (const scoringMethod of [1, 2] as const) {
      const scores = scoreAssessment({ ...containment, scoringMethod }, { 'containment-actions': ticks('disable-account', 'pause-fleet') });
      expect(scores.domains.response).toMatchObject({ score: 2, level: 2 });
    }
  });
});

/** Options of a generated multi-select: levels 1–5, some essential. */
const optionsArbitrary = fc
  .array(fc.record({ level: fc.integer({ min: 1, max: 5 }), essential: fc.option(fc.boolean(), { nil: undefined }) }), { minLength: 2, maxLength: 8 })
  .map((list): Option[] =>
    list.map((o, i) => ({ id: `o${i}`, label: `Option ${i}`, level: o.level, ...(o.essential === undefined ? {} : { essential: o.essential }) })),
  );

const withTicks = optionsArbitrary.chain((options) =>
  fc.tuple(
    fc.constant(options),
    fc.subarray(
      options.map((o) => o.id),
      { minLength: 1 },
    ),
    fc.constantFrom(...options.map((o) => o.id)),
  ),
);

describe('essential actions: properties', () => {
  it('ticking one more option never lowers the level', () => {
    fc.assert(
      fc.property(withTicks, ([options, ticked, extra]) => {
        const before = multiLevel(options, ticked)!.level;
        const after = multiLevel(options, [...new Set([...ticked, extra])])!.level;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('an unticked essential option bounds the level at its level minus 1 (at least 1); the level never exceeds the highest tick', () => {
    fc.assert(
      fc.property(withTicks, ([options, ticked]) => {
        const { level, unheldLevel, missing } = multiLevel(options, ticked)!;
        expect(unheldLevel).toBe(Math.max(...options.filter((o) => ticked.includes(o.id)).map((o) => o.level)));
        expect(level).toBeLessThanOrEqual(unheldLevel);
        expect(level).toBeGreaterThanOrEqual(1);
        for (const o of options) if (o.essential && !ticked.includes(o.id)) expect(level).toBeLessThanOrEqual(Math.max(1, o.level - 1));
        // The options named as holding the level are unticked essentials at exactly the binding level.
        for (const o of missing) expect([o.essential, ticked.includes(o.id), Math.max(1, o.level - 1)]).toEqual([true, false, level]);
        expect(missing.length > 0).toBe(level < unheldLevel);
      }),
      { numRuns: 500 },
    );
  });

  it('without essential options the level is the highest tick, as before the field existed', () => {
    fc.assert(
      fc.property(withTicks, ([options, ticked]) => {
        const plain = options.map(({ essential: _e, ...o }) => o);
        expect(multiLevel(plain, ticked)).toEqual({
          level: Math.max(...plain.filter((o) => ticked.includes(o.id)).map((o) => o.level)),
          unheldLevel: expect.any(Number),
          missing: [],
        });
      }),
    );
  });

  it('published 1.0.0 and 1.1.0 mark nothing essential, so every multi-select answer scores as its highest tick', () => {
    for (const doc of [v100, v110]) {
      const q = QuestionnaireSchema.parse(doc);
      for (const multi of q.questions) {
        if (multi.type !== 'multi') continue;
        expect(
          multi.options.some((o) => o.essential !== undefined),
          multi.id,
        ).toBe(false);
        const ids = multi.options.map((o) => o.id);
        // Every non-empty subset of the options (at most 2^8).
        for (let mask = 1; mask < 1 << ids.length; mask++) {
          const ticked = ids.filter((_, i) => mask & (1 << i));
          const highest = Math.max(...multi.options.filter((o) => ticked.includes(o.id)).map((o) => o.level));
          expect(answerLevel(multi, { value: ticked })).toBe(highest);
        }
      }
    }
  });
});
