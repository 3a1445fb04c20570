/**
 * Generates complete, valid answer sets for a synthetic population (the demo seeding's and
 * the reference population's): each organisation has
 * a latent maturity, each domain a propensity around it, and each answer follows its
 * domain's propensity, calibrated per domain (functions/core/benchmark/reference/calibration.ts).
 */
import type { Answers } from '../../questionnaire/answers';
import type { Question, Questionnaire } from '../../questionnaire/model';
import { visibleQuestionIds } from '../../questionnaire/visibility';
import { HIGH_SKEW, LATENT_LOADING, lowShareOf } from './calibration';
import { normalCdf, normalQuantile, standardNormal } from './normal';

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
      // The position picks a level; every action up to it is ticked, the basic ones first, so
      // the essential actions (scoring method 2) are never left out below the level reached.
      const levels = [...new Set(question.options.map((o) => o.level))].sort((a, b) => a - b);
      const target = levels[Math.min(levels.length - 1, Math.floor(position * levels.length))]!;
      const lowest = question.options.filter((o) => o.level === levels[0]);
      // The "nothing prepared" answer stands alone: declared `exclusive` (1.2.0 on), or else
      // the single lowest option of older versions.
      const declared = question.options.filter((o) => o.exclusive === true);
      const nothing = declared.length ? declared : lowest.length === 1 ? lowest : [];
      const actions = question.options.filter((o) => !nothing.includes(o));
      const ticked = actions.filter((o) => o.level <= target);
      if (ticked.length === 0 || (target === levels[0] && nothing.length)) return { value: [(nothing[0] ?? lowest[0])!.id] };
      return { value: ticked.map((o) => o.id) };
    }
    case 'number':
      return { value: question.min + Math.round((question.max - question.min) * position) };
    case 'text':
      return { value: 'Synthetic demo answer.' };
  }
}

export interface DemoOptions {
  /** The organisation's latent maturity (standard normal); drawn when absent. */
  maturity?: number;
  /** How strongly domains follow it (calibration.ts); 0 draws each domain on its own. */
  loading?: number;
}

/** How strongly an answer follows its domain's propensity (the rest is the question's own noise). */
const WITHIN_DOMAIN = 0.6;

/**
 * One organisation's answers. A domain is low (answers in the bottom two fifths of their
 * options, so its score stays below 2.5) when its propensity falls below the calibrated
 * quantile, so each domain is low for its calibrated share of organisations while
 * domains correlate through the latent maturity. Strong domains are skewed towards
 * level 3, level 5 is rare (calibration.ts, HIGH_SKEW).
 */
export function demoAnswers(questionnaire: Questionnaire, random: () => number, options: DemoOptions = {}): Answers {
  const loading = options.loading ?? LATENT_LOADING;
  const maturity = options.maturity ?? standardNormal(random);
  const own = Math.sqrt(1 - loading * loading);
  const propensity = new Map(questionnaire.domains.map((d) => [d.id, loading * maturity + own * standardNormal(random)]));
  const threshold = new Map(questionnaire.domains.map((d) => [d.id, normalQuantile(lowShareOf(d.id))]));
  return answersAt(questionnaire, (q) => {
    const x = propensity.get(q.domain) ?? 0;
    // Below 1, so that a low domain never reaches the band above (Φ rounds to 1 far out).
    const u = Math.min(0.999_999, normalCdf(WITHIN_DOMAIN * x + Math.sqrt(1 - WITHIN_DOMAIN ** 2) * standardNormal(random)));
    return x < threshold.get(q.domain)! ? 0.4 * u : 0.4 + 0.6 * u ** HIGH_SKEW;
  });
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
