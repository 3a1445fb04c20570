/**
 * Heuristic checks of wording (issue 17), reported as warnings because only a person can
 * tell whether the text is really at fault:
 * - a double-barrelled prompt asks two things, so one answer cannot say both: a prompt
 *   where ", or" opens a second clause with its own verb ("shared by several agents, or
 *   used by the same agent in several environments"); an "or" between nouns ("a person
 *   or a particular agent") is one question and is not flagged;
 * - a leading help text quotes a percentage figure (peer failure rates) before the
 *   respondent answers; such figures belong after the answer.
 */
import type { Questionnaire } from '../model';
import { pointer, type AuthoringWarning } from './types';

/** ", or" then a clause: an auxiliary or modal verb, a pronoun subject, or a past participle (regular or common irregular). */
const SECOND_CLAUSE =
  /,\s+or\s+(?:(?:is|are|was|were|do|does|did|can|could|will|would|should|may|must|has|have|had)\b|(?:it|they|we|you|he|she|someone|anyone)\s+\w|\w+ed\b|(?:given|taken|kept|held|run|made|done|seen|known|shown|written|sent|left|set|put|built|bought|found)\b)/i;

/** The second question of a double-barrelled prompt ("or used by the same agent …"), if any. */
export function secondQuestion(prompt: string): string | undefined {
  const match = SECOND_CLAUSE.exec(prompt);
  return match ? prompt.slice(match.index + 1).trim() : undefined;
}

/** A percentage figure: "68%", "68 %", "21 per cent", "4.5 percent". */
const PERCENTAGE = /\d(?:[\d.,]*\d)?\s*(?:%|per\s?cent\b)/i;

export function checkWording(path: string, q: Questionnaire): AuthoringWarning[] {
  const warnings: AuthoringWarning[] = [];
  q.questions.forEach((question, qi) => {
    const second = secondQuestion(question.prompt);
    if (second)
      warnings.push({
        code: 'double_barrelled_prompt',
        file: path,
        pointer: pointer('questions', qi, 'prompt'),
        message: `the prompt of ${question.id} seems to ask two things ("${second}"), which one answer cannot both speak to`,
        fix: 'split it into two questions (declare the split in the migration), or reword it to ask one thing',
      });
    const figure = PERCENTAGE.exec(question.help)?.[0];
    if (figure)
      warnings.push({
        code: 'leading_help',
        file: path,
        pointer: pointer('questions', qi, 'help'),
        message: `the help text of ${question.id} quotes a percentage (${figure}), which respondents read before they answer and may anchor on`,
        fix: 'take peer figures out of the help text; show them after the answer (results, report) instead',
      });
  });
  return warnings;
}
