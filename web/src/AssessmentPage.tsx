import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, type Assessment, type QuestionnaireVersion, type Role, type UpgradeResult } from './api';
import { AgentDelegation } from './AgentDelegation';
import { AnswerForm } from './AnswerForm';
import { ProblemNotice } from './ProblemNotice';
import { ReviewPage } from './ReviewPage';
import { EvidencePanel } from './EvidencePanel';
import { REVIEW_SEGMENT } from './route';
import { can } from './session';
import { UpgradeOffer, UpgradeOutcome } from './UpgradeNotice';

const Results = lazy(() => import('./Results'));

interface Props {
  id: string;
  domain?: string;
  question?: string;
  role: Role | null;
  /** The signed-in person's id. */
  me: string;
  onAuthError: (e: unknown) => boolean;
}

/** Loads an assessment and its questionnaire version; a draft is answered, a submission shows its results. */
export function AssessmentPage({ id, domain, question, role, me, onAuthError }: Props) {
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [questionnaire, setQuestionnaire] = useState<QuestionnaireVersion | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** The newest published version of the questionnaire, for a draft that may move to it. */
  const [latest, setLatest] = useState<string | null>(null);
  const [upgraded, setUpgraded] = useState<UpgradeResult['upgrade'] | null>(null);

  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setError(e);
    },
    [onAuthError],
  );

  useEffect(() => {
    let live = true;
    (async () => {
      const a = await api.assessment(id);
      const [q, catalogue] = await Promise.all([api.questionnaire(a.questionnaireId, a.version), a.status === 'draft' ? api.questionnaires() : null]);
      if (live) {
        setAssessment(a);
        setQuestionnaire(q);
        setLatest(catalogue?.questionnaires.find((x) => x.id === a.questionnaireId)?.latest ?? null);
      }
    })().catch((e: unknown) => {
      if (live) fail(e);
    });
    return () => {
      live = false;
    };
  }, [id, fail]);

  useEffect(() => {
    if (questionnaire) document.title = `${questionnaire.title} · AIM`;
    return () => {
      document.title = 'AIM · Agent Identity Maturity';
    };
  }, [questionnaire]);

  if (!assessment || !questionnaire) {
    return (
      <>
        <h1 tabIndex={-1}>Assessment</h1>
        {error ? <ProblemNotice error={error} /> : <p aria-busy="true">Loading the assessment…</p>}
        <p>
          <a href="#/">Back to your assessments</a>
        </p>
      </>
    );
  }

  const reviewing = domain === REVIEW_SEGMENT && !questionnaire.domains.some((d) => d.id === REVIEW_SEGMENT);
  // A submitted assessment shows its results; its answers stay readable (read-only) by domain.
  if (assessment.status === 'submitted' && (!domain || reviewing)) {
    return (
      <Suspense fallback={<p aria-busy="true">Loading the results…</p>}>
        <Results assessment={assessment} questionnaire={questionnaire} role={role} onAuthError={onAuthError} />
      </Suspense>
    );
  }
  const onUpgraded = async (result: UpgradeResult) => {
    try {
      const q = await api.questionnaire(result.assessment.questionnaireId, result.assessment.version);
      setQuestionnaire(q);
      setAssessment(result.assessment);
      setUpgraded(result.upgrade);
    } catch (e) {
      fail(e);
    }
  };
  const readOnly = assessment.status === 'submitted' || !can.answer(role);
  // The review before the final submit, for those who may submit.
  if (reviewing && !readOnly)
    return <ReviewPage assessmentId={assessment.id} questionnaire={questionnaire} onSubmitted={setAssessment} onAuthError={onAuthError} />;
  const notice = (settled: boolean) => {
    if (upgraded) return <UpgradeOutcome result={upgraded} assessmentId={assessment.id} questionnaire={questionnaire} />;
    if (readOnly || !latest || latest === assessment.version) return null;
    return <UpgradeOffer assessment={assessment} latest={latest} enabled={settled} onUpgraded={(r) => void onUpgraded(r)} onAuthError={onAuthError} />;
  };
  return (
    <>
      <AnswerForm
        // A new status or version starts the form afresh (answers, saver, domains).
        key={`${assessment.status}-${assessment.version}`}
        assessment={assessment}
        questionnaire={questionnaire}
        domainId={domain}
        questionId={question}
        readOnly={readOnly}
        onReplaced={setAssessment}
        onAuthError={onAuthError}
        notice={notice}
        // Owners and respondents import inventories into a draft: facts, proposed answers and the decisions on them (issue 20).
        evidence={
          can.importEvidence(role)
            ? (decisions) => <EvidencePanel assessmentId={assessment.id} questionnaire={questionnaire} onAuthError={onAuthError} decisions={decisions} />
            : undefined
        }
      />
      {/* A person who may answer a draft may let an agent answer it for them. */}
      {!readOnly ? <AgentDelegation assessmentId={assessment.id} me={me} onAuthError={onAuthError} /> : null}
    </>
  );
}
