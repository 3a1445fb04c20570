/** Every question with the answer given, its comment, evidence and assurance, by domain. */
import type { EvidenceFlag } from '../evidence/assurance';
import type { AssuredAnswers } from '../questionnaire/answers';
import type { Question, Questionnaire } from '../questionnaire/model';
import { answerLevel } from '../scoring/score';
import { answerText } from './answer-text';
import { optionWords } from './assurance';
import { shownText } from './shown-text';
import type { AppendixDomain } from './types';

export function appendix(
  questionnaire: Questionnaire,
  answers: AssuredAnswers,
  visible: ReadonlySet<string>,
  flags: readonly EvidenceFlag[] = [],
): AppendixDomain[] {
  const flagged = new Map(flags.map((f) => [f.questionId, f]));
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
          ...assuranceOf(q, answer, shown ? flagged.get(q.id) : undefined),
        };
      }),
  }));
}

/** An answered question's assurance (absent `assurance` counts as self-attested), its evidence or reason, and its flag. */
function assuranceOf(question: Question, answer: AssuredAnswers[string] | undefined, flag: EvidenceFlag | undefined) {
  if (!answer || (answer.value === undefined && !answer.notApplicable)) return {};
  const evidence = answer.assurance === 'evidence' && answer.evidenceSource !== undefined;
  return {
    assurance: evidence ? ('evidence' as const) : ('self-attested' as const),
    ...(evidence ? { evidenceStatement: shownText(answer.evidenceSource!.statement) } : {}),
    ...(answer.assuranceReason ? { assuranceReason: shownText(answer.assuranceReason) } : {}),
    ...(flag ? { contradictsEvidence: { proposed: optionWords(question, flag.proposed) } } : {}),
  };
}
