import { describe, expect, it } from 'vitest';
import { checkAnswers, checkAnswerValue, missingAnswers } from './answer-check';
import type { Answer } from './answers';
import { hasOptions, QuestionnaireSchema, type Question } from './model';

const levelDescriptions = ['one', 'two', 'three', 'four', 'five'];
const opts = (...ids: string[]) => ids.map((id, i) => ({ id, label: id, level: Math.min(5, i + 1) }));

const questionnaire = QuestionnaireSchema.parse({
  id: 'checks',
  version: '2.1.0',
  status: 'published',
  title: 'Checks',
  description: 'answer checks',
  domains: [{ id: 'd', title: 'D', description: 'D', levelDescriptions }],
  questions: [
    { id: 'single', domain: 'd', type: 'single', prompt: 'Single?', options: opts('a', 'b', 'c') },
    { id: 'scale', domain: 'd', type: 'scale', prompt: 'Scale?', options: opts('s1', 's2', 's3') },
    { id: 'yesno', domain: 'd', type: 'yesno', prompt: 'Yes or no?', allowNotApplicable: true, options: opts('no', 'yes') },
    { id: 'multi', domain: 'd', type: 'multi', prompt: 'Multi?', options: opts('x', 'y', 'z') },
    { id: 'number', domain: 'd', type: 'number', prompt: 'Number?', min: 1, max: 10, bands: [{ min: 1, level: 1 }] },
    { id: 'text', domain: 'd', type: 'text', prompt: 'Text?', maxLength: 5 },
    { id: 'follow-up', domain: 'd', type: 'single', prompt: 'Follow-up?', showIf: { question: 'yesno', anyOf: ['yes'] }, options: opts('a', 'b') },
    { id: 'optional', domain: 'd', type: 'single', prompt: 'Optional?', required: false, options: opts('a', 'b') },
  ],
});

const question = (id: string): Question => questionnaire.questions.find((q) => q.id === id)!;
const check = (id: string, answer: Answer) => checkAnswerValue(question(id), answer);
/** The fields named, written as paths (`/answers/q/value`) to keep the expectations short. */
const pointers = (problems: { field: readonly (string | number)[] }[]) => problems.map((p) => `/${p.field.join('/')}`);
const na: Answer = { notApplicable: true, reason: 'not relevant' };

describe('checkAnswerValue', () => {
  it.each([
    ['single', 'a'],
    ['scale', 's3'],
    ['yesno', 'yes'],
    ['multi', ['x', 'z']],
    ['number', 1],
    ['number', 10],
    ['number', 5.5],
    ['text', 'hello'],
  ] as const)('accepts a valid %s answer %j', (id, value) => {
    expect(check(id, { value: value as Answer['value'] })).toEqual([]);
  });

  it.each([
    ['single', 'd'],
    ['single', 3],
    ['single', ['a']],
    ['scale', 's4'],
    ['yesno', 'maybe'],
    ['yesno', 'a'],
  ] as const)('refuses %s answer %j: not one of its options', (id, value) => {
    const problems = check(id, { value: value as Answer['value'] });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toEqual(['answers', id, 'value']);
    const q = question(id);
    if (!hasOptions(q)) throw new Error('a choice question');
    for (const option of q.options) expect(problems[0]!.message).toContain(option.id);
  });

  it('refuses unknown multi options, naming them', () => {
    const problems = check('multi', { value: ['x', 'nope'] });
    expect(pointers(problems)).toEqual(['/answers/multi/value']);
    expect(problems[0]!.message).toContain('nope');
  });

  it('refuses repeated multi options', () => {
    const problems = check('multi', { value: ['x', 'y', 'x'] });
    expect(pointers(problems)).toEqual(['/answers/multi/value']);
    expect(problems[0]!.message).toMatch(/repeat/);
  });

  it.each([[[]], ['x'], [2]] as const)('refuses a multi answer that is not a non-empty list: %j', (value) => {
    expect(pointers(check('multi', { value: value as Answer['value'] }))).toEqual(['/answers/multi/value']);
  });

  it.each([0, 0.999, 10.001, 11, -1])('refuses the number %d outside 1..10', (value) => {
    const problems = check('number', { value });
    expect(pointers(problems)).toEqual(['/answers/number/value']);
    expect(problems[0]!.message).toContain('1');
    expect(problems[0]!.message).toContain('10');
  });

  it('refuses a number question answered with text', () => {
    expect(pointers(check('number', { value: '5' }))).toEqual(['/answers/number/value']);
  });

  it.each(['', '   ', '\n\t'])('refuses empty text %j', (value) => {
    expect(pointers(check('text', { value }))).toEqual(['/answers/text/value']);
  });

  it('refuses text longer than maxLength, and text given as a number or list', () => {
    expect(check('text', { value: '12345' })).toEqual([]);
    expect(pointers(check('text', { value: '123456' }))).toEqual(['/answers/text/value']);
    expect(pointers(check('text', { value: 12 }))).toEqual(['/answers/text/value']);
    expect(pointers(check('text', { value: ['a'] }))).toEqual(['/answers/text/value']);
  });

  it('accepts not applicable only where the question allows it', () => {
    expect(check('yesno', na)).toEqual([]);
    for (const id of ['single', 'scale', 'multi', 'number', 'text']) {
      const problems = check(id, na);
      expect(problems).toHaveLength(1);
      // the field named is the offending field of the answer
      expect(problems[0]!.field).toEqual(['answers', id, 'notApplicable']);
    }
  });
});

