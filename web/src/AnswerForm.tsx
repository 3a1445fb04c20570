import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Answer, type Assessment, type QuestionnaireVersion } from './api';
import { ProblemNotice } from './ProblemNotice';
import { QuestionField, questionDomId } from './QuestionField';
import { useSaver, type SaveStatus } from './useSaver';
import { isAnswered, visibleIds } from './visibility';

const STATUS_TEXT: Record<SaveStatus, string> = { idle: '', saving: 'Saving…', saved: 'Saved', failed: 'Save failed' };

interface Props {
  assessment: Assessment;
  questionnaire: QuestionnaireVersion;
  /** A fresh copy from the server (after submit, or a reload that finds it submitted). */
  onReplaced: (a: Assessment) => void;
  onAuthError: (e: unknown) => boolean;
}

export function AnswerForm({ assessment, questionnaire, onReplaced, onAuthError }: Props) {
  const [answers, setAnswers] = useState<Record<string, Answer>>(assessment.answers ?? {});
  const [conflict, setConflict] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const reload = async () => {
    const fresh = await api.assessment(assessment.id);
    saver.reset(fresh.revision);
    setAnswers(fresh.answers ?? {});
    if (fresh.status !== 'draft') onReplaced(fresh);
  };

  const saver = useSaver(assessment.id, assessment.revision, {
    onSaved: () => { setSaveError(null); setConflict(false); },
    onConflict: () => {
      setConflict(true);
      reload().catch((e: unknown) => { if (!onAuthError(e)) setSaveError(e); });
    },
    onError: (e) => { if (!onAuthError(e)) setSaveError(e); },
  });

  // Ask before leaving while changes are still on their way.
  useEffect(() => {
    if (saver.status !== 'saving') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [saver.status]);

  const questions = useMemo(() => questionnaire.domains.flatMap((d) => d.questions), [questionnaire]);
  const visible = useMemo(() => visibleIds(questions, answers), [questions, answers]);
  const answeredCount = questions.filter((q) => visible.has(q.id) && isAnswered(answers[q.id])).length;

  function change(questionId: string, answer: Answer | null, delayMs = 0) {
    setAnswers((prev) => {
      const next = { ...prev };
      if (answer) next[questionId] = answer;
      else delete next[questionId];
      return next;
    });
    setMissing((prev) => {
      if (!(questionId in prev)) return prev;
      const { [questionId]: _, ...rest } = prev;
      return rest;
    });
    saver.queue(questionId, answer, delayMs);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setSubmitError(null);
    setMissing({});
    try {
      if (!(await saver.flush())) {
        setSubmitError(new Error('Some answers are not saved yet. Fix the save problem above, then submit again.'));
        return;
      }
      onReplaced(await api.submit(assessment.id));
    } catch (e) {
      if (onAuthError(e)) return;
      if (e instanceof ApiError && e.code === 'assessment_incomplete') {
        const byQuestion: Record<string, string> = {};
        for (const err of e.problem.errors ?? []) {
          const m = /^\/answers\/([^/]+)/.exec(err.pointer);
          if (m?.[1]) byQuestion[m[1]] = err.message;
        }
        setMissing(byQuestion);
        setSubmitError(e);
        requestAnimationFrame(() => summaryRef.current?.focus());
      } else if (e instanceof ApiError && e.code === 'assessment_not_draft') {
        await reload().catch(() => undefined);
      } else {
        setSubmitError(e);
      }
    } finally {
      setSubmitting(false);
    }
  }

  const promptOf = (qid: string) => questions.find((q) => q.id === qid)?.prompt ?? qid;
  const missingIds = Object.keys(missing);

  return (
    <>
      <h1 tabIndex={-1}>{questionnaire.title}</h1>
      <p className="lead">{questionnaire.description}</p>
      <p><a href="#/">Back to your assessments</a></p>

      <div className="status-bar">
        <label htmlFor="progress" className="progress-label">
          {answeredCount} of {visible.size} answered
        </label>
        <progress id="progress" max={visible.size || 1} value={answeredCount} />
        <p className={`save-status save-${saver.status}`} role="status" aria-live="polite" data-testid="save-status">
          {STATUS_TEXT[saver.status]}
          {saver.status === 'failed' && !conflict ? (
            <button type="button" className="link-button" onClick={() => void saver.flush()}>
              Retry
            </button>
          ) : null}
        </p>
      </div>
      {conflict ? (
        <div className="notice notice-warning" role="alert">
          <strong>This assessment was changed somewhere else.</strong>
          <p>We have loaded the latest saved answers. Please check your last change and make it again if needed.</p>
        </div>
      ) : null}
      {saveError ? <ProblemNotice error={saveError} /> : null}

      <form onSubmit={submit} noValidate>
        {questionnaire.domains.map((domain) => (
          <fieldset key={domain.id} className="domain">
            <legend>
              <h2>{domain.title}</h2>
            </legend>
            <p className="hint">{domain.description}</p>
            {domain.questions
              .filter((q) => visible.has(q.id))
              .map((q) => (
                <QuestionField
                  key={q.id}
                  question={q}
                  answer={answers[q.id]}
                  error={missing[q.id]?.replace(`"${q.prompt}"`, 'This question')}
                  onChange={(answer, delayMs) => change(q.id, answer, delayMs)}
                  onCommit={() => void saver.flush()}
                />
              ))}
          </fieldset>
        ))}

        {missingIds.length > 0 ? (
          <div className="notice notice-error" role="alert" tabIndex={-1} ref={summaryRef}>
            <h2>{missingIds.length === 1 ? 'One question needs an answer' : `${missingIds.length} questions need an answer`}</h2>
            <ul>
              {missingIds.map((qid) => (
                <li key={qid}>
                  <a href={`#/assessments/${encodeURIComponent(assessment.id)}`} onClick={(e) => { e.preventDefault(); focusQuestion(qid); }}>
                    {missing[qid]?.includes(promptOf(qid)) ? missing[qid] : `${promptOf(qid)}: ${missing[qid]}`}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ProblemNotice error={submitError} />
        )}
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? 'Submitting…' : 'Submit assessment'}
          </button>
        </div>
      </form>
    </>
  );
}

function focusQuestion(questionId: string) {
  const box = document.getElementById(questionDomId(questionId));
  const input = box?.querySelector<HTMLElement>('input:checked, input, textarea');
  box?.scrollIntoView({ block: 'center' });
  input?.focus();
}
