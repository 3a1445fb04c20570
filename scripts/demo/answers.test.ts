/**
 * The synthetic population (seeded, so deterministic): valid answers on the latest
 * published version, domains correlated through the latent maturity, few level 5s,
 * coherent multi-selects, and the calibration targets met.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import type { Answers } from '../../functions/core/questionnaire/answers';
import { checkAnswers, missingAnswers } from '../../functions/core/questionnaire/answer-check';
import type { Question } from '../../functions/core/questionnaire/model';
import { visibleQuestionIds } from '../../functions/core/questionnaire/visibility';
import { multiLevel } from '../../functions/core/scoring/essential';
import { answerLevel, scoreAssessment } from '../../functions/core/scoring/score';
import { answerAt, demoAnswers, seededRandom } from '../../functions/core/benchmark/reference/answers';
import { LOW_SHARE, QUESTION_TARGETS } from '../../functions/core/benchmark/reference/calibration';
import { demoQuestionnaire } from './questionnaire';

const questionnaire = demoQuestionnaire(loadCatalogue());
const ORGANISATIONS = 800;

function population(options: { loading?: number } = {}, seed = 2026) {
  const random = seededRandom(seed);
  return Array.from({ length: ORGANISATIONS }, () => {
    const answers = demoAnswers(questionnaire, random, options);
    return { answers, scores: scoreAssessment(questionnaire, answers) };
  });
}
const seeded = population();

function pearson(xs: number[], ys: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** The correlation of every pair of domain scores across a population. */
function domainCorrelations(people: typeof seeded): number[] {
  const domains = questionnaire.domains.map((d) => d.id);
  const pairs: number[] = [];
  for (let i = 0; i < domains.length; i++)
    for (let j = i + 1; j < domains.length; j++)
      pairs.push(
        pearson(
          people.map((p) => p.scores.domains[domains[i]!]!.score),
          people.map((p) => p.scores.domains[domains[j]!]!.score),
        ),
      );
  return pairs;
}
const average = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const share = (count: number) => count / ORGANISATIONS;

describe('the synthetic population', () => {
  it('is seeded on the latest published version', () => {
    const latest = loadCatalogue()
      .list()
      .find((s) => s.id === 'agent-identity')!.latest;
    expect(questionnaire.version).toBe(latest);
    expect(questionnaire.status).toBe('published');
  });

  it('answers every visible required question validly, and nothing hidden', () => {
    for (const { answers } of seeded) {
      expect(checkAnswers(questionnaire, answers)).toEqual([]);
      expect(missingAnswers(questionnaire, answers)).toEqual([]);
      const visible = visibleQuestionIds(questionnaire.questions, answers);
      expect(Object.keys(answers).filter((id) => !visible.has(id))).toEqual([]);
    }
  });

  it('is the same population for the same seed', () => {
    expect(population({}, 2026).map((p) => p.answers)).toEqual(seeded.map((p) => p.answers));
    expect(population({}, 2027).map((p) => p.answers)).not.toEqual(seeded.map((p) => p.answers));
  });

  it('correlates domains through the latent maturity, where independent draws would not', () => {
    const correlated = domainCorrelations(seeded);
    expect(average(correlated)).toBeGreaterThan(0.3);
    expect(Math.min(...correlated)).toBeGreaterThan(0.2);
    const independent = domainCorrelations(population({ loading: 0 }));
    expect(Math.abs(average(independent))).toBeLessThan(0.05);
  });

  it('puts almost no organisation at level 5, and most below "Defined"', () => {
    const levels = seeded.map((p) => p.scores.overall.level);
    // Target (calibration.ts, HIGH_SKEW): overall level 5 at most 1%, level 4 a few percent.
    expect(share(levels.filter((l) => l === 5).length)).toBeLessThanOrEqual(0.01);
    expect(share(levels.filter((l) => l >= 4).length)).toBeLessThan(0.05);
    expect(share(levels.filter((l) => l <= 2).length)).toBeGreaterThan(0.6);
    for (const domain of questionnaire.domains) expect(share(seeded.filter((p) => p.scores.domains[domain.id]!.level === 5).length)).toBeLessThan(0.03);
  });

  it('answers strong practices mostly at "Defined", rarely at level 5', () => {
    const count = [0, 0, 0, 0, 0, 0];
    for (const { answers } of seeded)
      for (const question of questionnaire.questions) {
        const level = question.weight > 0 ? answerLevel(question, answers[question.id]) : undefined;
        if (level !== undefined) count[level]! += 1;
      }
    const total = count.reduce((a, b) => a + b, 0);
    // Uniform draws above "Defined" would give level 5 as often as level 3 (about 12% of answers).
    expect(count[5]! / total).toBeLessThan(0.09);
    expect(count[5]!).toBeLessThan(0.5 * count[3]!);
    expect(count[4]!).toBeLessThan(count[3]!);
  });

  it('answers low in each domain as often as its calibration target says', () => {
    for (const domain of questionnaire.domains) {
      const target = LOW_SHARE[domain.id];
      if (!target) continue;
      const low = share(seeded.filter((p) => p.scores.domains[domain.id]!.score < 2.5).length);
      expect(Math.abs(low - target.share), domain.id).toBeLessThan(0.06);
    }
    for (const target of QUESTION_TARGETS) {
      const question = questionnaire.questions.find((q) => q.id === target.question);
      if (!question) continue;
      const atLeast = share(seeded.filter((p) => (answerLevel(question, p.answers[question.id]) ?? 0) >= target.atLeast).length);
      expect(Math.abs(atLeast - target.share), target.question).toBeLessThan(0.05);
    }
  });
});