describe('an exclusive option of a multi-select (such as "none prepared")', () => {
  const declaring = QuestionnaireSchema.parse({
    ...questionnaire,
    questions: [
      {
        id: 'containment',
        domain: 'd',
        type: 'multi',
        prompt: 'Which?',
        options: [{ id: 'none-prepared', label: 'None', level: 1, exclusive: true }, ...opts('revoke', 'pause')],
      },
    ],
  });
  const containment = declaring.questions[0] as Extract<Question, { type: 'multi' }>;

  it('is accepted alone, and the other options together', () => {
    expect(checkAnswerValue(containment, { value: ['none-prepared'] })).toEqual([]);
    expect(checkAnswerValue(containment, { value: ['revoke', 'pause'] })).toEqual([]);
  });

  it("is refused together with another option, at the answer's value (a 400 naming the field)", () => {
    const problems = checkAnswers(declaring, { containment: { value: ['revoke', 'none-prepared'] } });
    expect(pointers(problems)).toEqual(['/answers/containment/value']);
    expect(problems[0]!.message).toContain('none-prepared cannot be combined');
  });

  it('is not enforced where the version does not declare it (published versions keep their meaning)', () => {
    const undeclared: Question = { ...containment, options: containment.options.map(({ exclusive: _, ...o }) => o) };
    expect(checkAnswerValue(undeclared, { value: ['revoke', 'none-prepared'] })).toEqual([]);
  });
});

describe('checkAnswers', () => {
  it('finds no problem in valid answers', () => {
    expect(checkAnswers(questionnaire, { single: { value: 'b' }, multi: { value: ['y'] }, yesno: na })).toEqual([]);
  });

  it('reports an unknown question at /answers/<id>, naming the questionnaire version', () => {
    const problems = checkAnswers(questionnaire, { ghost: { value: 'a' } });
    expect(pointers(problems)).toEqual(['/answers/ghost']);
    expect(problems[0]!.message).toContain('checks 2.1.0');
  });

  it('reports every invalid answer, each at its own field', () => {
    const problems = checkAnswers(questionnaire, { single: { value: 'z' }, number: { value: 99 }, text: { value: 'ok' }, ghost: { value: 1 } });
    expect(pointers(problems).sort()).toEqual(['/answers/ghost', '/answers/number/value', '/answers/single/value']);
  });
});

describe('missingAnswers', () => {
  const required = ['single', 'scale', 'yesno', 'multi', 'number', 'text'];

  it('lists every visible required question when nothing is answered, and nothing else', () => {
    expect(pointers(missingAnswers(questionnaire, {}))).toEqual(required.map((id) => `/answers/${id}`));
  });

  it('names the question in its message', () => {
    expect(missingAnswers(questionnaire, {})[0]!.message).toContain('Single?');
  });

  it('asks for a follow-up only while it is visible', () => {
    const rest = { single: { value: 'a' }, scale: { value: 's1' }, multi: { value: ['x'] }, number: { value: 2 }, text: { value: 't' } };
    expect(missingAnswers(questionnaire, { ...rest, yesno: { value: 'no' } })).toEqual([]);
    expect(pointers(missingAnswers(questionnaire, { ...rest, yesno: { value: 'yes' } }))).toEqual(['/answers/follow-up']);
    expect(missingAnswers(questionnaire, { ...rest, yesno: na })).toEqual([]);
    expect(missingAnswers(questionnaire, { ...rest, yesno: { value: 'yes' }, 'follow-up': { value: 'b' } })).toEqual([]);
  });

  it('counts a not-applicable answer as an answer', () => {
    expect(pointers(missingAnswers(questionnaire, { yesno: na }))).not.toContain('/answers/yesno');
  });
});
