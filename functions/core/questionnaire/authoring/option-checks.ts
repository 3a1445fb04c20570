/**
 * Checks of the options of each question that a machine can decide (issue 17):
 * - a multi-select option that means "none" is declared exclusive, so it cannot be
 *   ticked together with an action (answer-check.ts then refuses such an answer);
 * - the options of a single choice or scale go from the weakest practice to the
 *   strongest: levels never decrease, and two options share a level only when declared.
 * - `essential` (an action that holds the answer down when not ticked) only on a
 *   multi-select, and never on an exclusive option: "none" is not an action to have.
 * Whether an option's wording really is weaker than the next is beyond a machine: a level
 * check catches an inversion only when the levels themselves are out of order.
 */
import type { Question, Questionnaire } from '../model';
import { pointer, type AuthoringError, type AuthoringErrorCode } from './types';

/** Ids and labels that read as "none of these": `none`, `none-prepared`, `no`, "Nothing yet", "Neither". */
const NONE_ID = /^(none|nothing|neither|no)(-|$)/;
const NONE_LABEL = /^(none|nothing|neither|no)\b/i;

export const meansNone = (option: { id: string; label: string }) => NONE_ID.test(option.id) || NONE_LABEL.test(option.label);

/** Questions whose options form one ordered scale; a weight-0 gate counts for nothing, so its order does not matter. */
const isOrdered = (q: Question) => (q.type === 'single' || q.type === 'scale') && q.weight > 0;

export function checkOptions(path: string, q: Questionnaire): AuthoringError[] {
  const errors: AuthoringError[] = [];
  const add = (code: AuthoringErrorCode, at: string, message: string, fix: string) => errors.push({ code, file: path, pointer: at, message, fix });
  q.questions.forEach((question, qi) => {
    if (!('options' in question)) return;
    question.options.forEach((option, oi) => {
      const at = (...rest: string[]) => pointer('questions', qi, 'options', oi, ...rest);
      if (question.type === 'multi') {
        if (option.exclusive === undefined && meansNone(option))
          add(
            'exclusive_option',
            at(),
            `option ${option.id} of ${question.id} reads as "none", yet nothing stops a respondent ticking it together with other options`,
            'add "exclusive": true so it can only be chosen alone (or "exclusive": false if it does not mean none)',
          );
      } else if (option.exclusive === true)
        add(
          'exclusive_option',
          at('exclusive'),
          `option ${option.id} of ${question.id} is declared exclusive, but a ${question.type} question takes one option anyway`,
          'remove "exclusive": it only means something on a multi-select question',
        );
      if (option.essential === true && question.type !== 'multi')
        add(
          'essential_option',
          at('essential'),
          `option ${option.id} of ${question.id} is declared essential, but a ${question.type} question takes one option, so nothing can be left unticked`,
          'remove "essential": it only means something on a multi-select question',
        );
      else if (option.essential === true && option.exclusive === true)
        add(
          'essential_option',
          at('essential'),
          `option ${option.id} of ${question.id} is both exclusive and essential: an option chosen only alone cannot be an action every organisation must have`,
          'remove "essential" (or "exclusive", if the option is an action and not "none")',
        );
      if (!isOrdered(question) || oi === 0) return;
      const previous = question.options[oi - 1]!;
      if (option.level < previous.level)
        add(
          'option_order',
          at('level'),
          `option ${option.id} of ${question.id} (level ${option.level}) comes after ${previous.id} (level ${previous.level}): options must go from the weakest practice to the strongest`,
          'reorder the options so that levels never decrease, or correct the level if the option is in the right place',
        );
      else if (option.level === previous.level && option.sharesLevel !== true)
        add(
          'shared_level',
          at('level'),
          `options ${previous.id} and ${option.id} of ${question.id} both show level ${option.level}, so the answer cannot tell them apart`,
          'give the option a level of its own, or add "sharesLevel": true when both really show the same maturity',
        );
    });
    question.options.forEach((option, oi) => {
      if (option.sharesLevel !== true || !isOrdered(question)) return;
      const previous = question.options[oi - 1];
      if (previous?.level !== option.level)
        add(
          'shared_level',
          pointer('questions', qi, 'options', oi, 'sharesLevel'),
          `option ${option.id} of ${question.id} declares that it shares its level with the option before it, but ${previous ? `${previous.id} shows level ${previous.level}` : 'it is the first option'}`,
          'remove "sharesLevel", or move the option next to the option whose level it shares',
        );
    });
  });
  return errors;
}
