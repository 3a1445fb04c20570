import React, { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Answer, type Assessment, type Domain, type QuestionnaireVersion, type StoredAnswer } from './api';
import { ProblemNotice } from './ProblemNotice';
import { QuestionField, questionDomId } from './QuestionField';
import { assessmentPath, navigate, replacePath, resumeStore } from './route';
import { loadPending, useSaver, type SaveStatus } from './useSaver';
import { isAnswered, isSendable, visibleIds } from './visibility';

const STATUS_TEXT: Record<SaveStatus, string> = {
  idle: 'All changes are saved automatically',
  saving: 'Saving…',
  saved: 'All changes saved',
  offline: 'Offline: your changes are kept on this device and saved when you are back online',
  failed: 'Not saved',
  conflict: 'A colleague changed the same question: choose below',
};

interface Props {
  assessment: Assessment;
  questionnaire: QuestionnaireVersion;
  domainId?: string;
  questionId?: string;
  readOnly: boolean;
  /** A fresh copy from the server (after submit, or when it turns out to be submitted). */
  onReplaced: (a: Assessment) => void;
  onAuthError: (e: unknown) => boolean;
  /** Shown under the title; `settled` is true when every change is saved and no conflict is open. */
  notice?: (settled: boolean) => React.ReactNode;
}

/** The answers shown on first render: the server's, with this device's unsaved changes on top. */
function initialAnswers(assessment: Assessment): Record<string, Answer> {
  const answers: Record<string, Answer> = { ...(assessment.answers ?? {}) };
  for (const [q, a] of Object.entries(loadPending(assessment.id)?.answers ?? {})) {
    if (a) answers[q] = a;
    else delete answers[q];
  }
  return answers;
}

