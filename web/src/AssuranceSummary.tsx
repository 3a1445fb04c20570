/**
 * Assurance on Results (issue 20, docs/evidence.md, "Assurance"): per domain how many answers are
 * evidence-backed, each answer's assurance with the statement or reason behind it, and the
 * answers the submit flagged as contradicting imported evidence.
 */
import { useId } from 'react';
import { type Assessment, optionsOf, type QuestionnaireVersion } from './api';
import { AssuranceDetail } from './AssuranceBadge';
import { assuranceByDomain, flagLine, shareText, usesEvidence } from './assurance-text';
import { describeAnswer } from './format';

/** Nothing when no answer rests on or departs from imported evidence (every answer is then self-attested). */
export function AssuranceSummary({ assessment, questionnaire }: { assessment: Assessment; questionnaire: QuestionnaireVersion }) {
  const id = useId();
  const answers = assessment.answers ?? {};
  const flags = assessment.evidenceFlags ?? [];
  if (!usesEvidence(answers, flags)) return null;
  const shares = assuranceByDomain(questionnaire.domains, answers);
  const total = shares.reduce((t, s) => ({ evidenceBacked: t.evidenceBacked + s.evidenceBacked, answered: t.answered + s.answered }), {
    evidenceBacked: 0,
    answered: 0,
  });
  const questions = questionnaire.domains.flatMap((d) => d.questions);
  const describe = (questionId: string, value: string | null) => {
    const question = questions.find((q) => q.id === questionId);
    if (!question) return value ?? questionId;
    if (value === null) return `“${question.prompt}”`;
    return optionsOf(question).find((o) => o.id === value)?.label ?? value;
  };
  return (
    <section className="card assurance-summary" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Evidence behind the answers</h2>
      <p data-testid="assurance-total">{shareText(total)}: accepted from an imported inventory, the rest self-attested.</p>
      {flags.length ? (
        <div className="notice notice-warning">
          <p>
            <strong>
              {flags.length === 1 ? 'One answer contradicts' : `${flags.length} answers contradict`} what an import measured (flagged at submit, not refused):
            </strong>
          </p>
          <ul data-testid="evidence-flags">
            {flags.map((f) => (
              <li key={f.questionId}>{flagLine(f, describe)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {questionnaire.domains.map((d, i) => {
        const share = shares[i]!;
        const answered = d.questions.filter((q) => answers[q.id]);
        return (
          <details key={d.id} className="assurance-domain">
            <summary>
              {d.title}: <span data-testid="assurance-share">{shareText(share)}</span>
            </summary>
            <ul className="review-list">
              {answered.map((q) => (
                <li key={q.id} data-question={q.id}>
                  {q.prompt}
                  <p className="review-answer">{describeAnswer(q, answers[q.id])}</p>
                  <p className="review-assurance">
                    <AssuranceDetail answer={answers[q.id]!} />
                  </p>
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </section>
  );
}
