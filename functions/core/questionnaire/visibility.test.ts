import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { QuestionnaireSchema } from './model';
import { isVisible, visibleQuestionIds } from './visibility';

const levelDescriptions = ['one', 'two', 'three', 'four', 'five'];
const opts = (...ids: string[]) => ids.map((id, i) => ({ id, label: id, level: Math.min(5, i + 1) }));

/**
 * root (yes/no) → child (shown on root = yes) → grandchild (shown on child = b or c)
 * tools (multi) → on-tools (shown when tools includes x or y)
 * count (number) → never-shown (a number cannot select an option)
 */
const questionnaire = QuestionnaireSchema.parse({
  id: 'visibility',
  version: '1.0.0',
  status: 'published',
  title: 'Visibility',
  description: 'showIf chains',
  domains: [{ id: 'd', title: 'D', description: 'D', levelDescriptions }],
  questions: [
    { id: 'root', domain: 'd', type: 'yesno', prompt: 'Root?', allowNotApplicable: true, options: opts('no', 'yes') },
    { id: 'child', domain: 'd', type: 'single', prompt: 'Child?', showIf: { question: 'root', anyOf: ['yes'] }, options: opts('a', 'b', 'c') },
    { id: 'grandchild', domain: 'd', type: 'single', prompt: 'Grandchild?', showIf: { question: 'child', anyOf: ['b', 'c'] }, options: opts('p', 'q') },
    { id: 'plain', domain: 'd', type: 'text', prompt: 'Plain?' },
    { id: 'tools', domain: 'd', type: 'multi', prompt: 'Tools?', allowNotApplicable: true, options: opts('w', 'x', 'y', 'z') },
    { id: 'on-tools', domain: 'd', type: 'single', prompt: 'On tools?', showIf: { question: 'tools', anyOf: ['x', 'y'] }, options: opts('m', 'n') },
    { id: 'count', domain: 'd', type: 'number', prompt: 'Count?', bands: [{ min: 0, level: 1 }] },
    { id: 'never-shown', domain: 'd', type: 'single', prompt: 'Never?', showIf: { question: 'count', anyOf: ['m'] }, options: opts('m', 'n') },
  ],
});

const visible = (answers: Answers) => [...visibleQuestionIds(questionnaire.questions, answers)].sort();
const always = ['count', 'plain', 'root', 'tools'];
const na = { notApplicable: true, reason: 'not relevant' };

describe('visibleQuestionIds', () => {
  it('shows only unconditional questions when nothing is answered', () => {
    expect(visible({})).toEqual(always);
  });

  it('shows a follow-up when its controller has a listed option', () => {
    expect(visible({ root: { value: 'yes' } })).toEqual([...always, 'child'].sort());
    expect(visible({ root: { value: 'no' } })).toEqual(always);
  });

  it('follows a chain: the grandchild shows only when child and root both allow it', () => {
    expect(visible({ root: { value: 'yes' }, child: { value: 'b' } })).toEqual([...always, 'child', 'grandchild'].sort());
    expect(visible({ root: { value: 'yes' }, child: { value: 'a' } })).toEqual([...always, 'child'].sort());
  });

  it('hides the follow-up of a hidden question, even when its own condition is met by a stale answer', () => {
    // child still says "b" from before root was changed to "no"
    const answers = { root: { value: 'no' }, child: { value: 'b' }, grandchild: { value: 'p' } };
    expect(visible(answers)).toEqual(always);
  });

  it('hides the follow-ups of a controller marked not applicable', () => {
    expect(visible({ root: na, child: { value: 'c' } })).toEqual(always);
    expect(visible({ tools: na, 'on-tools': { value: 'm' } })).toEqual(always);
  });

  it('shows the follow-up of a multi-select controller when any listed option is among the selected', () => {
    expect(visible({ tools: { value: ['w', 'y'] } })).toContain('on-tools');
    expect(visible({ tools: { value: ['x'] } })).toContain('on-tools');
    expect(visible({ tools: { value: ['w', 'z'] } })).not.toContain('on-tools');
    expect(visible({ tools: { value: [] } })).not.toContain('on-tools');
  });

  it('never shows a follow-up of a number question', () => {
    expect(visible({ count: { value: 3 } })).not.toContain('never-shown');
  });
});

describe('isVisible', () => {
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]));
  const q = (id: string) => byId.get(id)!;

  it('agrees with visibleQuestionIds for one question', () => {
    expect(isVisible(q('grandchild'), byId, { root: { value: 'yes' }, child: { value: 'c' } })).toBe(true);
    expect(isVisible(q('grandchild'), byId, { root: { value: 'no' }, child: { value: 'c' } })).toBe(false);
    expect(isVisible(q('plain'), byId, {})).toBe(true);
  });

  it('hides a question whose controller does not exist', () => {
    const orphan = { ...q('child'), id: 'orphan', showIf: { question: 'missing', anyOf: ['yes'] } };
    expect(isVisible(orphan, byId, { missing: { value: 'yes' } })).toBe(false);
  });

  it('ends on a cycle instead of recursing forever, and hides the questions in it', () => {
    const a = { ...q('child'), id: 'cyc-a', showIf: { question: 'cyc-b', anyOf: ['a'] } };
    const b = { ...q('child'), id: 'cyc-b', showIf: { question: 'cyc-a', anyOf: ['a'] } };
    const cyclic = new Map([...byId, ['cyc-a', a], ['cyc-b', b]]);
    expect(isVisible(a, cyclic, { 'cyc-a': { value: 'a' }, 'cyc-b': { value: 'a' } })).toBe(false);
  });
});
