/**
 * Recommended controls: a control is recommended when a visible, scored question
 * lists it with `belowLevel` and the answer's level is below that. As in scoring and
 * in RecommendationSchema's contract, an unanswered question counts as level 0 (so it
 * recommends too); "not applicable" never does. Each control appears once, with every
 * question and domain that called for it, and the recommended controls it builds on.
 */
import type { Answers } from '../questionnaire/answers';
import { frameworkLabel, type Question, type Questionnaire } from '../questionnaire/model';
import { round2 } from '../numbers';
import { answerLevel, isScored } from '../scoring/score';
import type { PrerequisiteTable } from './prerequisites';
import { overallWithRaisedAnswers } from './projection';
import type { DomainRow, RecommendedControl } from './types';

const RANK = { low: 1, medium: 2, high: 3 } as const;

/** Impact over effort: high impact for low effort (3) first, low for high (1/3) last. */
export const valueForEffort = (c: Pick<RecommendedControl, 'impact' | 'effort'>) => RANK[c.impact] / RANK[c.effort];

/** Effort in points for the gain per effort and the roadmap's capacity: low 1, medium 2, high 3. */
export const effortPoints = (effort: RecommendedControl['effort']) => RANK[effort];

/** The most points one control can take: a roadmap window must hold at least this much. */
export const MAX_EFFORT_POINTS = RANK.high;

/** The levels an answer to the question can show, ascending. */
function reachableLevels(question: Question): number[] {
  const levels = 'options' in question ? question.options.map((o) => o.level) : question.type === 'number' ? [1, ...question.bands.map((b) => b.level)] : [];
  return [...new Set(levels)].sort((a, b) => a - b);
}

/**
 * The level one step up from `level` (0 when unanswered): the lowest level an answer to
 * the question can show above it, not beyond the `belowLevel` the control is recommended
 * below. A question with no higher option steps by one.
 */
export function nextLevel(question: Question, level: number, belowLevel: number): number {
  const next = reachableLevels(question).find((l) => l > level) ?? level + 1;
  return Math.min(next, belowLevel);
}

/** The first step on the ladder a control is recommended for: its lowest `belowLevel` (foundational controls are lower). */
export const firstStep = (c: Pick<RecommendedControl, 'triggeredBy'>) => Math.min(...c.triggeredBy.map((t) => t.belowLevel));

export function recommendControls(
  questionnaire: Questionnaire,
  answers: Answers,
  visible: ReadonlySet<string>,
  domains: readonly DomainRow[],
  prerequisites: PrerequisiteTable = {},
): RecommendedControl[] {
  const controls = new Map(questionnaire.controls.map((c) => [c.id, c]));
  const domainIndex = new Map(domains.map((d, i) => [d.id, i]));
  const found = new Map<string, RecommendedControl>();
  // Per control: question id → the level its answer would reach with the control in place.
  const raisedBy = new Map<string, Map<string, number>>();

  for (const question of questionnaire.questions) {
    const answer = answers[question.id];
    if (!visible.has(question.id) || !isScored(question) || answer?.notApplicable) continue;
    const level = answerLevel(question, answer);
    for (const rec of question.recommendations) {
      const control = controls.get(rec.control);
      if (!control || (level ?? 0) >= rec.belowLevel) continue;
      let entry = found.get(control.id);
      if (!entry) {
        entry = {
          id: control.id,
          title: control.title,
          action: control.action,
          effort: control.effort,
          impact: control.impact,
          frameworks: control.frameworks.map(frameworkLabel),
          domains: [],
          triggeredBy: [],
          prerequisites: [],
          scoreGain: 0,
          gainPerEffort: 0,
          // Set by the roadmap (./roadmap.ts), which needs every control's gain first.
          window: 'later',
          ...(control.stage ? { stage: control.stage } : {}),
        };
        found.set(control.id, entry);
        raisedBy.set(control.id, new Map());
      }
      entry.triggeredBy.push({ questionId: question.id, prompt: question.prompt, domainId: question.domain, level, belowLevel: rec.belowLevel });
      const raised = raisedBy.get(control.id)!;
      raised.set(question.id, Math.max(raised.get(question.id) ?? 0, nextLevel(question, level ?? 0, rec.belowLevel)));
      const domain = domains[domainIndex.get(question.domain) ?? -1];
      if (domain && !entry.domains.some((d) => d.id === domain.id)) {
        entry.domains.push({ id: domain.id, title: domain.title, score: domain.score });
      }
    }
  }

  // One step up, not to belowLevel: an organisation at level 1 gains from the control that
  // gets it to level 2, which is where a practitioner starts (docs/reports.md).
  const current = overallWithRaisedAnswers(questionnaire, answers, visible, new Map());
  for (const entry of found.values()) {
    entry.scoreGain = round2(Math.max(0, overallWithRaisedAnswers(questionnaire, answers, visible, raisedBy.get(entry.id)!) - current));
    entry.gainPerEffort = round2(entry.scoreGain / effortPoints(entry.effort));
    // Prerequisites the answers already meet (not recommended) hold nothing up.
    entry.prerequisites = (prerequisites[entry.id] ?? []).filter((id) => found.has(id));
  }

  const byDomain = (a: { id: string; score: number }, b: { id: string; score: number }) =>
    a.score - b.score || (domainIndex.get(a.id) ?? 0) - (domainIndex.get(b.id) ?? 0);
  const list = [...found.values()];
  for (const c of list) c.domains.sort(byDomain);

  // A control's place follows the weakest domain it helps; then impact over effort, the
  // earlier step on the ladder, and questionnaire order.
  const weakest = (c: RecommendedControl) => c.domains[0] ?? { id: '', score: 5 };
  return list
    .map((c, order) => ({ c, order }))
    .sort(
      (a, b) =>
        byDomain(weakest(a.c), weakest(b.c)) ||
        valueForEffort(b.c) - valueForEffort(a.c) ||
        RANK[b.c.impact] - RANK[a.c.impact] ||
        firstStep(a.c) - firstStep(b.c) ||
        a.order - b.order,
    )
    .map(({ c }) => c);
}
