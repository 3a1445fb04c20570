/** Every question with the answer given, its comment and evidence, by domain. */
import type { Answers } from '../questionnaire/answers';
import type { Questionnaire } from '../questionnaire/model';
import { answerLevel } from '../scoring/score';
import { answerText } from './answer-text';
import { shownText } from './shown-text';
import type { AppendixDomain } from './types';

export function appendix(questionnaire: Questionnaire, answers: Answers, visible: ReadonlySet<string>): AppendixDomain[] {
  return questionnaire.domains.map((domain) => ({
    id: domain.id,
    title: domain.title,
    questions: questionnaire.questions
      .filter((q) => q.domain === domain.id)
      .map((q) => {
        const shown = visible.has(q.id);
        const answer = shown ? answers[q.id] : undefined;
        return {
          id: q.id,
          prompt: q.prompt,
          shown,
          answer: shown ? answerText(q, answer) : 'Not asked (a follow-up that the answers did not open)',
          level: answerLevel(q, answer),
          ...(answer?.notApplicable && answer.reason ? { notApplicableReason: shownText(answer.reason) } : {}),
          ...(answer?.comment ? { comment: shownText(answer.comment) } : {}),
          evidence: answer?.evidence ?? [],
        };
      }),
  }));
}
