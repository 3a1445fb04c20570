/** One row per domain: score, level in words, caps, the cohort median and what holds it back. */
import type { Answer, Answers } from '../questionnaire/answers';
import type { Domain, Question, Questionnaire } from '../questionnaire/model';
import { multiLevel } from '../scoring/essential';
import { answerLevel, isScored, type DomainScore, type Scores } from '../scoring/score';
import { answerText } from './answer-text';
import { heldByRow } from './held-by';
import { levelName } from './levels';
import type { CohortDomainMedian, DomainCohort, DomainRow, Figure, HoldingBackAnswer } from './types';

/**
 * Where a score stands against a cohort figure: below or above only when it lies outside the
 * figure's interval; inside it (ends included) the two cannot be told apart.
 */
export function standingAgainst(score: number, figure: Figure): DomainCohort['standing'] {
  if (score < figure.low) return 'below';
  if (score > figure.high) return 'above';
  return 'indistinguishable';
}

/** The unticked essential actions that hold a multi-select answer below its highest tick, if any. */
function essentialMissing(question: Question, answer: Answer | undefined): HoldingBackAnswer['essentialMissing'] {
  if (question.type !== 'multi' || !answer || answer.notApplicable || !Array.isArray(answer.value)) return undefined;
  const held = multiLevel(question.options, answer.value);
  return held?.missing.length ? { unheldLevel: held.unheldLevel, labels: held.missing.map((o) => o.label) } : undefined;
}

const EMPTY_SCORE: DomainScore = { score: 0, level: 1, caps: [], counted: 0, answered: 0 };

/**
 * Answers below the next level, and answers that triggered a cap, capped ones first
 * (they bind hardest), then lowest level first; unanswered counts as 0, as in scoring.
 */
export function holdingBack(questions: readonly Question[], answers: Answers, domainScore: DomainScore, nextLevel: number | undefined): HoldingBackAnswer[] {
  const capLevels = new Map<string, number>();
  for (const cap of domainScore.caps) {
    capLevels.set(cap.question, Math.min(cap.maxLevel, capLevels.get(cap.question) ?? 5));
  }
  const rows: HoldingBackAnswer[] = [];
  for (const question of questions) {
    const answer = answers[question.id];
    const capLevel = capLevels.get(question.id);
    const level = answerLevel(question, answer);
    const essential = essentialMissing(question, answer);
    const counts = isScored(question) && !answer?.notApplicable;
    const belowNext = counts && nextLevel !== undefined && (level ?? 0) < nextLevel;
    if (!belowNext && capLevel === undefined) continue;
    rows.push({
      questionId: question.id,
      prompt: question.prompt,
      answer: answerText(question, answer),
      level,
      ...(capLevel !== undefined ? { capLevel } : {}),
      ...(essential ? { essentialMissing: essential } : {}),
    });
  }
  return rows.sort((a, b) => (a.capLevel ?? 6) - (b.capLevel ?? 6) || (a.level ?? 0) - (b.level ?? 0));
}

export function domainRows(
  questionnaire: Questionnaire,
  answers: Answers,
  scores: Scores,
  visible: ReadonlySet<string>,
  cohort: Record<string, CohortDomainMedian> | undefined,
): DomainRow[] {
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]));
  return questionnaire.domains.map((domain: Domain) => {
    const ds = scores.domains[domain.id] ?? EMPTY_SCORE;
    const nextLevel = ds.level < 5 ? ds.level + 1 : undefined;
    const questions = questionnaire.questions.filter((q) => q.domain === domain.id && visible.has(q.id));
    const median = cohort?.[domain.id]?.p50;
    const heldBy = heldByRow(questionnaire, ds.heldBy);
    return {
      id: domain.id,
      title: domain.title,
      description: domain.description,
      score: ds.score,
      level: ds.level,
      levelName: levelName(ds.level),
      levelDescription: domain.levelDescriptions[ds.level - 1] ?? '',
      ...(heldBy ? { heldBy } : {}),
      nextLevel,
      counted: ds.counted,
      answered: ds.answered,
      caps: ds.caps.map((cap) => ({
        questionId: cap.question,
        prompt: byId.get(cap.question)?.prompt ?? cap.question,
        maxLevel: cap.maxLevel,
        reason: cap.reason,
      })),
      ...(median ? { cohort: { p50: figureOf(median), standing: standingAgainst(ds.score, median) } } : {}),
      holdingBack: holdingBack(questions, answers, ds, nextLevel),
      nextLevelDescription: nextLevel === undefined ? undefined : domain.levelDescriptions[nextLevel - 1],
      // Filled in once the recommendations are known.
      controlIds: [],
    };
  });
}

/** Only the three numbers: callers pass what they parsed, which may hold more. */
export const figureOf = (f: Figure): Figure => ({ value: f.value, low: f.low, high: f.high });
