/**
 * The rule that turns a score into a level (docs/scoring.md), said in place beside the
 * score: "2.92 out of 5 is level 2, Emerging: …".
 */
import { levelName } from './api';
import { score2 } from './format';

/** Method 1: the whole part of the score, held by caps; method 2 also bounds it by the weakest link. */
export function levelRule(method: number, scope: 'overall' | 'domain'): string {
  const weakest = method >= 2 ? `, but at most one level above the weakest ${scope === 'overall' ? "domain's level" : 'answer in the domain'}` : '';
  return scope === 'overall'
    ? `the overall score is the weighted mean of the domain scores, and its level is the score's whole part (at least 1)${weakest}, never above a cap an answer sets on the whole programme`
    : `a domain's score is the weighted mean of its answers' levels, and its level is the score's whole part (at least 1)${weakest}, never above a cap an answer in it sets`;
}

/** "2.92 out of 5 is level 2, Emerging: a level is …" */
export function scoreSentence(score: number, level: number, method: number, scope: 'overall' | 'domain'): string {
  return `${score2(score)} out of 5 is level ${level}, ${levelName(level)}: ${levelRule(method, scope)}.`;
}