/**
 * A multi-select answer is coherent: "nothing" (declared `exclusive`, or the single lowest
 * option of older versions) alone, actions ticked from the basic up, and no essential
 * action left out below the level reached, so no answer is held down by its own gaps.
 */
function expectCoherent(question: Extract<Question, { type: 'multi' }>, ticked: string[]) {
  const lowest = Math.min(...question.options.map((o) => o.level));
  const declared = question.options.filter((o) => o.exclusive === true);
  const lowestOptions = question.options.filter((o) => o.level === lowest);
  const nothing = declared.length ? declared : lowestOptions.length === 1 ? lowestOptions : [];
  for (const none of nothing) if (ticked.includes(none.id)) expect(ticked).toEqual([none.id]);
  const top = Math.max(...question.options.filter((o) => ticked.includes(o.id)).map((o) => o.level));
  const below = question.options.filter((o) => o.level < top && !nothing.includes(o));
  expect(below.filter((o) => !ticked.includes(o.id)).map((o) => o.id)).toEqual([]);
  expect(multiLevel(question.options, ticked)!.missing.map((o) => o.id)).toEqual([]);
}

describe('multi-select answers', () => {
  const multis = questionnaire.questions.filter((q): q is Extract<Question, { type: 'multi' }> => q.type === 'multi');

  it('exist in the version the demo is seeded on, with a "none" option and essential actions', () => {
    expect(multis.length).toBeGreaterThan(0);
    // 1.2.0's containment actions: the generator must respect both (checked in expectCoherent).
    expect(multis.some((q) => q.options.some((o) => o.exclusive === true))).toBe(true);
    expect(multis.some((q) => q.options.some((o) => o.essential === true))).toBe(true);
  });

  it('never tick "none prepared" with an action, and tick actions in order at every position', () => {
    for (const question of multis)
      for (let position = 0; position < 1; position += 0.01) {
        const ticked = answerAt(question, position).value as string[];
        expect(ticked.length).toBeGreaterThan(0);
        expectCoherent(question, ticked);
      }
  });

  it('are coherent across the whole population, and use both ends of the options', () => {
    for (const question of multis) {
      const answers = seeded.map((p) => p.answers[question.id]).filter((a): a is Answers[string] => a !== undefined);
      for (const answer of answers) expectCoherent(question, answer.value as string[]);
      const levels = new Set(answers.map((a) => answerLevel(question, a)));
      expect(levels.has(Math.min(...question.options.map((o) => o.level)))).toBe(true);
      expect(levels.size).toBeGreaterThan(2);
    }
  });
});
