/**
 * Answers to questions that are not asked. A follow-up whose `showIf` is not met is
 * hidden, and a hidden question has no answer: a save that answers one is refused, a
 * save that hides an answered one clears it, and submission, reopen and upgrade drop
 * any that older data still holds. One rule for the API, the web app and the report.
 */
import type { AnswerProblem } from './answer-check';
import type { Answer, Answers } from './answers';
import type { Question } from './model';
import { isVisible } from './visibility';

export interface HiddenAnswer {
  question: string;
  /** Why it is not asked, naming the question its condition depends on. */
  reason: string;
}

/** Why a hidden question is not asked: the condition that fails, naming its parent question. */
export function whyNotAsked(question: Question, byId: ReadonlyMap<string, Question>, answers: Answers): string {
  const condition = question.showIf;
  if (!condition) return `${question.id} is always asked`;
  const parent = byId.get(condition.question);
  if (!parent) return `${question.id} is not asked: its condition names ${condition.question}, which is not a question of this version`;
  if (!isVisible(parent, byId, answers)) return `${question.id} is not asked: it follows up ${parent.id}, which is itself not asked`;
  return `${question.id} is not asked: its condition is not met (it is asked only when ${parent.id} is answered ${condition.anyOf.join(' or ')})`;
}

/**
 * The answered questions that are not asked, given these answers. Dropping them changes
 * no question's visibility (a hidden question's follow-ups are hidden whatever it says),
 * so one pass finds them all. Answers to questions the questionnaire does not have are
 * left to `checkAnswers`.
 */
export function hiddenAnswers(questions: readonly Question[], answers: Answers): HiddenAnswer[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return Object.keys(answers)
    .map((id) => byId.get(id))
    .filter((q): q is Question => q !== undefined && !isVisible(q, byId, answers))
    .map((q) => ({ question: q.id, reason: whyNotAsked(q, byId, answers) }));
}

/** The answers without those to questions that are not asked, and which were dropped (why). */
export function withoutHiddenAnswers<A extends Answer>(
  questions: readonly Question[],
  answers: Record<string, A>,
): { answers: Record<string, A>; dropped: HiddenAnswer[] } {
  const dropped = hiddenAnswers(questions, answers);
  if (dropped.length === 0) return { answers, dropped };
  const gone = new Set(dropped.map((d) => d.question));
  return { answers: Object.fromEntries(Object.entries(answers).filter(([id]) => !gone.has(id))), dropped };
}

export interface SavePlan {
  /** Answers the save gives to questions that are not asked after it: the save is refused. */
  problems: AnswerProblem[];
  /** Stored answers the save leaves to questions no longer asked: it clears them too. */
  cleared: string[];
}

/**
 * Judges a save (`changes`, where null clears an answer) against the stored answers, on
 * the answers as they will be after it: answering a question that is then not asked is a
 * problem (field `['answers', <id>]`); a stored answer it leaves hidden is cleared.
 */
export function planSave(questions: readonly Question[], stored: Answers, changes: Readonly<Record<string, Answer | null>>): SavePlan {
  const after: Answers = { ...stored };
  for (const [id, answer] of Object.entries(changes)) {
    if (answer === null) delete after[id];
    else after[id] = answer;
  }
  const problems: AnswerProblem[] = [];
  const cleared: string[] = [];
  for (const { question, reason } of hiddenAnswers(questions, after)) {
    if (question in changes) problems.push({ field: ['answers', question], message: `${reason}, so it takes no answer` });
    else cleared.push(question);
  }
  return { problems, cleared };
}
