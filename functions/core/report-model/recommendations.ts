/**
 * Recommended controls: a control is recommended when a visible, scored question
 * lists it with `belowLevel` and the answer's level is below that. As in scoring and
 * in RecommendationSchema's contract, an unanswered question counts as level 0 (so it
 * recommends too); "not applicable" never does. Each control appears once, with every
 * question and domain that called for it.
 */
import type { Answers } from '../questionnaire/answers';
import { frameworkLabel, type Questionnaire } from '../questionnaire/model';
import { round2 } from '../numbers';
import { answerLevel, isScored } from '../scoring/score';
import { overallWithRaisedAnswers } from './projection';
import type { DomainRow, RecommendedControl, RoadmapDays } from './types';

const RANK = { low: 1, medium: 2, high: 3 } as const;

/** Impact over effort: high impact for low effort (3) first, low for high (1/3) last. */
export const valueForEffort = (c: Pick<RecommendedControl, 'impact' | 'effort'>) => RANK[c.impact] / RANK[c.effort];

/** Effort in points for the gain per effort: low 1, medium 2, high 3. */
export const effortPoints = (effort: RecommendedControl['effort']) => RANK[effort];

/** Impact above effort: 30 days; equal: 60 days; effort above impact: 90 days. */
export function roadmapWindow(c: Pick<RecommendedControl, 'impact' | 'effort'>): RoadmapDays {
  const value = valueForEffort(c);
  return value > 1 ? 30 : value === 1 ? 60 : 90;
}

export function recommendControls(
  questionnaire: Questionnaire,
  answers: Answers,
  visible: ReadonlySet<string>,
  domains: readonly DomainRow[],
): RecommendedControl[] {
  const controls = new Map(questionnaire.controls.map((c) => [c.id, c]));
  const domainIndex = new Map(domains.map((d, i) => [d.id, i]));
  const found = new Map<string, RecommendedControl>();

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
          scoreGain: 0,
          gainPerEffort: 0,
          window: roadmapWindow(control),
        };
        found.set(control.id, entry);
      }
      entry.triggeredBy.push({ questionId: question.id, prompt: question.prompt, domainId: question.domain, level, belowLevel: rec.belowLevel });
      const domain = domains[domainIndex.get(question.domain) ?? -1];
      if (domain && !entry.domains.some((d) => d.id === domain.id)) {
        entry.domains.push({ id: domain.id, title: domain.title, score: domain.score });
      }
    }
  }

  const current = overallWithRaisedAnswers(questionnaire, answers, visible, new Map());
  for (const entry of found.values()) {
    const raised = new Map<string, number>();
    for (const t of entry.triggeredBy) raised.set(t.questionId, Math.max(raised.get(t.questionId) ?? 0, t.belowLevel));
    entry.scoreGain = round2(Math.max(0, overallWithRaisedAnswers(questionnaire, answers, visible, raised) - current));
    entry.gainPerEffort = round2(entry.scoreGain / effortPoints(entry.effort));
  }

  const byDomain = (a: { id: string; score: number }, b: { id: string; score: number }) =>
    a.score - b.score || (domainIndex.get(a.id) ?? 0) - (domainIndex.get(b.id) ?? 0);
  const list = [...found.values()];
  for (const c of list) c.domains.sort(byDomain);

  // A control's place follows the weakest domain it helps; ties keep questionnaire order.
  const weakest = (c: RecommendedControl) => c.domains[0] ?? { id: '', score: 5 };
  return list
    .map((c, order) => ({ c, order }))
    .sort(
      (a, b) => byDomain(weakest(a.c), weakest(b.c)) || valueForEffort(b.c) - valueForEffort(a.c) || RANK[b.c.impact] - RANK[a.c.impact] || a.order - b.order,
    )
    .map(({ c }) => c);
}
