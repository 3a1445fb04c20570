import type React from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type Answer, type Assessment, type Domain, type QuestionnaireVersion, type StoredAnswer } from './api';
import type { ProposalDecisions } from './EvidencePanel';
import { ProblemNotice } from './ProblemNotice';
import { estimateOf, estimateText, progressOf, reasonsMissing, requiredLeft } from './progress';
import { QuestionField, questionDomId } from './QuestionField';
import { assessmentPath, navigate, replacePath, resumeStore, reviewPath } from './route';
import { useMediaQuery } from './useMediaQuery';
import { loadPending, useSaver, type SaveStatus } from './useSaver';
import { isSendable, visibleIds } from './visibility';

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
  /** Rendered after the form with a way to save answers through this page's saver (the Evidence panel's decisions, issue 20). */
  evidence?: (decisions: ProposalDecisions) => React.ReactNode;
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

export function AnswerForm({ assessment, questionnaire, domainId, questionId, readOnly, onReplaced, onAuthError, notice, evidence }: Props) {
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => initialAnswers(assessment));
  /** The answers as the server last gave them: who saved each, and when. */
  const [stored, setStored] = useState<Record<string, StoredAnswer>>(() => assessment.answers ?? {});
  const [saveError, setSaveError] = useState<unknown>(null);
  const [reviewError, setReviewError] = useState<unknown>(null);
  const [leaving, setLeaving] = useState(false);
  /** Questions whose answers the last change removed because they are no longer asked. */
  const [noLongerAsked, setNoLongerAsked] = useState<string[]>([]);
  /** On a narrow screen the page starts with the question; the list of domains folds away below it. */
  const narrow = useMediaQuery('(max-width: 51.99rem)');
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

  const questions = useMemo(() => domains.flatMap((d) => d.questions), [domains]);
  const visible = useMemo(() => visibleIds(questions, answers), [questions, answers]);
  // Progress counts the questions asked of everyone, and follow-ups apart (progress.ts says why).
  const totals = progressOf(questions, answers);
  const domainProgress = (d: Domain) => progressOf(d.questions, answers);
  const left = requiredLeft(questions, answers);
  const noReason = reasonsMissing(questions, answers).filter((id) => visible.has(id));
  // Nothing is on its way, yet a "not applicable" without its reason stays on this page only.
  const invalid = noReason.length > 0 && (saver.status === 'idle' || saver.status === 'saved');

  // Ask before leaving while changes are still on their way, or stay here for want of a reason.
  useEffect(() => {
    if (saver.status !== 'saving' && saver.status !== 'offline' && !invalid) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [saver.status, invalid]);
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

  /** To the review page, once every change has reached the server (the review shows what it holds). */
  async function review(event: React.MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    setLeaving(true);
    setReviewError(null);
    try {
      if (await saver.flush()) navigate(reviewPath(assessment.id));
      else
        setReviewError(
          new Error(
            saver.conflicts.length
              ? "Choose between your answer and your colleague's first (marked above)."
              : 'Some answers are not saved yet. Once they are saved, review again.',
          ),
        );
    } finally {
      setLeaving(false);
    }
  }

  const questionById = new Map(questions.map((q) => [q.id, q]));
  const domainOf = (qid: string) => domains.find((d) => d.questions.some((q) => q.id === qid));
  const prev = domains[domainIndex - 1];
  const next = domains[domainIndex + 1];
  const here = domainProgress(domain);
  const followUpText = (c: { answered: number; total: number }) => (c.total ? ` · ${c.answered} of ${c.total} follow-up${c.total === 1 ? '' : 's'}` : '');
  const questionHref = (qid: string) => `#${assessmentPath(assessment.id, domainOf(qid)?.id, qid)}`;

  const domainNav = (
    <nav aria-label="Domains" className="domain-nav">
      <ol>
        {domains.map((d, i) => {
          const p = domainProgress(d).main;
          const done = p.total > 0 && !left.some((id) => d.questions.some((q) => q.id === id));
          return (
            <li key={d.id}>
              <a href={`#${assessmentPath(assessment.id, d.id)}`} aria-current={d.id === domain.id ? 'step' : undefined}>
                <span>
                  {i + 1}. {d.title}
                </span>
                <span className="domain-count">
                  {p.answered}/{p.total}
                  {done ? <span className="visually-hidden"> (complete)</span> : null}
                </span>
              </a>
              <progress max={p.total || 1} value={p.answered} aria-label={`${d.title}: ${p.answered} of ${p.total} answered`} />
            </li>
          );
        })}
      </ol>
    </nav>
  );

  return (
    <>
      <h1 tabIndex={-1}>{questionnaire.title}</h1>
      <p className="hint">
        Version {questionnaire.version}.{' '}
        {readOnly ? 'Submitted: answers can no longer change.' : 'Every change is saved as you go; you can leave and come back.'}{' '}
        {!readOnly && totals.main.answered === 0 ? <span data-testid="estimate">{estimateText(estimateOf(questions))} </span> : null}
        <a href="#/">Back to your assessments</a>
      </p>
      {notice?.((saver.status === 'idle' || saver.status === 'saved') && saver.conflicts.length === 0)}

      <div className="status-bar">
        <label htmlFor="progress-overall" className="progress-label">
          {totals.main.answered} of {totals.main.total} answered
          {followUpText(totals.followUps)}
        </label>
        <progress id="progress-overall" max={totals.main.total || 1} value={totals.main.answered} />
        {!readOnly ? (
          <p
            className={`save-status save-${invalid ? 'failed' : saver.status}`}
            role="status"
            aria-live="polite"
            data-testid="save-status"
            data-state={invalid ? 'invalid' : saver.status}
          >
            {invalid ? (
              <>
                Not saved:{' '}
                <a href={questionHref(noReason[0]!)} onClick={(e) => focusReason(e, noReason[0]!)}>
                  give a reason for not applicable
                </a>
              </>
            ) : (
              STATUS_TEXT[saver.status]
            )}
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
        {narrow ? null : domainNav}

        <form
          onSubmit={(e) => e.preventDefault()}
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
              {here.main.answered} of {here.main.total} answered in this domain{followUpText(here.followUps)}.
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

          {!readOnly ? (
            <div className="actions submit-area">
              {left.length ? (
                <p className="hint" data-testid="submit-state">
                  {left.length === 1 ? '1 required answer left' : `${left.length} required answers left`}:{' '}
                  <a href={questionHref(left[0]!)} onClick={(e) => sameHashFocus(e, left[0]!)}>
                    go to the first
                  </a>
                  . Once every required question is answered, you review your answers and then submit.
                </p>
              ) : (
                <>
                  <a className="button" href={`#${reviewPath(assessment.id)}`} onClick={(e) => void review(e)} aria-disabled={leaving || undefined}>
                    Review and submit
                  </a>
                  <span className="hint">Every required question is answered: review your answers before you submit.</span>
                </>
              )}
              <ProblemNotice error={reviewError} />
            </div>
          ) : null}
        </form>
        {narrow ? (
          <details className="domain-disclosure">
            <summary>
              All domains: this is {domainIndex + 1} of {domains.length}
            </summary>
            {domainNav}
          </details>
        ) : null}
      </div>
      {!readOnly && evidence
        ? evidence({
            stored,
            // The same path as a change on the page: follow-ups it hides are cleared, the revision and conflicts apply.
            save: (qid, answer) => {
              change(qid, answer);
              return saver.flush();
            },
            blocked: saver.conflicts.length > 0,
          })
        : null}
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

/** The status's link to a reason not yet given: focus its field when it is on this page. */
function focusReason(event: React.MouseEvent<HTMLAnchorElement>, qid: string) {
  const field = document.getElementById(`${questionDomId(qid)}-reason`);
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({ block: 'center' });
  field.focus({ preventScroll: true });
}
