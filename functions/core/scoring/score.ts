/**
 * Maturity scoring, as written down in docs/scoring.md. Pure: the same questionnaire
 * and answers always give the same scores.
 */
import type { Answer, Answers } from '../questionnaire/answers';
import type { Question, Questionnaire, ScoringMethod } from '../questionnaire/model';
import { round2 } from '../numbers';
import { visibleQuestionIds } from '../questionnaire/visibility';
import { multiLevel } from './essential';

export type { CapApplied, DomainScore, HeldBy, LevelScore, Scores } from './scores';
import type { CapApplied, DomainScore, HeldBy, Scores } from './scores';

export const levelOf = (score: number) => Math.min(5, Math.max(1, Math.floor(score + 1e-9)));

/** The maturity level an answer shows, or undefined when it does not count (unscored type, no value). */
export function answerLevel(question: Question, answer: Answer | undefined): number | undefined {
  if (!answer || answer.notApplicable || answer.value === undefined) return undefined;
  const value = answer.value;
  switch (question.type) {
    case 'single':
    case 'scale':
    case 'yesno':
      return question.options.find((o) => o.id === value)?.level;
    case 'multi': {
      if (!Array.isArray(value)) return undefined;
      return multiLevel(question.options, value)?.level;
    }
    case 'number': {
      if (typeof value !== 'number') return undefined;
      const bands = [...question.bands].sort((a, b) => a.min - b.min);
      let level: number | undefined;
      for (const band of bands) if (value >= band.min) level = band.level;
      return level ?? 1;
    }
    case 'text':
      return undefined;
  }
}

/** True when a question contributes to its domain's score at all. */
export const isScored = (q: Question) => q.type !== 'text' && q.weight > 0;

interface TriggeredCap extends CapApplied {
  scope: 'domain' | 'overall';
}

function capsFor(question: Question, answer: Answer | undefined): TriggeredCap[] {
  if (!answer || answer.notApplicable) return [];
  const chosen = typeof answer.value === 'string' ? [answer.value] : Array.isArray(answer.value) ? answer.value : [];
  return question.caps
    .filter((cap) => cap.options.some((o) => chosen.includes(o)))
    .map((cap) => ({ question: question.id, maxLevel: cap.maxLevel, reason: cap.reason, scope: cap.scope ?? 'domain' }));
}

/** The first of the lowest caps, the one a report names. */
const bindingCap = <T extends CapApplied>(caps: readonly T[]): T | undefined =>
  caps.reduce<T | undefined>((low, cap) => (low === undefined || cap.maxLevel < low.maxLevel ? cap : low), undefined);

interface Bound {
  level: number;
  question?: string;
  domain?: string;
}

/** A level held by a cap and, in method 2, a weakest-link bound; names what bound it when it is below `unheld`. */
function holdLevel(unheld: number, cap: Bound | undefined, weakest: Bound | undefined): { level: number; heldBy?: HeldBy } {
  const capLevel = cap?.level ?? 5;
  const bound = weakest?.level ?? 5;
  const level = Math.max(1, Math.min(unheld, capLevel, bound));
  if (level >= unheld) return { level };
  // A cap binding as low as the weakest link is the one named: it carries a reason to act on.
  const by = cap && capLevel <= bound ? cap : weakest!;
  const heldBy: HeldBy = { rule: by === cap ? 'cap' : 'weakest-link', unheldLevel: unheld };
  if (by.question !== undefined) heldBy.question = by.question;
  if (by.domain !== undefined) heldBy.domain = by.domain;
  return { level, heldBy };
}

export interface WhatIf {
  /** Questions taken to be answered at least at this level: their caps no longer apply. */
  raised?: ReadonlyMap<string, number>;
  /** The visible questions, when the caller has them already (the answers decide otherwise). */
  visible?: ReadonlySet<string>;
}

/**
 * Scores the answers with the questionnaire's method (absent: 1); with `whatIf.raised`,
 * the scores they would get if some answers were better (the report's estimate of what a
 * control gains). Visibility stays as answered.
 */
export function scoreAssessment(questionnaire: Questionnaire, answers: Answers, whatIf: WhatIf = {}): Scores & { method: ScoringMethod } {
  const method: ScoringMethod = questionnaire.scoringMethod ?? 1;
  const visible = whatIf.visible ?? visibleQuestionIds(questionnaire.questions, answers);
  const raised = whatIf.raised;
  const domains: Record<string, DomainScore> = {};
  const overallCaps: (CapApplied & { domain: string })[] = [];
  let weakestDomain: { level: number; domain: string } | undefined;
  let overallWeighted = 0;
  let overallWeight = 0;

  for (const domain of questionnaire.domains) {
    let weighted = 0;
    let weight = 0;
    let counted = 0;
    let answered = 0;
    let weakest: { level: number; question: string } | undefined;
    const caps: CapApplied[] = [];
    for (const question of questionnaire.questions) {
      if (question.domain !== domain.id || !visible.has(question.id)) continue;
      const answer = answers[question.id];
      const target = raised?.get(question.id);
      if (target === undefined)
        for (const { scope, ...cap } of capsFor(question, answer)) {
          if (scope === 'overall') overallCaps.push({ ...cap, domain: domain.id });
          else caps.push(cap);
        }
      if (!isScored(question) || answer?.notApplicable) continue;
      counted += 1;
      const answeredLevel = answerLevel(question, answer);
      const level = target === undefined ? answeredLevel : Math.max(answeredLevel ?? 0, target);
      if (level !== undefined) answered += 1;
      weighted += question.weight * (level ?? 0);
      weight += question.weight;
      // Unanswered counts as 0 here as in the mean: a draft's gap holds the level at 1.
      if (weakest === undefined || (level ?? 0) < weakest.level) weakest = { level: level ?? 0, question: question.id };
    }
    const mean = weight > 0 ? weighted / weight : 0;
    const cap = bindingCap(caps);
    // A cap holds the score too; the weakest link only the level, so progress stays visible.
    const score = round2(Math.min(mean, cap?.maxLevel ?? 5));
    const { level, heldBy } = holdLevel(
      levelOf(round2(mean)),
      cap && { level: cap.maxLevel, question: cap.question },
      method === 2 && weakest ? { level: weakest.level + 1, question: weakest.question } : undefined,
    );
    domains[domain.id] = { score, level, ...(heldBy ? { heldBy } : {}), caps, counted, answered };
    if (counted > 0) {
      overallWeighted += domain.weight * score;
      overallWeight += domain.weight;
      if (weakestDomain === undefined || level < weakestDomain.level) weakestDomain = { level, domain: domain.id };
    }
  }

  const mean = overallWeight > 0 ? overallWeighted / overallWeight : 0;
  const cap = bindingCap(overallCaps);
  const score = round2(Math.min(mean, cap?.maxLevel ?? 5));
  const { level, heldBy } = holdLevel(
    levelOf(round2(mean)),
    cap && { level: cap.maxLevel, question: cap.question, domain: cap.domain },
    method === 2 && weakestDomain ? { level: weakestDomain.level + 1, domain: weakestDomain.domain } : undefined,
  );
  return { method, overall: { score, level, ...(heldBy ? { heldBy } : {}) }, domains };
}
