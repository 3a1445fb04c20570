import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, type Assessment, type QuestionnaireVersion, type Role } from './api';
import { AnswerForm } from './AnswerForm';
import { ProblemNotice } from './ProblemNotice';
import { can } from './session';

const Results = lazy(() => import('./Results'));

interface Props {
  id: string;
  domain?: string;
  question?: string;
  role: Role | null;
  onAuthError: (e: unknown) => boolean;
}

/** Loads an assessment and its questionnaire version; a draft is answered, a submission shows its results. */
export function AssessmentPage({ id, domain, question, role, onAuthError }: Props) {
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

  // A submitted assessment shows its results; its answers stay readable (read-only) by domain.
  if (assessment.status === 'submitted' && !domain) {
    return (
      <Suspense fallback={<p aria-busy="true">Loading the results…</p>}>
        <Results assessment={assessment} questionnaire={questionnaire} role={role} onAuthError={onAuthError} />
      </Suspense>
    );
  }
  return (
    <AnswerForm
      key={assessment.status}
      assessment={assessment}
      questionnaire={questionnaire}
      domainId={domain}
      questionId={question}
      readOnly={assessment.status === 'submitted' || !can.answer(role)}
      onReplaced={setAssessment}
      onAuthError={onAuthError}
    />
  );
}
