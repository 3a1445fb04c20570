/**
 * What the answer form shows and sends. Which questions are asked is the server's own rule
 * (`visibleQuestionIds`, functions/core/questionnaire/visibility.ts, through
 * functions/contract/rules.ts); what counts as answered and how a link is written are the
 * form's.
 */
import { ANSWER_LIMITS, type Answer } from './api';

/**
 * The questions to show: those without `showIf`, and those whose parent question is
 * itself shown and answered with one of `anyOf` (any selected option, for multi).
 */
export { visibleQuestionIds as visibleIds } from '../../functions/contract/rules';

/** Counts towards progress: a value, or "not applicable" with its reason. */
export function isAnswered(answer: Answer | undefined): boolean {
  if (!answer) return false;
  if (answer.notApplicable) return !!answer.reason?.trim();
  const v = answer.value;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'string') return v.trim() !== '';
  return typeof v === 'number';
}

/** The API accepts an answer only with a value, or "not applicable" with a reason (functions/core/questionnaire/answers.ts). */
export function isSendable(answer: Answer): boolean {
  return isAnswered(answer);
}

/** Printable ASCII: what the API takes in a link (a URL percent-encoded). */
const URL_CHARACTERS = /^[\x21-\x7e]*$/;

/**
 * A link as the API takes it: trimmed, and percent-encoded when it holds spaces or other
 * characters beyond ASCII (`https://example.com/café` → `https://example.com/caf%C3%A9`),
 * as a browser's address bar copies it.
 */
export function evidenceLink(text: string): string {
  const value = text.trim();
  if (URL_CHARACTERS.test(value)) return value;
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

/** An evidence link the API accepts (once `evidenceLink` has encoded it): an absolute http(s) URL within the length limit. */
export function evidenceProblem(text: string): string | null {
  const value = evidenceLink(text);
  if (!value) return 'Enter a link.';
  const max = ANSWER_LIMITS.evidenceUrlLength;
  if (value.length > max)
    return `Links can be at most ${max.toLocaleString('en')} characters${value !== text.trim() ? ' once spaces and other characters are encoded' : ''}.`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Use a link starting with https:// or http://.';
  } catch {
    return 'That is not a complete link: start it with https://';
  }
  return URL_CHARACTERS.test(value) ? null : 'That link has characters a link cannot carry: copy it from the browser’s address bar.';
}
