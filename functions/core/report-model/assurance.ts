/**
 * Assurance in the report (issue 20, docs/evidence.md, "Assurance"): how many of the answers
 * given rest on imported evidence, overall and per domain, and which answers the submit
 * flagged as contradicting an import, in the options' words.
 */
import { assuranceCounts, type EvidenceFlag } from '../evidence/assurance';
import type { AssuredAnswer, AssuredAnswers } from '../questionnaire/answers';
import { hasOptions, type Question, type Questionnaire } from '../questionnaire/model';
import { answerText } from './answer-text';
import { shownText } from './shown-text';
import type { ReportAssurance } from './types';

const isAnswered = (answer: AssuredAnswer | undefined): answer is AssuredAnswer =>
  answer !== undefined && (answer.notApplicable === true || answer.value !== undefined);

/** An option id in its label's words (an id no longer in the questionnaire is shown as it is). */
export const optionWords = (question: Question, id: string) =>
  (hasOptions(question) ? question.options.find((o) => o.id === id)?.label : undefined) ?? shownText(id);

export function reportAssurance(
  questionnaire: Questionnaire,
  answers: AssuredAnswers,
  visible: ReadonlySet<string>,
  flags: readonly EvidenceFlag[] = [],
): ReportAssurance {
  const given = (questions: readonly Question[]) =>
    questions
      .filter((q) => visible.has(q.id))
      .map((q) => answers[q.id])
      .filter(isAnswered);
  const counts = (questions: readonly Question[]) => assuranceCounts(given(questions));
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]));
  const order = new Map(questionnaire.questions.map((q, i) => [q.id, i]));
  return {
    ...counts(questionnaire.questions),
    domains: questionnaire.domains.map((d) => ({ domainId: d.id, title: d.title, ...counts(questionnaire.questions.filter((q) => q.domain === d.id)) })),
    flags: [...flags]
      .filter((f) => byId.has(f.questionId))
      .sort((a, b) => order.get(a.questionId)! - order.get(b.questionId)!)
      .map((f) => {
        const question = byId.get(f.questionId)!;
        const answer = answers[f.questionId];
        return {
          questionId: f.questionId,
          domainId: question.domain,
          prompt: question.prompt,
          proposed: optionWords(question, f.proposed),
          answered: answerText(question, answer),
          reason: answer?.assuranceReason ? shownText(answer.assuranceReason) : null,
        };
      }),
  };
}
