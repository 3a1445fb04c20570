/**
 * The answers that differ between two submissions: questions of either version, in the
 * later version's order then the earlier's own, each answer in words (as the report shows
 * it) with its level and who last changed it in the later submission.
 */
import type { Answer } from '../questionnaire/answers';
import type { Questionnaire } from '../questionnaire/model';
import { answerText } from '../report-model/answer-text';
import { answerLevel } from '../scoring/score';

/** A stored answer as the core needs it: the answer and who changed it last. */
export type StampedAnswer<Actor> = Answer & { updatedBy: Actor; updatedAt: string };

export interface ChangedAnswer<Actor> {
  questionId: string;
  prompt: string;
  domainId: string;
  from: { text: string; level: number | null } | null;
  to: { text: string; level: number | null } | null;
  changedBy: Actor | null;
  changedAt: string | null;
}

const answered = (a: Answer | undefined): a is Answer => a !== undefined && (a.notApplicable === true || a.value !== undefined);

/** What makes two answers the same answer: the value (options in any order) or "not applicable". Comments, reasons and evidence do not count. */
function sameAnswer(a: Answer | undefined, b: Answer | undefined): boolean {
  if (!answered(a) || !answered(b)) return answered(a) === answered(b);
  if (Boolean(a.notApplicable) !== Boolean(b.notApplicable)) return false;
  if (a.notApplicable) return true;
  const key = (v: Answer['value']) => JSON.stringify(Array.isArray(v) ? [...v].sort() : v);
  return key(a.value) === key(b.value);
}

export function changedAnswers<Actor>(
  earlier: { questionnaire: Questionnaire; answers: Record<string, StampedAnswer<Actor>> },
  later: { questionnaire: Questionnaire; answers: Record<string, StampedAnswer<Actor>> },
): ChangedAnswer<Actor>[] {
  const laterIds = new Set(later.questionnaire.questions.map((q) => q.id));
  const earlierById = new Map(earlier.questionnaire.questions.map((q) => [q.id, q]));
  const questions = [...later.questionnaire.questions, ...earlier.questionnaire.questions.filter((q) => !laterIds.has(q.id))];
  const changed: ChangedAnswer<Actor>[] = [];
  for (const question of questions) {
    const before = earlierById.has(question.id) ? earlier.answers[question.id] : undefined;
    const after = laterIds.has(question.id) ? later.answers[question.id] : undefined;
    if (sameAnswer(before, after)) continue;
    const earlierQuestion = earlierById.get(question.id) ?? question;
    const inWords = (q: typeof question, a: Answer | undefined) => (answered(a) ? { text: answerText(q, a), level: answerLevel(q, a) ?? null } : null);
    changed.push({
      questionId: question.id,
      prompt: question.prompt,
      domainId: question.domain,
      from: inWords(earlierQuestion, before),
      to: inWords(question, after),
      changedBy: answered(after) ? after.updatedBy : null,
      changedAt: answered(after) ? after.updatedAt : null,
    });
  }
  return changed;
}
