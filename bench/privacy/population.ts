/**
 * Who is in an attacked cohort: honest members answer like the demo data
 * (functions/core/benchmark/reference/answers.ts, calibrated per domain), fakes answer every question at its
 * lowest or highest level, and victims come from one of two populations: spread over the
 * whole scale (the default) or like the demo data. The prior is what an attacker knows
 * without any released figure: the distribution of victims' scores, from which the best
 * blind guesses come.
 *
 * Why victims spread over the scale by default: demo-like organisations are so alike that
 * the blind guess (their median score) is already within 0.60 of a victim's score in the
 * median, close to the 0.5 error bar, so with them the bar measures the population more
 * than the defence. Spread victims make the blind guess poor and leave the released
 * figures as the only way to do better.
 */
import type { Answers } from '../../functions/core/questionnaire/answers';
import type { Questionnaire } from '../../functions/core/questionnaire/model';
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import { scoreAssessment } from '../../functions/core/scoring/score';
import { answersAt, demoAnswers, seededRandom } from '../../functions/core/benchmark/reference/answers';

/** A realistic answer set (an honest member, or a demo-like victim). */
export const realisticAnswers = (questionnaire: Questionnaire, random: () => number): Answers => demoAnswers(questionnaire, random);

/** Half the width of the band a spread victim's answers fall in, around its own maturity. */
const SPREAD_BAND = 0.15;

/** A victim anywhere on the scale: one maturity per organisation, uniform in [0, 1), its answers within ±0.15 of it. */
export function spreadAnswers(questionnaire: Questionnaire, random: () => number): Answers {
  const maturity = random();
  return answersAt(questionnaire, () => Math.min(0.999, Math.max(0, maturity + (random() * 2 - 1) * SPREAD_BAND)));
}

export type VictimPopulation = 'spread' | 'demo';

export const VICTIMS: Record<VictimPopulation, { describe: string; answers: (questionnaire: Questionnaire, random: () => number) => Answers }> = {
  spread: { describe: 'Victims are spread over the whole scale (one maturity per organisation, uniform, answers within ±0.15 of it)', answers: spreadAnswers },
  demo: { describe: 'Victims answer like the demo data', answers: realisticAnswers },
};

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
        answers[q.id] = {
          value: q.type === 'multi' ? (end === 'lowest' ? [pick.id] : sorted.filter((o) => o.level === pick.level).map((o) => o.id)) : pick.id,
        };
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
  /** The median absolute error of the blind point guess. */
  medianError: number;
}

/** The prior of victims' overall scores, from `draws` answer sets of the victims' generator. */
export function priorOf(questionnaire: Questionnaire, victims: VictimPopulation, draws = 20_000, seed = 7): Prior {
  const random = seededRandom(seed);
  const scores = Array.from({ length: draws }, () => scoreAssessment(questionnaire, VICTIMS[victims].answers(questionnaire, random)).overall.score).sort(
    (a, b) => a - b,
  );
  const bins = new Array<number>(10).fill(0);
  for (const s of scores) bins[halfLevelBin(s)]! += 1;
  const modeBin = bins.indexOf(Math.max(...bins));
  const median = scores[Math.floor(scores.length / 2)]!;
  const errors = scores.map((s) => Math.abs(s - median)).sort((a, b) => a - b);
  return { median, modeBin, modeBinRate: bins[modeBin]! / draws, medianError: errors[Math.floor(draws / 2)]! };
}
