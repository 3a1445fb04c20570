/**
 * Who is in an attacked cohort: victims and honest members answer like the demo data
 * (scripts/demo/answers.ts, calibrated per domain), fakes answer every question at its
 * lowest or highest level. The prior is what an attacker knows without any released
 * figure: the distribution of victims' scores, from which the best blind guesses come.
 */
import type { Answers } from '../../functions/core/questionnaire/answers';
import type { Questionnaire } from '../../functions/core/questionnaire/model';
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import { scoreAssessment } from '../../functions/core/scoring/score';
import { demoAnswers, seededRandom } from '../../scripts/demo/answers';

/** A realistic answer set (a victim or an honest member). */
export const realisticAnswers = (questionnaire: Questionnaire, random: () => number): Answers => demoAnswers(questionnaire, random);

/** Every asked question at its lowest or highest option (numbers at their minimum or maximum). */
export function extremeAnswers(questionnaire: Questionnaire, end: 'lowest' | 'highest'): Answers {
  const answers: Answers = {};
  for (let round = 0; round < 5; round++) {
    const visible = visibleQuestionIds(questionnaire.questions, answers);
    for (const q of questionnaire.questions) {
      if (!visible.has(q.id) || answers[q.id]) continue;
      if (q.type === 'number') answers[q.id] = { value: end === 'lowest' ? q.min : q.max };
      else if (q.type === 'text') answers[q.id] = { value: 'A fake organisation.' };
      else {
        const sorted = [...q.options].sort((a, b) => a.level - b.level);
        const pick = end === 'lowest' ? sorted[0]! : sorted.at(-1)!;
        answers[q.id] = { value: q.type === 'multi' ? (end === 'lowest' ? [pick.id] : sorted.filter((o) => o.level === pick.level).map((o) => o.id)) : pick.id };
      }
    }
  }
  const visible = visibleQuestionIds(questionnaire.questions, answers);
  for (const id of Object.keys(answers)) if (!visible.has(id)) delete answers[id];
  return answers;
}

/** The half-level bin of a score: [0, 0.5) is 0, …, [4.5, 5] is 9. */
export const halfLevelBin = (score: number) => Math.min(9, Math.floor(score * 2 + 1e-9));

export interface Prior {
  /** The best point guess without figures, for absolute error: the median victim score. */
  median: number;
  /** The best bin guess without figures: the most likely half-level bin, and how often it is right. */
  modeBin: number;
  modeBinRate: number;
}

/** The prior of victims' overall scores, from `draws` answer sets of the victims' generator. */
export function priorOf(questionnaire: Questionnaire, draws = 20_000, seed = 7): Prior {
  const random = seededRandom(seed);
  const scores = Array.from({ length: draws }, () => scoreAssessment(questionnaire, realisticAnswers(questionnaire, random)).overall.score).sort((a, b) => a - b);
  const bins = new Array<number>(10).fill(0);
  for (const s of scores) bins[halfLevelBin(s)]! += 1;
  const modeBin = bins.indexOf(Math.max(...bins));
  return { median: scores[Math.floor(scores.length / 2)]!, modeBin, modeBinRate: bins[modeBin]! / draws };
}
