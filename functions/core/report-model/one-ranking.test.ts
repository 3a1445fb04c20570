/**
 * One ranking of the recommended controls for every reader (issue 18): the list in
 * report.json (which the web app shows), the roadmap the PDF prints and the executive
 * summary's quick wins all come in the same order, so their first actions agree.
 */
import { describe, expect, it } from 'vitest';
import doc from '../../../questionnaires/agent-identity/1.2.0.json';
import { fixtureAnswers, fixtureInput, fixtureQuestionnaire } from '../../../test/fixtures/report-model';
import type { Answers } from '../questionnaire/answers';
import { type Questionnaire, QuestionnaireSchema } from '../questionnaire/model';
import { scoreAssessment } from '../scoring/score';
import { buildReportModel } from './build';
import type { ReportModel } from './types';

const catalogue = QuestionnaireSchema.parse(doc);

function report(questionnaire: Questionnaire, answers: Answers): ReportModel {
  const assessment = { id: 'asm-rank', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(questionnaire, answers) };
  return buildReportModel(fixtureInput({ questionnaire, benchmark: undefined, history: [], assessment }));
}

/** Every option question answered at the level `pick` gives it (the nearest option at or above it). */
function profile(pick: (domain: string, indexInDomain: number) => number): Answers {
  const answers: Answers = {};
  const seen = new Map<string, number>();
  for (const q of catalogue.questions) {
    if (!('options' in q)) continue;
    const index = seen.get(q.domain) ?? 0;
    seen.set(q.domain, index + 1);
    const level = pick(q.domain, index);
    const option = q.options.find((o) => o.level === level) ?? q.options.find((o) => o.level >= level) ?? q.options[0]!;
    answers[q.id] = { value: q.type === 'multi' ? [option.id] : option.id };
  }
  return answers;
}

const PROFILES: [string, () => ReportModel][] = [
  ['the small fixture', () => report(fixtureQuestionnaire, fixtureAnswers)],
  [
    'level 1 everywhere',
    () =>
      report(
        catalogue,
        profile(() => 1),
      ),
  ],
  [
    'level 2 everywhere',
    () =>
      report(
        catalogue,
        profile(() => 2),
      ),
  ],
  [
    'strong identity, no audit trail',
    () =>
      report(
        catalogue,
        profile((d) => (d === 'auditing' ? 1 : 4)),
      ),
  ],
  [
    'one weak answer per domain',
    () =>
      report(
        catalogue,
        profile((_d, i) => (i === 0 ? 1 : 3)),
      ),
  ],
  [
    'mixed answers',
    () =>
      report(
        catalogue,
        profile((_d, i) => [1, 2, 3, 4, 2, 3][i % 6]!),
      ),
  ],
];

describe('one ranking of the recommended controls', () => {
  it.each(PROFILES)('%s: report.json, the roadmap and the quick wins start with the same three actions', (_name, make) => {
    const model = make();
    const listed = model.recommendations.map((c) => c.id);
    const planned = model.roadmap.flatMap((w) => w.controlIds);
    expect(listed.length).toBeGreaterThan(3);
    // The list is the roadmap read window by window: one order, not two.
    expect(listed).toEqual(planned);
    expect(model.summary.quickWinIds.length).toBe(3);
    expect(listed.slice(0, 3)).toEqual(model.summary.quickWinIds);
    expect(planned.slice(0, 3)).toEqual(model.summary.quickWinIds);
  });

  it.each(PROFILES)('%s: the list runs window by window, and each domain lists its controls in the same order', (_name, make) => {
    const model = make();
    const order = [30, 60, 90, 'later'];
    const windows = model.recommendations.map((c) => order.indexOf(c.window));
    expect(windows).toEqual([...windows].sort((a, b) => a - b));
    const listed = model.recommendations.map((c) => c.id);
    for (const d of model.domains) expect(d.controlIds).toEqual(listed.filter((id) => d.controlIds.includes(id)));
  });
});
