import { useEffect, useId, useState } from 'react';
import { api, levelName, type Assessment, type QuestionnaireSummary } from './api';
import { navigate } from './route';
import { ProblemNotice } from './ProblemNotice';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function Home({ onAuthError }: { onAuthError: (e: unknown) => boolean }) {
  const [assessments, setAssessments] = useState<Assessment[] | null>(null);
  const [questionnaires, setQuestionnaires] = useState<QuestionnaireSummary[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    const fail = (e: unknown) => { if (!onAuthError(e)) setError(e); };
    api.assessments().then((r) => setAssessments(r.assessments), fail);
    api.questionnaires().then((r) => {
      setQuestionnaires(r.questionnaires);
      setChosen(r.questionnaires[0]?.id ?? '');
    }, fail);
  }, [onAuthError]);

  async function start() {
    const q = questionnaires?.find((x) => x.id === chosen);
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.start(q.id, q.latest);
      navigate(`/assessments/${created.id}`);
    } catch (e) {
      if (!onAuthError(e)) setError(e);
      setBusy(false);
    }
  }

  const sorted = [...(assessments ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const titleOf = (qid: string) => questionnaires?.find((q) => q.id === qid)?.title ?? qid;

  return (
    <>
      <h1 tabIndex={-1}>Your assessments</h1>
      <ProblemNotice error={error} />
      <section className="card" aria-labelledby={`${id}-start`}>
        <h2 id={`${id}-start`}>Start a new assessment</h2>
        {questionnaires && questionnaires.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-q`}>Questionnaire</label>
            <select id={`${id}-q`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              {questionnaires.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.title} (version {q.latest})
                </option>
              ))}
            </select>
          </div>
        ) : questionnaires?.[0] ? (
          <p>
            {questionnaires[0].title}, version {questionnaires[0].latest}. {questionnaires[0].description}
          </p>
        ) : null}
        <button type="button" onClick={start} disabled={busy || !chosen}>
          {busy ? 'Starting…' : 'Start assessment'}
        </button>
      </section>
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>History</h2>
        {assessments === null && !error ? <p aria-busy="true">Loading…</p> : null}
        {assessments?.length === 0 ? <p>No assessments yet.</p> : null}
        {sorted.length > 0 ? (
          <ul className="assessment-list">
            {sorted.map((a) => (
              <li key={a.id}>
                <a href={`#/assessments/${encodeURIComponent(a.id)}`}>
                  {titleOf(a.questionnaireId)} {a.version}
                </a>
                <span className={`badge badge-${a.status}`}>{a.status === 'draft' ? 'Draft' : 'Submitted'}</span>
                <span className="hint">
                  {a.status === 'submitted' && a.submittedAt
                    ? `submitted ${dateFormat.format(new Date(a.submittedAt))}`
                    : `started ${dateFormat.format(new Date(a.createdAt))}`}
                  {a.scores ? ` · level ${a.scores.overall.level} ${levelName(a.scores.overall.level)} (${a.scores.overall.score.toFixed(2)})` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
