import { ANSWER_LIMITS, type Answer, type Question } from './api';

function chosen(answer: Answer | undefined): string[] {
  if (!answer || answer.notApplicable) return [];
  if (typeof answer.value === 'string') return [answer.value];
  return Array.isArray(answer.value) ? answer.value : [];
}

/**
 * The questions to show: those without `showIf`, and those whose parent question is
 * itself shown and answered with one of `anyOf` (any selected option, for multi).
 */
export function visibleIds(questions: readonly Question[], answers: Record<string, Answer>): Set<string> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const memo = new Map<string, boolean>();
  const visit = (q: Question, depth: number): boolean => {
    const known = memo.get(q.id);
    if (known !== undefined) return known;
    let shown = true;
    if (q.showIf) {
      const parent = byId.get(q.showIf.question);
      const anyOf = q.showIf.anyOf;
      shown = !!parent && depth < 50 && visit(parent, depth + 1) && chosen(answers[parent.id]).some((id) => anyOf.includes(id));
    }
    memo.set(q.id, shown);
    return shown;
  };
  return new Set(questions.filter((q) => visit(q, 0)).map((q) => q.id));
}

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