export function AnswerForm({ assessment, questionnaire, domainId, questionId, readOnly, onReplaced, onAuthError, notice }: Props) {
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => initialAnswers(assessment));
  /** The answers as the server last gave them: who saved each, and when. */
  const [stored, setStored] = useState<Record<string, StoredAnswer>>(() => assessment.answers ?? {});
  const [saveError, setSaveError] = useState<unknown>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  /** Questions whose answers the last change removed because they are no longer asked. */
  const [noLongerAsked, setNoLongerAsked] = useState<string[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  /** Counts failed submits: each one moves focus to the list of what is missing, once it is on the page. */
  const [summaryShown, setSummaryShown] = useState(0);
  useEffect(() => {
    if (summaryShown) summaryRef.current?.focus();
  }, [summaryShown]);
  /** Whether the server holds an answer to each question (as far as this page knows), so clearing one is sent only when needed. */
  const onServer = useRef(new Set(Object.keys(assessment.answers ?? {})));

  const domains = questionnaire.domains;
  const domain: Domain = domains.find((d) => d.id === domainId) ?? domains[0]!;
  const domainIndex = domains.indexOf(domain);

  const reloadAsSubmitted = useCallback(() => {
    api.assessment(assessment.id).then(onReplaced, (e: unknown) => {
      if (!onAuthError(e)) setSaveError(e);
    });
  }, [assessment.id, onReplaced, onAuthError]);

  const saver = useSaver(assessment.id, assessment.revision, {
    onServerState: (fresh: Assessment, keepLocal) => {
      const server: Record<string, StoredAnswer> = fresh.answers ?? {};
      onServer.current = new Set(Object.keys(server));
      setStored(server);
      setAnswers((prev) => {
        const next: Record<string, Answer> = {};
        for (const q of new Set([...Object.keys(prev), ...Object.keys(server)])) {
          const value = keepLocal.has(q) ? prev[q] : server[q];
          if (value) next[q] = value;
        }
        return next;
      });
      setSaveError(null);
    },
    onNotDraft: reloadAsSubmitted,
    onError: (e) => {
      if (!onAuthError(e)) setSaveError(e);
    },
  });

  // Ask before leaving while changes are still on their way.
  useEffect(() => {
    if (saver.status !== 'saving' && saver.status !== 'offline') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [saver.status]);

  const questions = useMemo(() => domains.flatMap((d) => d.questions), [domains]);
  const visible = useMemo(() => visibleIds(questions, answers), [questions, answers]);
  const progressOf = (d: Domain) => {
    const shown = d.questions.filter((q) => visible.has(q.id));
    return { answered: shown.filter((q) => isAnswered(answers[q.id])).length, total: shown.length };
  };
  const totals = domains.map(progressOf).reduce((a, b) => ({ answered: a.answered + b.answered, total: a.total + b.total }), { answered: 0, total: 0 });
  const conflictOf = new Map(saver.conflicts.map((c) => [c.question, c]));

  // Where the respondent is: in the URL (a reload comes back here) and remembered for the home page.
  const remember = useCallback(
    (qid?: string) => {
      const path = assessmentPath(assessment.id, domain.id, qid);
      replacePath(path);
      resumeStore.set(assessment.id, path);
    },
    [assessment.id, domain.id],
  );

  // Arriving on a domain (or at a question): put focus there, for keyboard and screen-reader users.
  // `remember` is rebuilt whenever the domain changes, so arriving on another domain runs this too.
  const firstRender = useRef(true);
  useEffect(() => {
    const target = questionId ? document.getElementById(questionDomId(questionId)) : null;
    if (target) {
      const input = target.querySelector<HTMLElement>('input:checked:not(:disabled), input:not(:disabled), textarea');
      target.scrollIntoView({ block: 'center' });
      input?.focus({ preventScroll: true });
    } else if (firstRender.current) {
      document.querySelector<HTMLElement>('main h1')?.focus();
    } else {
      document.getElementById('domain-title')?.focus();
      window.scrollTo({ top: 0 });
    }
    firstRender.current = false;
    remember(questionId);
  }, [questionId, remember]);

  function change(qid: string, answer: Answer | null, delayMs = 0) {
    // Follow-ups this change hides lose their answers, as the server would clear them
    // (functions/core/questionnaire/hidden-answers.ts). They are cleared first, so that an
    // answer still waiting to be sent never reaches the server after its question is hidden.
    const after = { ...answers };
    if (answer) after[qid] = answer;
    else delete after[qid];
    const asked = visibleIds(questions, after);
    const hidden = Object.keys(after).filter((id) => !asked.has(id));
    for (const id of hidden) {
      onServer.current.delete(id);
      saver.queue(id, null);
    }
    if (hidden.length) setNoLongerAsked(hidden);
    else if (answer && noLongerAsked.length) setNoLongerAsked([]);
    setAnswers((prev) => {
      const next = { ...prev };
      if (answer) next[qid] = answer;
      else delete next[qid];
      for (const id of hidden) delete next[id];
      return next;
    });
    setMissing((prev) => {
      if (!(qid in prev)) return prev;
      const { [qid]: _, ...rest } = prev;
      return rest;
    });
    if (answer && isSendable(answer)) {
      onServer.current.add(qid);
      saver.queue(qid, answer, delayMs);
    } else if (onServer.current.has(qid)) {
      // Cleared, or waiting for a value or a reason: the saved answer no longer stands.
      onServer.current.delete(qid);
      saver.queue(qid, null, delayMs);
    }
  }

  function resolve(qid: string, choice: 'mine' | 'theirs') {
    const conflict = saver.resolve(qid, choice);
    if (!conflict) return;
    const chosen = choice === 'mine' ? conflict.mine : conflict.theirs;
    setAnswers((prev) => {
      const next = { ...prev };
      if (chosen) next[qid] = chosen;
      else delete next[qid];
      return next;
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setSubmitError(null);
    setMissing({});
    try {
      if (!(await saver.flush())) {
        setSubmitError(
          new Error(
            saver.conflicts.length
              ? "Choose between your answer and your colleague's first (marked below)."
              : 'Some answers are not saved yet. Once they are saved, submit again.',
          ),
        );
        return;
      }
      const submitted = await api.submit(assessment.id);
      navigate(assessmentPath(assessment.id));
      onReplaced(submitted);
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
        setSummaryShown((n) => n + 1);
      } else if (e instanceof ApiError && e.code === 'assessment_not_draft') {
        reloadAsSubmitted();
      } else {
        setSubmitError(e);
      }
    } finally {
      setSubmitting(false);
    }
  }

  const questionById = new Map(questions.map((q) => [q.id, q]));
  const domainOf = (qid: string) => domains.find((d) => d.questions.some((q) => q.id === qid));
  const missingIds = Object.keys(missing);
  const prev = domains[domainIndex - 1];
  const next = domains[domainIndex + 1];
  const here = progressOf(domain);

  return (
    <>
      <h1 tabIndex={-1}>{questionnaire.title}</h1>
      <p className="hint">
        Version {questionnaire.version}.{' '}
        {readOnly ? 'Submitted: answers can no longer change.' : 'Every change is saved as you go; you can leave and come back.'}{' '}
        <a href="#/">Back to your assessments</a>
      </p>
      {notice?.((saver.status === 'idle' || saver.status === 'saved') && saver.conflicts.length === 0)}

      <div className="status-bar">
        <label htmlFor="progress-overall" className="progress-label">
          {totals.answered} of {totals.total} answered
        </label>
        <progress id="progress-overall" max={totals.total || 1} value={totals.answered} />
        {!readOnly ? (
          <p className={`save-status save-${saver.status}`} role="status" aria-live="polite" data-testid="save-status" data-state={saver.status}>
            {STATUS_TEXT[saver.status]}
            {saver.status === 'failed' || saver.status === 'offline' ? (
              <button type="button" className="link-button" onClick={() => void saver.flush()}>
                Try again now
              </button>
            ) : null}
          </p>
        ) : null}
      </div>
      {saver.conflicts.length ? (
        <div className="notice notice-warning" role="alert">
          <strong>A colleague changed {saver.conflicts.length === 1 ? 'a question' : `${saver.conflicts.length} questions`} you were answering.</strong>
          <ul>
            {saver.conflicts.map((c) => (
              <li key={c.question}>
                <a href={`#${assessmentPath(assessment.id, domainOf(c.question)?.id, c.question)}`} onClick={(e) => sameHashFocus(e, c.question)}>
                  {questionById.get(c.question)?.prompt ?? c.question}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {saveError ? <ProblemNotice error={saveError} /> : null}
      <div role="status" aria-live="polite" data-testid="no-longer-asked">
        {noLongerAsked.length ? (
          <p className="notice">
            {noLongerAsked.length === 1 ? 'A follow-up question is' : `${noLongerAsked.length} follow-up questions are`} no longer asked after your change, so{' '}
            {noLongerAsked.length === 1 ? 'its answer was' : 'their answers were'} removed:{' '}
            {noLongerAsked.map((id) => `“${questionById.get(id)?.prompt ?? id}”`).join(', ')}.
          </p>
        ) : null}
      </div>

      <div className="questionnaire">
        <nav aria-label="Domains" className="domain-nav">
          <ol>
            {domains.map((d, i) => {
              const p = progressOf(d);
              return (
                <li key={d.id}>
                  <a href={`#${assessmentPath(assessment.id, d.id)}`} aria-current={d.id === domain.id ? 'step' : undefined}>
                    <span>
                      {i + 1}. {d.title}
                    </span>
                    <span className="domain-count">
                      {p.answered}/{p.total}
                      {p.total > 0 && p.answered === p.total ? <span className="visually-hidden"> (complete)</span> : null}
                    </span>
                  </a>
                  <progress max={p.total || 1} value={p.answered} aria-label={`${d.title}: ${p.answered} of ${p.total} answered`} />
                </li>
              );
            })}
          </ol>
        </nav>

        <form
          onSubmit={submit}
          noValidate
          className="domain-page"
          onFocus={(e) => remember((e.target as HTMLElement).closest('.question')?.id.replace(/^q-/, ''))}
        >
          <section className="domain" aria-labelledby="domain-title">
            <h2 id="domain-title" tabIndex={-1}>
              {domainIndex + 1}. {domain.title}
            </h2>
            <p className="hint">{domain.description}</p>
            <p className="hint">
              {here.answered} of {here.total} answered in this domain.
            </p>
            {domain.questions
              .filter((q) => visible.has(q.id))
              .map((q) => (
                <QuestionField
                  key={q.id}
                  question={q}
                  answer={answers[q.id]}
                  stored={stored[q.id]}
                  readOnly={readOnly}
                  conflict={conflictOf.get(q.id)}
                  error={missing[q.id]?.replace(`"${q.prompt}"`, 'This question')}
                  onChange={(answer, delayMs) => change(q.id, answer, delayMs)}
                  onCommit={() => void saver.flush()}
                  onResolve={(choice) => resolve(q.id, choice)}
                />
              ))}
          </section>

          <div className="actions domain-steps">
            {prev ? (
              <a className="button secondary" href={`#${assessmentPath(assessment.id, prev.id)}`}>
                Previous: {prev.title}
              </a>
            ) : null}
            {next ? (
              <a className="button" href={`#${assessmentPath(assessment.id, next.id)}`}>
                Next: {next.title}
              </a>
            ) : null}
          </div>

          {missingIds.length > 0 ? (
            <div className="notice notice-error" role="alert" tabIndex={-1} ref={summaryRef}>
              <h2>{missingIds.length === 1 ? 'One question needs an answer' : `${missingIds.length} questions need an answer`}</h2>
              <ul>
                {missingIds.map((qid) => {
                  const prompt = questionById.get(qid)?.prompt ?? qid;
                  const d = domainOf(qid);
                  return (
                    <li key={qid}>
                      <a href={`#${assessmentPath(assessment.id, d?.id, qid)}`} onClick={(e) => sameHashFocus(e, qid)}>
                        {d ? `${d.title}: ` : ''}
                        {missing[qid]?.includes(prompt) ? missing[qid] : `${prompt} (${missing[qid]})`}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : (
            <ProblemNotice error={submitError} />
          )}
          {!readOnly ? (
            <div className="actions submit-area">
              <button type="submit" disabled={submitting}>
                {submitting ? 'Submitting…' : 'Submit assessment'}
              </button>
              <span className="hint">
                {totals.answered === totals.total ? 'Every question is answered.' : `${totals.total - totals.answered} still to answer; submitting lists them.`}
              </span>
            </div>
          ) : null}
        </form>
      </div>
    </>
  );
}

/** A link to the question already in the URL does not change the hash: move focus by hand. */
function sameHashFocus(event: React.MouseEvent<HTMLAnchorElement>, qid: string) {
  if (event.currentTarget.getAttribute('href') !== window.location.hash) return;
  event.preventDefault();
  const box = document.getElementById(questionDomId(qid));
  box?.scrollIntoView({ block: 'center' });
  box?.querySelector<HTMLElement>('input:checked:not(:disabled), input:not(:disabled), textarea')?.focus({ preventScroll: true });
}
