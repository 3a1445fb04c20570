import { useCallback, useEffect, useState } from 'react';
import { api, type Assessment, type QuestionnaireVersion } from './api';
import { AnswerForm } from './AnswerForm';
import { ProblemNotice } from './ProblemNotice';
import { Results } from './Results';

/** Loads an assessment and its questionnaire version; a draft is answered, a submission shows results. */
export function AssessmentPage({ id, onAuthError }: { id: string; onAuthError: (e: unknown) => boolean }) {
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [questionnaire, setQuestionnaire] = useState<QuestionnaireVersion | null>(null);
  const [error, setError] = useState<unknown>(null);

  const fail = useCallback((e: unknown) => { if (!onAuthError(e)) setError(e); }, [onAuthError]);

  useEffect(() => {
    let live = true;
    (async () => {
      const a = await api.assessment(id);
      const q = await api.questionnaire(a.questionnaireId, a.version);
      if (live) {
        setAssessment(a);
        setQuestionnaire(q);
      }
    })().catch((e: unknown) => { if (live) fail(e); });
    return () => { live = false; };
  }, [id, fail]);

  // Once loaded (and when a draft turns into results), put focus on the new page heading.
  const view = !assessment || !questionnaire ? 'loading' : assessment.status;
  useEffect(() => {
    if (view !== 'loading') document.querySelector<HTMLElement>('main h1')?.focus();
  }, [view]);

  useEffect(() => {
    if (questionnaire) document.title = `${questionnaire.title} · AIM`;
    return () => { document.title = 'AIM · Agent Identity Maturity'; };
  }, [questionnaire]);

  if (!assessment || !questionnaire) {
    return (
      <>
        <h1 tabIndex={-1}>Assessment</h1>
        {error ? <ProblemNotice error={error} /> : <p aria-busy="true">Loading the assessment…</p>}
        <p><a href="#/">Back to your assessments</a></p>
      </>
    );
  }

  return assessment.status === 'submitted' ? (
    <Results assessment={assessment} questionnaire={questionnaire} onAuthError={onAuthError} />
  ) : (
    <AnswerForm assessment={assessment} questionnaire={questionnaire} onReplaced={setAssessment} onAuthError={onAuthError} />
  );
}
