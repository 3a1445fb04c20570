import { describe, expect, it } from 'vitest';
import { hiddenAnswers, planSave, withoutHiddenAnswers } from './hidden-answers';
import { QuestionnaireSchema } from './model';

const levelDescriptions = ['one', 'two', 'three', 'four', 'five'];
const opts = (...ids: string[]) => ids.map((id, i) => ({ id, label: id, level: Math.min(5, i + 1) }));

/** root (yes/no) → child (asked when root = yes) → grandchild (asked when child = b). */
const { questions } = QuestionnaireSchema.parse({
  id: 'hidden',
  version: '1.0.0',
  status: 'published',
  title: 'Hidden',
  description: 'follow-ups',
  domains: [{ id: 'd', title: 'D', description: 'D', levelDescriptions }],
  questions: [
    { id: 'root', domain: 'd', type: 'yesno', prompt: 'Root?', options: opts('no', 'yes') },
    { id: 'child', domain: 'd', type: 'single', prompt: 'Child?', showIf: { question: 'root', anyOf: ['yes'] }, options: opts('a', 'b') },
    { id: 'grandchild', domain: 'd', type: 'single', prompt: 'Grandchild?', showIf: { question: 'child', anyOf: ['b'] }, options: opts('p', 'q') },
    { id: 'plain', domain: 'd', type: 'text', prompt: 'Plain?' },
  ],
});

describe('hiddenAnswers', () => {
  it('finds answers to follow-ups whose condition fails, down the whole chain, naming the parent', () => {
    const found = hiddenAnswers(questions, { root: { value: 'no' }, child: { value: 'b' }, grandchild: { value: 'p' }, plain: { value: 'x' } });
    expect(found.map((h) => h.question).sort()).toEqual(['child', 'grandchild']);
    expect(found.find((h) => h.question === 'child')?.reason).toMatch(/asked only when root is answered yes/);
    expect(found.find((h) => h.question === 'grandchild')?.reason).toMatch(/follows up child, which is itself not asked/);
  });

  it('finds none when every answered follow-up is asked, and leaves unknown ids to the answer check', () => {
    expect(hiddenAnswers(questions, { root: { value: 'yes' }, child: { value: 'b' }, grandchild: { value: 'q' }, unknown: { value: 'x' } })).toEqual([]);
  });
});

describe('withoutHiddenAnswers', () => {
  it('drops only the hidden answers and keeps the same object when there are none', () => {
    const answers = { root: { value: 'no' }, child: { value: 'a' }, plain: { value: 'x' } };
    expect(Object.keys(withoutHiddenAnswers(questions, answers).answers).sort()).toEqual(['plain', 'root']);
    const asked = { root: { value: 'yes' }, child: { value: 'a' } };
    expect(withoutHiddenAnswers(questions, asked).answers).toBe(asked);
  });
});

describe('planSave', () => {
  it('refuses an answer to a question the save leaves not asked, pointing at it', () => {
    expect(planSave(questions, {}, { child: { value: 'a' } })).toEqual({
      problems: [{ field: ['answers', 'child'], message: expect.stringMatching(/not asked.*takes no answer/) }],
      cleared: [],
    });
    expect(planSave(questions, { root: { value: 'yes' } }, { root: { value: 'no' }, child: { value: 'a' } }).problems.map((p) => p.field)).toEqual([
      ['answers', 'child'],
    ]);
  });

  it('accepts a follow-up opened by the same save', () => {
    expect(planSave(questions, {}, { root: { value: 'yes' }, child: { value: 'b' }, grandchild: { value: 'p' } })).toEqual({ problems: [], cleared: [] });
  });

  it('clears stored answers the save hides, the whole chain, and lets a hidden one be cleared explicitly', () => {
    const stored = { root: { value: 'yes' }, child: { value: 'b' }, grandchild: { value: 'p' } };
    expect(planSave(questions, stored, { root: { value: 'no' } }).cleared.sort()).toEqual(['child', 'grandchild']);
    expect(planSave(questions, stored, { root: { value: 'no' }, child: null })).toEqual({ problems: [], cleared: ['grandchild'] });
    // Clearing the parent hides its follow-ups too.
    expect(planSave(questions, stored, { root: null }).cleared.sort()).toEqual(['child', 'grandchild']);
  });
});
