/** Which questions a respondent sees, given the answers so far (`showIf`). */
import type { Answers } from './answers';
import type { Question } from './model';

/**
 * What visibility reads of a question: its id and its condition. The web app passes the
 * questions as the API serves them (functions/contract/rules.ts).
 */
export type Conditional = Pick<Question, 'id' | 'showIf'>;

function selectedOptions(answer: Answers[string] | undefined): string[] {
  if (!answer || answer.notApplicable) return [];
  if (typeof answer.value === 'string') return [answer.value];
  if (Array.isArray(answer.value)) return answer.value;
  return [];
}

/**
 * A question is visible when it has no condition, or when the question it depends on
 * is itself visible and answered with one of the listed options. Conditions cannot
 * form cycles (the authoring check refuses them), so the recursion ends.
 */
export function isVisible<Q extends Conditional>(question: Q, byId: ReadonlyMap<string, Q>, answers: Answers, seen = new Set<string>()): boolean {
  const condition = question.showIf;
  if (!condition) return true;
  if (seen.has(question.id)) return false;
  seen.add(question.id);
  const parent = byId.get(condition.question);
  if (!parent || !isVisible(parent, byId, answers, seen)) return false;
  return selectedOptions(answers[condition.question]).some((id) => condition.anyOf.includes(id));
}

export function visibleQuestionIds(questions: readonly Conditional[], answers: Answers): Set<string> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return new Set(questions.filter((q) => isVisible(q, byId, answers)).map((q) => q.id));
}
