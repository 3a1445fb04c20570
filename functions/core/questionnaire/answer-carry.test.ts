import { describe, expect, it } from 'vitest';
import agentIdentity100 from '../../../questionnaires/agent-identity/1.0.0.json';
import agentIdentity110 from '../../../questionnaires/agent-identity/1.1.0.json';
import { carryAnswers } from './answer-carry';
import type { Answers } from './answers';
import { equivalencesBetween, stepEquivalences } from './equivalences';
import { QuestionnaireSchema } from './model';
import { demoV1, demoV11, parseQuestionnaire } from './versioning-fixture';

const v1 = parseQuestionnaire(demoV1());
const v11 = parseQuestionnaire(demoV11());
const carry = (answers: Answers) => carryAnswers(v1, v11, stepEquivalences(v1, v11), answers);

describe('carryAnswers (demo 1.0.0 → 1.1.0)', () => {
  it('carries kept questions unchanged, with their comment and evidence', () => {
    const answers: Answers = {
      'a-choice': { value: 'a4', comment: 'checked in March', evidence: ['https://example.org/a'] },
      'b-number': { value: 42 },
      'b-text': { value: 'notes' },
      'a-gate': { value: 'yes' },
      'a-follow-up': { value: 'f2' },
    };
    const { answers: carried, report } = carry(answers);
    expect(carried).toEqual(answers);
    expect(report.dropped).toEqual([]);
  });

  it('splits an answer through option equivalences, and drops the half without one', () => {
    const firstOnly = carry({ 'a-split': { value: 'first-only' } });
    expect(firstOnly.answers).toEqual({ 'a-split-first': { value: 'yes' } });
    expect(firstOnly.report.dropped).toEqual([{ question: 'a-split', to: 'a-split-second', reason: expect.stringContaining('first-only') }]);
    expect(firstOnly.report.needsAnswer).toContain('a-split-second');
    expect(firstOnly.report.needsAnswer).not.toContain('a-split-first');

    const both = carry({ 'a-split': { value: 'both' } });
    expect(both.answers).toEqual({ 'a-split-first': { value: 'yes' }, 'a-split-second': { value: 'yes' } });
    expect(both.report.carried).toEqual(
      expect.arrayContaining([
        { from: 'a-split', to: 'a-split-first' },
        { from: 'a-split', to: 'a-split-second' },
      ]),
    );
  });

  it('renames options of a multi answer through the declared option equivalence', () => {
    expect(carry({ 'b-multi': { value: ['m1', 'm5'] } }).answers).toEqual({ 'b-multi': { value: ['m1', 'm-top'] } });
  });

  it('drops the answers of removed questions and names the new questions to answer', () => {
    const { answers, report } = carry({ 'b-gone': { notApplicable: true, reason: 'no such thing here' } });
    expect(answers).toEqual({});
    expect(report.dropped).toEqual([{ question: 'b-gone', reason: 'b-gone was removed in 1.1.0' }]);
    expect(report.needsAnswer).toEqual(['a-choice', 'a-split-first', 'a-split-second', 'a-gate', 'b-multi', 'b-number', 'b-new']);
  });

  it('lists a follow-up as needing an answer only when its gate is answered to show it', () => {
    expect(carry({ 'a-gate': { value: 'yes' } }).report.needsAnswer).toContain('a-follow-up');
    expect(carry({ 'a-gate': { value: 'no' } }).report.needsAnswer).not.toContain('a-follow-up');
  });

  it('does not carry a not-applicable answer to a question that no longer allows it, nor a value out of range', () => {
    const v11Stricter = parseQuestionnaire({
      ...demoV11(),
      questions: demoV11().questions.map((q) => (q.id === 'b-number' ? { ...q, max: 20 } : q.id === 'a-choice' ? { ...q, allowNotApplicable: false } : q)),
    });
    const v1Lenient = parseQuestionnaire({
      ...demoV1(),
      questions: demoV1().questions.map((q) => (q.id === 'a-choice' ? { ...q, allowNotApplicable: true } : q)),
    });
    const { answers, report } = carryAnswers(v1Lenient, v11Stricter, stepEquivalences(v1Lenient, v11Stricter), {
      'a-choice': { notApplicable: true, reason: 'not here' },
      'b-number': { value: 42 },
    });
    expect(answers).toEqual({});
    expect(report.dropped.map((d) => d.question).sort()).toEqual(['a-choice', 'b-number']);
    expect(report.dropped.find((d) => d.question === 'b-number')?.reason).toMatch(/from 0 to 20/);
  });
});

describe('carryAnswers (agent-identity 1.0.0 → 1.1.0, the shipped content)', () => {
  const from = QuestionnaireSchema.parse(agentIdentity100);
  const to = QuestionnaireSchema.parse(agentIdentity110);
  const chain = equivalencesBetween(from, to, () => undefined);
  if (!chain.ok) throw new Error(chain.message);
  const highest: Answers = Object.fromEntries(
    from.questions.map((q) => [q.id, 'options' in q ? { value: q.type === 'multi' ? [q.options.at(-1)!.id] : q.options.at(-1)!.id } : { value: 1 }]),
  );

  it('keeps every answer of a question that is still there, and splits approval-binding in two', () => {
    const { answers, report } = carryAnswers(from, to, chain.equivalences, highest);
    for (const q of from.questions.filter((x) => x.id !== 'approval-binding')) expect(answers[q.id], q.id).toEqual(highest[q.id]);
    expect(answers['approval-action-binding']).toEqual({ value: 'exact-parameters' });
    expect(answers['approval-record']).toEqual({ value: 'signed' });
    expect(report.dropped).toEqual([]);
    expect(report.needsAnswer).toEqual(['approved-tool-register']);
  });

  it('asks again about the half of approval-binding that an answer says nothing about', () => {
    const logged = carryAnswers(from, to, chain.equivalences, { ...highest, 'approval-binding': { value: 'logged' } });
    expect(logged.answers['approval-record']).toEqual({ value: 'logged' });
    expect(logged.report.needsAnswer).toEqual(['approved-tool-register', 'approval-action-binding']);
  });
});
