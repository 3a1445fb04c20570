/** Builds complete answer sets for a served questionnaire version (questions grouped by domain). */
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import type { Answers } from '../../functions/core/questionnaire/answers';
import type { Question, Questionnaire } from '../../functions/core/questionnaire/model';

export interface ServedQuestionnaire {
  id: string;
  version: string;
  domains: { id: string; questions: Question[] }[];
}

export const allQuestions = (q: ServedQuestionnaire): Question[] => q.domains.flatMap((d) => d.questions);

/** An answer for one question; `pick` chooses among options ordered by level (0 = lowest). */
export function answerFor(question: Question, pick: (levels: number) => number): Answers[string] {
  switch (question.type) {
    case 'single':
    case 'scale':
    case 'yesno': {
      const sorted = [...question.options].sort((a, b) => a.level - b.level);
      return { value: sorted[Math.min(sorted.length - 1, pick(sorted.length))]!.id };
    }
    case 'multi': {
      const sorted = [...question.options].sort((a, b) => a.level - b.level);
      const ticked = sorted.slice(0, Math.min(sorted.length, pick(sorted.length) + 1));
      // An exclusive option ("none prepared") stands alone (the server refuses it with others).
      const actions = ticked.filter((o) => o.exclusive !== true);
      return { value: (actions.length ? actions : ticked).map((o) => o.id) };
    }
    case 'number':
      return { value: question.min + Math.round(((question.max - question.min) * pick(5)) / 4) };
    case 'text':
      return { value: 'Answered by the test suite.' };
  }
}

/**
 * Answers every question that is visible once the others are answered: answering a
 * gate can reveal follow-ups, so it repeats until nothing new appears.
 */
export function completeAnswers(q: ServedQuestionnaire, pick: (levels: number, question: Question) => number): Answers {
  const questions = allQuestions(q);
  const answers: Answers = {};
  for (let round = 0; round < 5; round++) {
    const visible = visibleQuestionIds(questions, answers);
    let added = false;
    for (const question of questions) {
      if (visible.has(question.id) && !answers[question.id]) {
        answers[question.id] = answerFor(question, (n) => pick(n, question));
        added = true;
      }
    }
    if (!added) break;
  }
  const visible = visibleQuestionIds(questions, answers);
  for (const id of Object.keys(answers)) if (!visible.has(id)) delete answers[id];
  return answers;
}

/** A questionnaire version as the API serves it (questions grouped by domain), from the catalogue's model. */
export const servedFrom = (q: Questionnaire): ServedQuestionnaire => ({
  id: q.id,
  version: q.version,
  domains: q.domains.map((d) => ({ id: d.id, questions: q.questions.filter((x) => x.domain === d.id) })),
});
