/**
 * The controls a submission recommends, as the report shows them (core/report-model): in
 * the roadmap's order, each with its window. No benchmark is needed: the cohort changes
 * neither which controls are recommended nor where the roadmap puts them.
 */
import type { Answers } from '../questionnaire/answers';
import type { Questionnaire } from '../questionnaire/model';
import { visibleQuestionIds } from '../questionnaire/visibility';
import { domainRows } from '../report-model/domains';
import { prerequisitesOf } from '../report-model/prerequisites';
import { recommendControls } from '../report-model/recommendations';
import { roadmap, windowOf } from '../report-model/roadmap';
import type { RecommendedControl } from '../report-model/types';
import type { Scores } from '../scoring/score';

export function recommendedControls(questionnaire: Questionnaire, answers: Answers, scores: Scores): RecommendedControl[] {
  const visible = visibleQuestionIds(questionnaire.questions, answers);
  const domains = domainRows(questionnaire, answers, scores, visible, undefined);
  const found = recommendControls(questionnaire, answers, visible, domains, prerequisitesOf(questionnaire));
  const windows = roadmap(found);
  const placed = windowOf(windows);
  for (const c of found) c.window = placed.get(c.id) ?? 'later';
  // The roadmap read window by window: the report's one ranking (docs/reports.md, "One ranking").
  const place = new Map(windows.flatMap((w) => w.controlIds).map((id, i) => [id, i]));
  return [...found].sort((a, b) => (place.get(a.id) ?? Infinity) - (place.get(b.id) ?? Infinity));
}
