/** Generates a complete, valid answer set whose levels follow the calibration per domain. */
import type { Answers } from '../../functions/core/questionnaire/answers';
import type { Question, Questionnaire } from '../../functions/core/questionnaire/model';
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import { lowShareOf } from './calibration';

/** A small seeded generator (mulberry32), so that a seed always gives the same demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The answer at a position in [0, 1) among a question's options (0 the lowest level). */
export function answerAt(question: Question, position: number): Answers[string] {
  switch (question.type) {
    case 'single':
    case 'scale':
    case 'yesno': {
      const sorted = [...question.options].sort((a, b) => a.level - b.level);
      return { value: sorted[Math.min(sorted.length - 1, Math.floor(position * sorted.length))]!.id };
    }
    case 'multi': {
      const sorted = [...question.options].sort((a, b) => a.level - b.level);
      return { value: sorted.slice(0, Math.max(1, Math.ceil(position * sorted.length))).map((o) => o.id) };
    }
    case 'number':
      return { value: question.min + Math.round((question.max - question.min) * position) };
    case 'text':
      return { value: 'Synthetic demo answer.' };
  }
}

/** Demo answers: low domains stay in the bottom two fifths of their options, the others above. */
export function demoAnswers(questionnaire: Questionnaire, random: () => number): Answers {
  const lowDomains = new Set(questionnaire.domains.filter((d) => random() < lowShareOf(d.id)).map((d) => d.id));
  return answersAt(questionnaire, (q) => (lowDomains.has(q.domain) ? random() * 0.4 : 0.4 + random() * 0.6));
}

/** A complete answer set: every question that becomes visible is answered at `positionOf(question)`. */
export function answersAt(questionnaire: Questionnaire, positionOf: (question: Question) => number): Answers {
  const answers: Answers = {};
  for (let round = 0; round < 5; round++) {
    const visible = visibleQuestionIds(questionnaire.questions, answers);
    let added = false;
    for (const q of questionnaire.questions) {
      if (visible.has(q.id) && !answers[q.id]) {
        answers[q.id] = answerAt(q, positionOf(q));
        added = true;
      }
    }
    if (!added) break;
  }
  const visible = visibleQuestionIds(questionnaire.questions, answers);
  for (const id of Object.keys(answers)) if (!visible.has(id)) delete answers[id];
  return answers;
}
