/**
 * What-if scoring: the overall score if some answers were raised to a given level, by
 * the same scoring as everything else (docs/scoring.md), so with nothing raised it is
 * exactly the scored overall.
 *
 * A raised answer is taken to be one that no longer triggers its caps (a better answer
 * is not a capping option). Visibility stays as answered: raising a gate question does
 * not open follow-ups in this estimate.
 */
import type { Answers } from '../questionnaire/answers';
import type { Questionnaire } from '../questionnaire/model';
import { scoreAssessment } from '../scoring/score';

export function overallWithRaisedAnswers(
  questionnaire: Questionnaire,
  answers: Answers,
  visible: ReadonlySet<string>,
  raised: ReadonlyMap<string, number>,
): number {
  return scoreAssessment(questionnaire, answers, { visible, raised }).overall.score;
}
