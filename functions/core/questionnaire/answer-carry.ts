/**
 * Carries a draft's answers from one questionnaire version to a newer one through the
 * equivalences between them. An answer carries only when its meaning survives: every
 * selected option has an equivalent, the value fits the new question, and a
 * not-applicable answer is still allowed. Everything else is dropped with a reason,
 * and the new version's visible required questions left without an answer are listed.
 * An answer to a question that is not asked (its `showIf` not met), in the older version
 * or in the newer one after the carry, never carries: it is dropped with the reason.
 */
import { checkAnswerValue } from './answer-check';
import type { Answer, Answers } from './answers';
import type { Equivalence } from './equivalences';
import { withoutHiddenAnswers } from './hidden-answers';
import type { Question, Questionnaire } from './model';
import { visibleQuestionIds } from './visibility';

export interface CarriedAnswer {
  from: string;
  to: string;
}

export interface DroppedAnswer {
  /** The question of the older version whose answer did not carry. */
  question: string;
  /** The newer question it would have carried to, if there is one. */
  to?: string;
  reason: string;
}

export interface CarryReport {
  carried: CarriedAnswer[];
  dropped: DroppedAnswer[];
  /** Visible required questions of the newer version without an answer after the carry. */
  needsAnswer: string[];
}

/** The parts of an answer that are not its value: they travel with it. */
function annotations(answer: Answer): Pick<Answer, 'comment' | 'evidence'> {
  return {
    ...(answer.comment !== undefined ? { comment: answer.comment } : {}),
    ...(answer.evidence !== undefined ? { evidence: answer.evidence } : {}),
  };
}

const selected = (answer: Answer): string[] => (typeof answer.value === 'string' ? [answer.value] : Array.isArray(answer.value) ? answer.value : []);

/** The answer for `target`, or the reason it cannot carry. */
function convert(source: Question, target: Question, equivalence: Equivalence, answer: Answer, toVersion: string): Answer | string {
  const extra = annotations(answer);
  if (answer.notApplicable) {
    if (!target.allowNotApplicable) return `"not applicable" is no longer allowed for ${target.id} in ${toVersion}`;
    return { notApplicable: true, ...(answer.reason !== undefined ? { reason: answer.reason } : {}), ...extra };
  }
  let converted: Answer;
  if ('options' in source) {
    const chosen = selected(answer);
    const unmapped = chosen.filter((o) => equivalence.options[o] === undefined);
    if (unmapped.length)
      return `option${unmapped.length > 1 ? 's' : ''} ${unmapped.join(', ')} of ${source.id} ha${unmapped.length > 1 ? 've' : 's'} no equivalent in ${target.id}`;
    const mapped = [...new Set(chosen.map((o) => equivalence.options[o]!))];
    if (target.type === 'multi') converted = { value: mapped, ...extra };
    else if ('options' in target) {
      if (mapped.length !== 1) return `${target.id} takes one option, and the answer maps to ${mapped.length}`;
      converted = { value: mapped[0]!, ...extra };
    } else return `${target.id} is a ${target.type} question; a choice does not carry to it`;
  } else if (source.type !== target.type) {
    return `${source.id} is a ${source.type} question and ${target.id} a ${target.type} question`;
  } else {
    converted = { value: answer.value, ...extra };
  }
  const problems = checkAnswerValue(target, converted);
  return problems.length ? `the answer does not fit ${target.id}: ${problems.map((p) => p.message).join('; ')}` : converted;
}

export function carryAnswers(
  from: Questionnaire,
  to: Questionnaire,
  equivalences: readonly Equivalence[],
  given: Answers,
): { answers: Answers; report: CarryReport } {
  const fromById = new Map(from.questions.map((q) => [q.id, q]));
  const toById = new Map(to.questions.map((q) => [q.id, q]));
  const carriedAnswers: Answers = {};
  const report: CarryReport = { carried: [], dropped: [], needsAnswer: [] };
  // Older data may hold answers to questions that were not asked: they have nothing to carry.
  const { answers, dropped: notAsked } = withoutHiddenAnswers(from.questions, given);
  for (const { question, reason } of notAsked) report.dropped.push({ question, reason: `in ${from.version}, ${reason}` });
  // Declared equivalences first, so that an explicit mapping wins over a kept id.
  const ordered = [...equivalences].sort((a, b) => Number(b.declared) - Number(a.declared));

  for (const questionId of Object.keys(answers)) {
    const source = fromById.get(questionId);
    if (!source || !ordered.some((e) => e.from === questionId))
      report.dropped.push({
        question: questionId,
        reason: source ? `${questionId} was removed in ${to.version}` : `${questionId} is not a question of ${from.version}`,
      });
  }
  for (const route of ordered) {
    const answer = answers[route.from];
    const source = fromById.get(route.from);
    const target = toById.get(route.to);
    if (!answer || !source || !target) continue;
    if (carriedAnswers[route.to]) {
      report.dropped.push({ question: route.from, to: route.to, reason: `${route.to} already carries an answer` });
      continue;
    }
    const outcome = convert(source, target, route, answer, to.version);
    if (typeof outcome === 'string') report.dropped.push({ question: route.from, to: route.to, reason: outcome });
    else {
      carriedAnswers[route.to] = outcome;
      report.carried.push({ from: route.from, to: route.to });
    }
  }

  // A carried answer may fall behind a condition of the newer version: it is not kept either.
  for (const { question, reason } of withoutHiddenAnswers(to.questions, carriedAnswers).dropped) {
    delete carriedAnswers[question];
    for (const route of report.carried.filter((c) => c.to === question))
      report.dropped.push({ question: route.from, to: question, reason: `in ${to.version}, ${reason}` });
    report.carried = report.carried.filter((c) => c.to !== question);
  }

  const visible = visibleQuestionIds(to.questions, carriedAnswers);
  report.needsAnswer = to.questions.filter((q) => q.required && visible.has(q.id) && !carriedAnswers[q.id]).map((q) => q.id);
  return { answers: carriedAnswers, report };
}
