/**
 * Recommended controls: a control is recommended when a visible, scored question
 * lists it with `belowLevel` and the answer's level is below that. As in scoring and
 * in RecommendationSchema's contract, an unanswered question counts as level 0 (so it
 * recommends too); "not applicable" never does. Each control appears once, with every
 * question and domain that called for it.
 */
import type { Answers } from '../questionnaire/answers';
import { frameworkLabel, type Questionnaire } from '../questionnaire/model';
import { answerLevel, isScored } from '../scoring/score';
import type { DomainRow, RecommendedControl } from './types';

const RANK = { low: 1, medium: 2, high: 3 } as const;

/** Impact over effort: high impact for low effort (3) first, low for high (1/3) last. */
export const valueForEffort = (c: Pick<RecommendedControl, 'impact' | 'effort'>) => RANK[c.impact] / RANK[c.effort];

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

  const byDomain = (a: { id: string; score: number }, b: { id: string; score: number }) =>
    a.score - b.score || (domainIndex.get(a.id) ?? 0) - (domainIndex.get(b.id) ?? 0);
  const list = [...found.values()];
  for (const c of list) c.domains.sort(byDomain);

  // A control's place follows the weakest domain it helps; ties keep questionnaire order.
  const weakest = (c: RecommendedControl) => c.domains[0] ?? { id: '', score: 5 };
  return list
    .map((c, order) => ({ c, order }))
    .sort(
      (a, b) =>
        byDomain(weakest(a.c), weakest(b.c)) ||
        valueForEffort(b.c) - valueForEffort(a.c) ||
        RANK[b.c.impact] - RANK[a.c.impact] ||
        a.order - b.order,
    )
    .map(({ c }) => c);
}
