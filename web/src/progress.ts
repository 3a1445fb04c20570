/**
 * How far a respondent is, and whether they may submit: pure functions of the questions
 * (as the API serves them) and the answers on screen. Which questions are asked is the
 * server's rule (`visibleIds`); what counts as answered is the form's (`isAnswered`).
 */
import type { Answer } from './api';
import { isAnswered, visibleIds } from './visibility';

/** What these functions read of a question: what visibility reads, and whether it is required. */
export type Countable = Parameters<typeof visibleIds>[0][number] & { required?: boolean };

export interface Count {
  answered: number;
  total: number;
}

export interface Progress {
  /** The questions asked of everyone: their number never changes while answering. */
  main: Count;
  /** Follow-ups asked because of an answer, counted once they appear. */
  followUps: Count;
}

/**
 * Progress, counted so that it never goes backwards when a follow-up appears.
 *
 * The decision: the main count ("answered X of Y") covers only the questions asked of
 * everyone (those without `showIf`), so Y is fixed for a questionnaire version and the
 * percentage rises with every answer and never drops. Follow-ups are counted apart, from the
 * moment an answer reveals them ("1 of 1 follow-up answered"); a follow-up that appears adds
 * to that second count only. Had they joined the main total, answering "yes" to a gate
 * question would have turned 12 of 31 (39%) into 12 of 32 (38%).
 * Whether the respondent may submit does not depend on these counts (`requiredLeft`).
 */
export function progressOf(questions: readonly Countable[], answers: Readonly<Record<string, Answer | undefined>>): Progress {
  const visible = visibleIds(questions, answers as Record<string, Answer>);
  const main: Count = { answered: 0, total: 0 };
  const followUps: Count = { answered: 0, total: 0 };
  for (const q of questions) {
    if (!visible.has(q.id)) continue;
    const count = q.showIf ? followUps : main;
    count.total += 1;
    if (isAnswered(answers[q.id])) count.answered += 1;
  }
  return { main, followUps };
}

/** The whole-number percentage shown for a count (0 when there is nothing to count). */
export const percent = ({ answered, total }: Count): number => (total ? Math.floor((answered * 100) / total) : 0);

/**
 * The questions still needing an answer before the assessment can be submitted, in
 * questionnaire order: asked (visible), required, and not answered. The server checks the
 * same on submit (functions/core/questionnaire/answer-check.ts, `missingAnswers`); an empty
 * list is when the form offers "Review and submit".
 */
export function requiredLeft(questions: readonly Countable[], answers: Readonly<Record<string, Answer | undefined>>): string[] {
  const visible = visibleIds(questions, answers as Record<string, Answer>);
  return questions.filter((q) => visible.has(q.id) && q.required !== false && !isAnswered(answers[q.id])).map((q) => q.id);
}

/**
 * Asked questions marked "not applicable" without a reason: the API refuses them, so they
 * stay on this device only, and the save status must say so rather than "All changes saved".
 */
export function reasonsMissing(questions: readonly Countable[], answers: Readonly<Record<string, Answer | undefined>>): string[] {
  const visible = visibleIds(questions, answers as Record<string, Answer>);
  return questions.filter((q) => visible.has(q.id) && answers[q.id]?.notApplicable === true && !answers[q.id]?.reason?.trim()).map((q) => q.id);
}

/** Seconds allowed per question in the estimate: reading it, its help, and choosing. */
export const SECONDS_PER_QUESTION = 30;

/**
 * How long the questionnaire takes, shown before starting: the questions asked of everyone
 * × `SECONDS_PER_QUESTION`, rounded up to whole 5 minutes (never less than 5). Follow-ups
 * are not in it: whether they are asked depends on the answers.
 */
export function estimateOf(questions: readonly Countable[]): { questions: number; followUps: number; minutes: number } {
  const asked = questions.filter((q) => !q.showIf).length;
  const minutes = Math.max(5, Math.ceil((asked * SECONDS_PER_QUESTION) / 60 / 5) * 5);
  return { questions: asked, followUps: questions.length - asked, minutes };
}

/** The estimate in one sentence, with its basis. */
export function estimateText({ questions, followUps, minutes }: ReturnType<typeof estimateOf>): string {
  const extra = followUps ? ` (and up to ${followUps} follow-up${followUps === 1 ? '' : 's'}, depending on your answers)` : '';
  return `${questions} questions${extra}: about ${minutes} minutes, allowing ${SECONDS_PER_QUESTION} seconds a question.`;
}
