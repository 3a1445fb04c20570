/**
 * A report of the full agent-identity questionnaire for tests and the render benchmark:
 * every visible question answered (spread over the levels), comments long and short,
 * evidence links, two earlier submissions and a cohort. Scores come from the real scoring.
 */
import { loadCatalogue } from '../catalogue/bundled-catalogue';
import { buildReportModel, type ReportModel } from '../../core/report-model';
import { fixtureInput } from '../../core/report-model/test-fixture';
import type { Answers } from '../../core/questionnaire/answers';
import type { Question, Questionnaire } from '../../core/questionnaire/model';
import { visibleQuestionIds } from '../../core/questionnaire/visibility';
import { scoreAssessment } from '../../core/scoring/score';

export const LONG_COMMENT = 'We keep the agent inventory in a spreadsheet that the platform team updates by hand after each release. ';

function answerAt(question: Question, pick: number): Answers[string] {
  switch (question.type) {
    case 'number':
      return { value: question.min + ((question.max - question.min) * (pick % 5)) / 4 };
    case 'text':
      return { value: 'Answered for the report fixture.' };
    case 'multi': {
      const sorted = [...question.options].sort((a, b) => a.level - b.level);
      return { value: sorted.slice(0, 1 + (pick % sorted.length)).map((o) => o.id) };
    }
    default: {
      const sorted = [...question.options].sort((a, b) => a.level - b.level);
      return { value: sorted[pick % sorted.length]!.id };
    }
  }
}

/** Answers every question the answers open (follow-ups included), choosing by `pick`. */
export function answerAll(questionnaire: Questionnaire, pick: (question: Question, index: number) => number): Answers {
  const answers: Answers = {};
  for (let round = 0; round < 5; round++) {
    const visible = visibleQuestionIds(questionnaire.questions, answers);
    questionnaire.questions.forEach((q, i) => {
      if (visible.has(q.id) && !answers[q.id]) answers[q.id] = answerAt(q, pick(q, i));
    });
  }
  const visible = visibleQuestionIds(questionnaire.questions, answers);
  for (const id of Object.keys(answers)) if (!visible.has(id)) delete answers[id];
  return answers;
}

export function fullReportModel(options: { organisationName?: string } = {}): ReportModel {
  const questionnaire = loadCatalogue().get('agent-identity', '1.0.0');
  const answers = answerAll(questionnaire, (q, i) => i + q.id.length);
  Object.keys(answers).forEach((id, i) => {
    if (i % 3 === 0) answers[id] = { ...answers[id]!, comment: LONG_COMMENT.repeat(i % 2 ? 2 : 25), evidence: [`https://wiki.example.com/agents/${id}`] };
  });
  const earlier = (month: number) => {
    const a = answerAll(questionnaire, (_q, i) => (i + month) % 3);
    return { assessmentId: `earlier-${month}`, version: '1.0.0', submittedAt: `2025-0${month}-15T10:00:00.000Z`, scores: scoreAssessment(questionnaire, a) };
  };
  const round = (x: number) => Math.round(x * 100) / 100;
  const domains = Object.fromEntries(questionnaire.domains.map((d, i) => [d.id, { p50: { value: round(2 + i * 0.15), low: round(1.7 + i * 0.15), high: round(2.35 + i * 0.15) } }]));
  const base = fixtureInput();
  return buildReportModel({
    ...base,
    organisation: { ...base.organisation, name: options.organisationName ?? base.organisation.name },
    questionnaire,
    assessment: { id: 'asm-full', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(questionnaire, answers) },
    benchmark: {
      cohort: { questionnaireId: questionnaire.id },
      suppressed: false,
      n: { value: 142, low: 137, high: 147 },
      overall: { percentile: { value: 31, low: 24, high: 39 }, p25: { value: 1.8, low: 1.65, high: 1.95 }, p50: { value: 2.4, low: 2.25, high: 2.55 }, p75: { value: 3.1, low: 2.95, high: 3.25 } },
      domains,
      synthetic: false,
      release: { date: '2026-12-01', period: 'month', epsilon: '1/2', confidence: 0.9 },
    },
    history: [earlier(3), earlier(6)],
  });
}
