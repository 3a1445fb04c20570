/** An answer in the respondent's words, for showing next to its question. */
import type { Answer } from '../questionnaire/answers';
import { hasOptions, type Question } from '../questionnaire/model';
import { shownText } from './shown-text';

export function answerText(question: Question, answer: Answer | undefined): string {
  if (!answer || (answer.value === undefined && !answer.notApplicable)) return 'Not answered';
  if (answer.notApplicable) return 'Not applicable';
  const value = answer.value;
  if (hasOptions(question)) {
    const ids = Array.isArray(value) ? value : [String(value)];
    const labels = ids.map((id) => question.options.find((o) => o.id === id)?.label ?? shownText(id));
    return labels.length ? labels.join('; ') : 'None selected';
  }
  if (question.type === 'number' && typeof value === 'number') {
    return question.unit ? `${value} ${question.unit}` : String(value);
  }
  return shownText(String(value));
}
