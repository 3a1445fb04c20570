import { useEffect, useId, useRef, useState } from 'react';
import { api, ApiError, type Assessment, type QuestionnaireVersion } from './api';
import { AssuranceDetail } from './AssuranceBadge';
import { assuranceByDomain, shareText, usesEvidence } from './assurance-text';
import { describeAnswer } from './format';
import { ProblemNotice } from './ProblemNotice';
import { progressOf, requiredLeft } from './progress';
import { assessmentPath, navigate } from './route';
import { loadPending } from './useSaver';
import { visibleIds } from './visibility';

interface Props {
  assessmentId: string;
  questionnaire: QuestionnaireVersion;
  /** The submitted assessment, once the final submit has landed. */
  onSubmitted: (a: Assessment) => void;
  onAuthError: (e: unknown) => boolean;
}

/**
 * `#/assessments/<id>/review`: every domain with the answers the server holds (and the
 * reasons given for "not applicable"), what is still unanswered, a link back to each
 * question, and the final submit behind a confirmation that says what submitting does.
 */
export function ReviewPage({ assessmentId, questionnaire, onSubmitted, onAuthError }: Props) {
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    api.assessment(assessmentId).then(
      (a) => {
        if (!live) return;
        if (a.status !== 'draft') onSubmitted(a);
        else setAssessment(a);
      },
      (e: unknown) => {
        if (live && !onAuthError(e)) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [assessmentId, onSubmitted, onAuthError]);

  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, []);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const heading = (
    <h1 tabIndex={-1} id={`${id}-title`}>
      Review your answers
    </h1>
  );
  if (!assessment) {
    return (
      <>
        {heading}
        {error ? <ProblemNotice error={error} /> : <p aria-busy="true">Loading your answers…</p>}
      </>
    );
  }

  const answers = assessment.answers ?? {};
  const questions = questionnaire.domains.flatMap((d) => d.questions);
  const visible = visibleIds(questions, answers);
  const left = requiredLeft(questions, answers);
  const progress = progressOf(questions, answers);
  const unsaved = loadPending(assessment.id) !== null;
  const questionLink = (domainId: string, questionId?: string) => `#${assessmentPath(assessment.id, domainId, questionId)}`;
  const domainOf = (qid: string) => questionnaire.domains.find((d) => d.questions.some((q) => q.id === qid))!;
  // How many answers of each domain rest on imported evidence (issue 20, "Assurance").
  const assurance = usesEvidence(answers) ? new Map(assuranceByDomain(questionnaire.domains, answers).map((a) => [a.domainId, a])) : null;

  async function submit() {
    setSubmitting(true);
    setError(null);
    try {
      const submitted = await api.submit(assessmentId);
      navigate(assessmentPath(assessmentId));
      onSubmitted(submitted);
    } catch (e) {
      if (onAuthError(e)) return;
      if (e instanceof ApiError && e.code === 'assessment_not_draft') {
        api.assessment(assessmentId).then(onSubmitted, setError);
        return;
      }
      setError(e);
      setConfirming(false);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <>
      {heading}
      <p className="lead">
        {questionnaire.title}, version {questionnaire.version}. Check each answer before you submit; every question links back to where you answer it.
      </p>
      <p className="hint" data-testid="review-summary">
        {progress.main.answered} of {progress.main.total} questions answered
        {progress.followUps.total ? `, and ${progress.followUps.answered} of ${progress.followUps.total} follow-up questions` : ''}.{' '}
        <a href={questionLink(questionnaire.domains[0]!.id)}>Back to the questions</a>
      </p>
      <ProblemNotice error={error} />

      {questionnaire.domains.map((domain, i) => (
        <section key={domain.id} className="card review-domain" aria-labelledby={`${id}-${domain.id}`}>
          <h2 id={`${id}-${domain.id}`}>
            {i + 1}. {domain.title}
          </h2>
          {assurance ? (
            <p className="hint" data-testid="assurance-share">
              {shareText(assurance.get(domain.id)!)}.
            </p>
          ) : null}
          <ul className="review-list">
            {domain.questions
              .filter((q) => visible.has(q.id))
              .map((q) => {
                const answer = answers[q.id];
                return (
                  <li key={q.id} className={answer ? undefined : 'review-unanswered'}>
                    <a href={questionLink(domain.id, q.id)}>{q.prompt}</a>
                    <p className="review-answer">
                      {answer ? describeAnswer(q, answer) : q.required === false ? 'Not answered (optional)' : <strong>Not answered: required</strong>}
                    </p>
                    {answer && assurance ? (
                      <p className="review-assurance">
                        <AssuranceDetail answer={answer} />
                      </p>
                    ) : null}
                  </li>
                );
              })}
          </ul>
        </section>
      ))}

      <div className={confirming ? undefined : 'actions submit-area'}>
        {unsaved ? (
          <p className="notice notice-warning">
            Some changes made on this device are not saved yet. <a href={questionLink(questionnaire.domains[0]!.id)}>Go back to the questions</a> so that they
            are saved, then review again.
          </p>
        ) : left.length ? (
          <p className="notice" data-testid="submit-state">
            {left.length === 1 ? '1 required answer left' : `${left.length} required answers left`} before you can submit:{' '}
            <a href={questionLink(domainOf(left[0]!).id, left[0])}>go to the first</a>
          </p>
        ) : !confirming ? (
          <button type="button" onClick={() => setConfirming(true)}>
            Submit assessment
          </button>
        ) : null}
      </div>

      {confirming && !unsaved && !left.length ? (
        <section className="card confirm-submit" aria-labelledby={`${id}-confirm`}>
          <h2 id={`${id}-confirm`} tabIndex={-1} ref={confirmRef}>
            Submit this assessment?
          </h2>
          <ul>
            <li>Its answers become read-only: nobody can change them afterwards. To update them later, start a new assessment from these answers.</li>
            <li>AIM scores each domain and the whole assessment (levels 1 to 5) and shows your results, with the PDF report.</li>
            <li>
              Once your organisation is verified, its scores count in the anonymised peer benchmarks of its cohort; analysts see cohort figures, never your
              answers.
            </li>
          </ul>
          <div className="actions">
            <button type="button" disabled={submitting} onClick={() => void submit()}>
              {submitting ? 'Submitting…' : 'Confirm and submit'}
            </button>
            <button type="button" className="secondary" disabled={submitting} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}
