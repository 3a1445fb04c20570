/**
 * Maturity scoring, as written down in docs/scoring.md. Pure: the same questionnaire
 * and answers always give the same scores.
 */
import type { Answer, Answers } from '../questionnaire/answers';
import type { Question, Questionnaire } from '../questionnaire/model';
import { round2 } from '../numbers';
import { visibleQuestionIds } from '../questionnaire/visibility';

export type { CapApplied, DomainScore, LevelScore, Scores } from './scores';
import type { CapApplied, DomainScore, Scores } from './scores';

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
      const levels = question.options.filter((o) => value.includes(o.id)).map((o) => o.level);
      return levels.length ? Math.max(...levels) : undefined;
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

function capsFor(question: Question, answer: Answer | undefined): CapApplied[] {
  if (!answer || answer.notApplicable) return [];
  const chosen = typeof answer.value === 'string' ? [answer.value] : Array.isArray(answer.value) ? answer.value : [];
  return question.caps
    .filter((cap) => cap.options.some((o) => chosen.includes(o)))
    .map((cap) => ({ question: question.id, maxLevel: cap.maxLevel, reason: cap.reason }));
}

export interface WhatIf {
  /** Questions taken to be answered at least at this level: their caps no longer apply. */
  raised?: ReadonlyMap<string, number>;
  /** The visible questions, when the caller has them already (the answers decide otherwise). */
  visible?: ReadonlySet<string>;
}

/**
 * Scores the answers; with `whatIf.raised`, the scores they would get if some answers
 * were better (the report's estimate of what a control gains). Visibility stays as answered.
 */
export function scoreAssessment(questionnaire: Questionnaire, answers: Answers, whatIf: WhatIf = {}): Scores {
  const visible = whatIf.visible ?? visibleQuestionIds(questionnaire.questions, answers);
  const raised = whatIf.raised;
  const domains: Record<string, DomainScore> = {};
  let overallWeighted = 0;
  let overallWeight = 0;

  for (const domain of questionnaire.domains) {
    let weighted = 0;
    let weight = 0;
    let counted = 0;
    let answered = 0;
    const caps: CapApplied[] = [];
    for (const question of questionnaire.questions) {
      if (question.domain !== domain.id || !visible.has(question.id)) continue;
      const answer = answers[question.id];
      const target = raised?.get(question.id);
      if (target === undefined) caps.push(...capsFor(question, answer));
      if (!isScored(question) || answer?.notApplicable) continue;
      counted += 1;
      const answeredLevel = answerLevel(question, answer);
      const level = target === undefined ? answeredLevel : Math.max(answeredLevel ?? 0, target);
      if (level !== undefined) answered += 1;
      weighted += question.weight * (level ?? 0);
      weight += question.weight;
    }
    const mean = weight > 0 ? weighted / weight : 0;
    const cap = caps.length ? Math.min(...caps.map((c) => c.maxLevel)) : 5;
    const score = round2(Math.min(mean, cap));
    domains[domain.id] = { score, level: Math.min(levelOf(score), cap), caps, counted, answered };
    if (counted > 0) {
      overallWeighted += domain.weight * score;
      overallWeight += domain.weight;
    }
  }

  const overall = round2(overallWeight > 0 ? overallWeighted / overallWeight : 0);
  return { overall: { score: overall, level: levelOf(overall) }, domains };
}
