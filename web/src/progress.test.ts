import { describe, expect, it } from 'vitest';
import type { Answer } from './api';
import { type Countable, estimateOf, estimateText, percent, progressOf, reasonsMissing, requiredLeft } from './progress';

const questions: Countable[] = [
  { id: 'gate' },
  { id: 'follow-up', showIf: { question: 'gate', anyOf: ['yes'] } },
  { id: 'second' },
  { id: 'optional', required: false },
];

describe('progressOf', () => {
  it('counts the questions asked of everyone, and follow-ups apart once they appear', () => {
    expect(progressOf(questions, {})).toEqual({ main: { answered: 0, total: 3 }, followUps: { answered: 0, total: 0 } });
    const answers: Record<string, Answer> = { gate: { value: 'yes' } };
    expect(progressOf(questions, answers)).toEqual({ main: { answered: 1, total: 3 }, followUps: { answered: 0, total: 1 } });
    answers['follow-up'] = { value: 'a' };
    expect(progressOf(questions, answers).followUps).toEqual({ answered: 1, total: 1 });
  });

  it('never lowers the main percentage when a follow-up appears', () => {
    const before = progressOf(questions, { second: { value: 'x' } });
    const after = progressOf(questions, { second: { value: 'x' }, gate: { value: 'yes' } });
    expect(percent(after.main)).toBeGreaterThanOrEqual(percent(before.main));
    expect(after.main.total).toBe(before.main.total);
  });

  it('does not count "not applicable" without a reason as answered', () => {
    expect(progressOf(questions, { second: { notApplicable: true } }).main.answered).toBe(0);
    expect(progressOf(questions, { second: { notApplicable: true, reason: 'No agents' } }).main.answered).toBe(1);
  });
});

describe('requiredLeft', () => {
  it('lists asked, required, unanswered questions in order', () => {
    expect(requiredLeft(questions, {})).toEqual(['gate', 'second']);
    expect(requiredLeft(questions, { gate: { value: 'yes' } })).toEqual(['follow-up', 'second']);
    expect(requiredLeft(questions, { gate: { value: 'no' }, second: { value: 'x' } })).toEqual([]);
  });

  it('keeps a "not applicable" without its reason in the list', () => {
    expect(requiredLeft(questions, { gate: { value: 'no' }, second: { notApplicable: true, reason: ' ' } })).toEqual(['second']);
  });
});

describe('reasonsMissing', () => {
  it('names asked questions marked not applicable without a reason', () => {
    expect(reasonsMissing(questions, { second: { notApplicable: true }, gate: { notApplicable: true, reason: 'n/a' } })).toEqual(['second']);
    expect(reasonsMissing(questions, { 'follow-up': { notApplicable: true } })).toEqual([]);
  });
});

describe('estimateOf', () => {
  it('allows 30 seconds per question asked of everyone, rounded up to 5 minutes', () => {
    expect(estimateOf(questions)).toEqual({ questions: 3, followUps: 1, minutes: 5 });
    const many = Array.from({ length: 31 }, (_, i) => ({ id: `q${i}` }));
    expect(estimateOf(many)).toEqual({ questions: 31, followUps: 0, minutes: 20 });
    expect(percent({ answered: 1, total: 3 })).toBe(33);
    expect(estimateText(estimateOf(questions))).toBe(
      '3 questions (and up to 1 follow-up, depending on your answers): about 5 minutes, allowing 30 seconds a question.',
    );
  });
});
