/**
 * What-if scoring: the overall score if some answers were raised to a given level.
 * It follows docs/scoring.md step by step (weighted mean per domain, caps, weighted
 * mean of domains), so with nothing raised it returns exactly the scored overall.
 *
 * A raised answer is taken to be one that no longer triggers its caps (a better answer
 * is not a capping option). Visibility stays as answered: raising a gate question does
 * not open follow-ups in this estimate.
 */
import { round2 } from '../numbers';
import type { Answer, Answers } from '../questionnaire/answers';
import type { Question, Questionnaire } from '../questionnaire/model';
import { answerLevel, isScored } from '../scoring/score';

function capLevel(question: Question, answer: Answer | undefined): number {
  if (!answer || answer.notApplicable) return 5;
  const chosen = typeof answer.value === 'string' ? [answer.value] : Array.isArray(answer.value) ? answer.value : [];
  let level = 5;
  for (const cap of question.caps) if (cap.options.some((o) => chosen.includes(o))) level = Math.min(level, cap.maxLevel);
  return level;
}

export function overallWithRaisedAnswers(
  questionnaire: Questionnaire,
  answers: Answers,
  visible: ReadonlySet<string>,
  raised: ReadonlyMap<string, number>,
): number {
  let overallWeighted = 0;
  let overallWeight = 0;
  for (const domain of questionnaire.domains) {
    let weighted = 0;
    let weight = 0;
    let counted = 0;
    let cap = 5;
    for (const question of questionnaire.questions) {
      if (question.domain !== domain.id || !visible.has(question.id)) continue;
      const answer = answers[question.id];
      const target = raised.get(question.id);
      if (target === undefined) cap = Math.min(cap, capLevel(question, answer));
      if (!isScored(question) || answer?.notApplicable) continue;
      counted += 1;
      weighted += question.weight * Math.max(answerLevel(question, answer) ?? 0, target ?? 0);
      weight += question.weight;
    }
    if (counted === 0) continue;
    const score = round2(Math.min(weight > 0 ? weighted / weight : 0, cap));
    overallWeighted += domain.weight * score;
    overallWeight += domain.weight;
  }
  return round2(overallWeight > 0 ? overallWeighted / overallWeight : 0);
}
