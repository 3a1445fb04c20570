import { useEffect, useId, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { api, levelName, type Assessment, type QuestionnaireSummary, type Role, type Scope } from './api';
import { formatDateTime, score2 } from './format';
import { ProblemNotice } from './ProblemNotice';
import { QuestionnaireEstimate } from './QuestionnaireEstimate';
import { assessmentPath, navigate, resumeStore } from './route';
import { scopeName } from './ScopeText';
import { can } from './session';
import { useAction } from './useAction';
import { VerificationNotice } from './VerificationNotice';

export function Home({
  role,
  restrictedScopeId,
  onAuthError,
}: {
  role: Role | null;
  /** The scope a respondent is restricted to (issue 19): their new assessments assess it. */
  restrictedScopeId?: string;
  onAuthError: (e: unknown) => boolean;
}) {
  const [assessments, setAssessments] = useState<Assessment[] | null>(null);
  const [questionnaires, setQuestionnaires] = useState<QuestionnaireSummary[] | null>(null);
  const [chosen, setChosen] = useState('');
  /** The organisation's scopes (issue 19): empty when it has none, or when they cannot be read. */
  const [scopes, setScopes] = useState<Scope[]>([]);
  /** What a new assessment assesses: a scope's id, or '' for the whole organisation. */
  const [scopeChoice, setScopeChoice] = useState(restrictedScopeId ?? '');
  /** The milestone name saved on each submission, by assessment id (issue 19). */
  const [milestoneNames, setMilestoneNames] = useState<Record<string, string>>({});
  const { busy, error, setError, run: act } = useAction({ onAuthError });
  const id = useId();

  useEffect(() => {
    const fail = (e: unknown) => {
      if (!onAuthError(e)) setError(e);
    };
    api.assessments().then((r) => setAssessments(r.assessments), fail);
    // Milestone names are a nicety here: without them (or without the right to read them) the history still shows.
    if (roleMay(role, 'milestones.read'))
      api.milestones().then(
        (r) => setMilestoneNames(Object.fromEntries(r.milestones.map((m) => [m.assessmentId, m.name]))),
        () => undefined,
      );
    // Scopes are optional too: without them everything assesses the whole organisation.
    if (roleMay(role, 'scopes.read'))
      api.scopes().then(
        (r) => setScopes(r.scopes),
        () => undefined,
      );
    api.questionnaires().then((r) => {
      setQuestionnaires(r.questionnaires);
      setChosen(r.questionnaires[0]?.id ?? '');
    }, fail);
  }, [onAuthError, setError, role]);

  const sorted = [...(assessments ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  // Starting from earlier answers copies those of the same scope.
  const latestSubmitted = sorted.find((a) => a.status === 'submitted' && a.questionnaireId === chosen && (a.scopeId ?? '') === scopeChoice);
  const openDraft = sorted.find((a) => a.status === 'draft');

  const run = (action: () => Promise<Assessment>) =>
    act(async () => {
      const created = await action();
      navigate(assessmentPath(created.id));
    });
  const q = questionnaires?.find((x) => x.id === chosen);
  const titleOf = (qid: string) => questionnaires?.find((x) => x.id === qid)?.title ?? qid;
  /** The newest version a draft could move to, when it is not already on it. */
  const newerFor = (a: Assessment) => {
    const latest = questionnaires?.find((x) => x.id === a.questionnaireId)?.latest;
    return a.status === 'draft' && latest && latest !== a.version ? latest : null;
  };
  /** When and by whom it was started, when submitted, and its overall result: what tells two entries apart. */
  const describe = (a: Assessment) =>
    [
      `started ${formatDateTime(a.createdAt)} by ${a.createdBy.label}`,
      a.reopenedFrom ? 'from earlier answers' : null,
      a.status === 'submitted' && a.submittedAt
        ? `submitted ${formatDateTime(a.submittedAt)}${a.submittedBy ? ` by ${a.submittedBy.label}` : ''}`
        : `last saved ${formatDateTime(a.updatedAt)}`,
      a.scores ? `level ${a.scores.overall.level} ${levelName(a.scores.overall.level)} (${score2(a.scores.overall.score)})` : null,
      milestoneNames[a.id] ? `milestone "${milestoneNames[a.id]}"` : null,
    ]
      .filter(Boolean)
      .join(' · ');
  const linkOf = (a: Assessment) => `#${(a.status === 'draft' && resumeStore.get(a.id)) || assessmentPath(a.id)}`;

  return (
    <>
      <h1 tabIndex={-1}>Your assessments</h1>
      <ProblemNotice error={error} />
      {can.seeVerification(role) ? <VerificationNotice /> : null}
      {openDraft && can.answer(role) ? (
        <p className="notice">
          You have an assessment in progress. <a href={linkOf(openDraft)}>Continue where you left off</a>
        </p>
      ) : null}
      {can.answer(role) ? (
        <section className="card" aria-labelledby={`${id}-start`}>
          <h2 id={`${id}-start`}>Start a new assessment</h2>
          {questionnaires && questionnaires.length > 1 ? (
            <div className="field">
              <label htmlFor={`${id}-q`}>Questionnaire</label>
              <select id={`${id}-q`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
                {questionnaires.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.title} (version {x.latest})
                  </option>
                ))}
              </select>
            </div>
          ) : q ? (
            <p>
              {q.title}, version {q.latest}.
            </p>
          ) : null}
          {scopes.length > 0 ? (
            <div className="field">
              <label htmlFor={`${id}-scope`}>Assess</label>
              <select
                id={`${id}-scope`}
                value={scopeChoice}
                onChange={(e) => setScopeChoice(e.target.value)}
                aria-describedby={restrictedScopeId ? `${id}-scope-hint` : undefined}
              >
                {restrictedScopeId ? null : <option value="">The whole organisation</option>}
                {scopes
                  .filter((s) => !restrictedScopeId || s.id === restrictedScopeId)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
              </select>
              {restrictedScopeId ? (
                <p className="hint" id={`${id}-scope-hint`}>
                  You are restricted to this scope: your assessments assess it.
                </p>
              ) : null}
            </div>
          ) : null}
          {q ? <QuestionnaireEstimate id={q.id} version={q.latest} /> : null}
          <div className="actions">
            {latestSubmitted ? (
              <button type="button" onClick={() => run(() => api.reopen(latestSubmitted.id))} disabled={busy}>
                Start from your answers of {formatDateTime(latestSubmitted.submittedAt ?? latestSubmitted.createdAt)}
              </button>
            ) : null}
            <button
              type="button"
              className={latestSubmitted ? 'secondary' : undefined}
              onClick={() => q && run(() => api.start(q.id, q.latest, scopeChoice || undefined))}
              disabled={busy || !q}
            >
              {busy ? 'Starting…' : latestSubmitted ? 'Start an empty assessment' : 'Start assessment'}
            </button>
          </div>
        </section>
      ) : null}
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>History</h2>
        {assessments === null && !error ? <p aria-busy="true">Loading…</p> : null}
        {assessments?.length === 0 ? <p>No assessments yet.</p> : null}
        {sorted.length > 0 ? (
          <ul className="assessment-list">
            {sorted.map((a) => (
              <li key={a.id}>
                <a href={linkOf(a)}>
                  {titleOf(a.questionnaireId)}, version {a.version}
                  {scopes.length > 0 ? <span className="history-scope">, {scopeName(scopes, a.scopeId)}</span> : null}
                  <span className="visually-hidden">
                    , {a.status === 'draft' ? 'draft' : 'submitted'}, started {formatDateTime(a.createdAt)}
                  </span>
                </a>
                <span className={`badge badge-${a.status}`} aria-hidden="true">
                  {a.status === 'draft' ? 'Draft' : 'Submitted'}
                </span>
                {/* Two entries of one questionnaire differ here: when and by whom, and what came of it. */}
                <span className="hint history-facts">
                  {describe(a)}
                  {newerFor(a) ? ` · version ${newerFor(a)} available` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
