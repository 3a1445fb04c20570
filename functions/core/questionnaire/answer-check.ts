/**
 * Checks answers against a questionnaire version: values valid for their question's
 * type and options, and (for submission) every visible required question answered.
 * Returns field problems naming the fields of the answers (`['answers', <id>, 'value']`).
 */
import type { FieldProblem } from '../errors';
import type { Answer, Answers } from './answers';
import type { Question, Questionnaire } from './model';
import { visibleQuestionIds } from './visibility';

/** A problem with an answer: `field` is `['answers', <question id>]`, then the answer's field if one is at fault. */
export type AnswerProblem = Omit<FieldProblem, 'in'>;

const fieldOf = (questionId: string, field?: string) => (field ? ['answers', questionId, field] : ['answers', questionId]);

export function checkAnswerValue(question: Question, answer: Answer): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const at = (message: string, field = 'value') => problems.push({ field: fieldOf(question.id, field), message });
  if (answer.notApplicable) {
    if (!question.allowNotApplicable) at('this question cannot be marked not applicable', 'notApplicable');
    return problems;
  }
  const value = answer.value;
  switch (question.type) {
    case 'single':
    case 'scale':
    case 'yesno': {
      const ids = question.options.map((o) => o.id);
      if (typeof value !== 'string' || !ids.includes(value)) at(`expected one of: ${ids.join(', ')}`);
      break;
    }
    case 'multi': {
      const ids = question.options.map((o) => o.id);
      if (!Array.isArray(value) || value.length === 0) at('expected a non-empty list of option ids');
      else {
        const unknown = value.filter((v) => !ids.includes(v));
        if (unknown.length) at(`unknown options ${unknown.join(', ')}; expected some of: ${ids.join(', ')}`);
        if (new Set(value).size !== value.length) at('options must not repeat');
        // "None prepared" next to an action contradicts itself; only versions that declare it refuse this.
        const exclusive = question.options.filter((o) => o.exclusive === true && value.includes(o.id));
        if (exclusive.length && value.length > 1)
          at(`${exclusive.map((o) => o.id).join(', ')} cannot be combined with other options: choose ${exclusive.length > 1 ? 'one of them' : 'it'} alone`);
      }
      break;
    }
    case 'number':
      if (typeof value !== 'number') at('expected a number');
      else if (value < question.min || value > question.max) at(`expected a number from ${question.min} to ${question.max}`);
      break;
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') at('expected text');
      else if (value.length > question.maxLength) at(`at most ${question.maxLength} characters`);
      break;
  }
  return problems;
}

/** Problems with the answers given (unknown questions, invalid values). */
export function checkAnswers(questionnaire: Questionnaire, answers: Answers): AnswerProblem[] {
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]));
  const problems: AnswerProblem[] = [];
  for (const [questionId, answer] of Object.entries(answers)) {
    const question = byId.get(questionId);
    if (!question) problems.push({ field: fieldOf(questionId), message: `no question "${questionId}" in ${questionnaire.id} ${questionnaire.version}` });
    else problems.push(...checkAnswerValue(question, answer));
  }
  return problems;
}

/** Visible required questions without an answer. */
export function missingAnswers(questionnaire: Questionnaire, answers: Answers): AnswerProblem[] {
  const visible = visibleQuestionIds(questionnaire.questions, answers);
  return questionnaire.questions
    .filter((q) => q.required && visible.has(q.id) && answers[q.id] === undefined)
    .map((q) => ({ field: fieldOf(q.id), message: `"${q.prompt}" needs an answer` }));
}
