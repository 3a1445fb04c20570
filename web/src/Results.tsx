import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, levelName, type Assessment, type CohortFilter, type CohortPosition, type QuestionnaireVersion, type ReportModel, type Role, type Taxonomy } from './api';
import { BandChart, type BandRow } from './BandChart';
import { choiceLabel, cohortLabel, formatDate, formatDateTime, saveFile, score2 } from './format';
import { DataTable, QuartileCells } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
import { assessmentPath, navigate } from './route';
import { can } from './session';
import { TrendChart } from './TrendChart';
import { useAction } from './useAction';
import { VerificationNotice } from './VerificationNotice';

interface Props {
  assessment: Assessment;
  questionnaire: QuestionnaireVersion;
  role: Role | null;
  onAuthError: (e: unknown) => boolean;
}

export default function Results({ assessment, questionnaire, role, onAuthError }: Props) {
  const id = useId();
  const scores = assessment.scores;
  const leader = can.readResults(role);
  const [report, setReport] = useState<ReportModel | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fail = (e: unknown) => { if (!onAuthError(e)) setError(e); };

  useEffect(() => {
    if (!leader) return;
    api.report(assessment.id).then(setReport, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [assessment.id, leader]);

  return (
    <>
      <h1 tabIndex={-1}>Your results</h1>
      <p className="lead">
        {questionnaire.title}, version {questionnaire.version}
        {assessment.submittedAt ? `, submitted ${formatDateTime(assessment.submittedAt)}` : ''}. Submitted answers are read-only.
      </p>
      <ProblemNotice error={error} />
      {scores ? (
        <>
          <section className="card overall" aria-labelledby={`${id}-overall`}>
            <h2 id={`${id}-overall`}>Overall maturity</h2>
            <p className="overall-score">
              <span className="level-number">Level {scores.overall.level}</span> <span className="level-name">{levelName(scores.overall.level)}</span>
            </p>
            <p>Score {score2(scores.overall.score)} out of 5</p>
          </section>
          <DataTable className="domain-scores" caption="Maturity by domain" columns={[{ label: 'Domain' }, { label: 'Score', numeric: true }, { label: 'Level' }]}>
            <tbody>
              {questionnaire.domains.map((d) => {
                const s = scores.domains[d.id];
                return (
                  <tr key={d.id}>
                    <th scope="row">
                      <a href={`#${assessmentPath(assessment.id, d.id)}`}>{d.title}</a>
                    </th>
                    <td className="num">{s ? score2(s.score) : '–'}</td>
                    <td>{s ? `${s.level} ${levelName(s.level)}` : 'Not scored'}</td>
                  </tr>
                );
              })}
            </tbody>
          </DataTable>
          <p className="hint">Select a domain to read the answers given in it.</p>
        </>
      ) : (
        <p>Scores are not available for this assessment.</p>
      )}

      {leader ? <Benchmark assessment={assessment} questionnaire={questionnaire} report={report} onAuthError={onAuthError} /> : null}
      {leader && report ? <Recommendations report={report} /> : null}
      {leader && report ? <Trend report={report} questionnaire={questionnaire} /> : null}

      <section className="card" aria-labelledby={`${id}-next`}>
        <h2 id={`${id}-next`}>Next steps</h2>
        <div className="actions">
          {leader ? <PdfButton assessmentId={assessment.id} onAuthError={onAuthError} /> : null}
          {can.answer(role) ? <ReopenButton assessmentId={assessment.id} onAuthError={onAuthError} /> : null}
          <a href="#/">Back to your assessments</a>
        </div>
        {can.answer(role) ? <p className="hint">A new assessment starts with these answers filled in, so you only change what is different now.</p> : null}
      </section>
    </>
  );
}

function PdfButton({ assessmentId, onAuthError }: { assessmentId: string; onAuthError: (e: unknown) => boolean }) {
  const { busy, error, run } = useAction({ onAuthError });
  const download = () =>
    run(async () => {
      const { blob, filename } = await api.reportPdf(assessmentId);
      saveFile(blob, filename ?? `aim-report-${assessmentId}.pdf`);
    });
  return (
    <>
      <button type="button" onClick={download} disabled={busy}>
        {busy ? 'Preparing the report…' : 'Download PDF report'}
      </button>
      <ProblemNotice error={error} />
    </>
  );
}

function ReopenButton({ assessmentId, onAuthError }: { assessmentId: string; onAuthError: (e: unknown) => boolean }) {
  const { busy, error, run } = useAction({ onAuthError });
  const reopen = () =>
    run(async () => {
      const draft = await api.reopen(assessmentId);
      navigate(assessmentPath(draft.id));
    });
  return (
    <>
      <button type="button" className="secondary" onClick={reopen} disabled={busy}>
        {busy ? 'Starting…' : 'Start a new assessment from these answers'}
      </button>
      <ProblemNotice error={error} />
    </>
  );
}

const FIELDS = [
  ['industry', 'Industry'],
  ['sizeBand', 'Size'],
  ['region', 'Region'],
] as const;

function Benchmark({ assessment, questionnaire, report, onAuthError }: { assessment: Assessment; questionnaire: QuestionnaireVersion; report: ReportModel | null; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  const [draft, setDraft] = useState<CohortFilter | null>(null);
  const [cohort, setCohort] = useState<CohortFilter | null>(null);
  const [position, setPosition] = useState<CohortPosition | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.taxonomy().then(setTaxonomy, () => undefined);
  }, []);
  // Start with the organisation's own industry, size and region (from the report's cover).
  useEffect(() => {
    if (!report || cohort) return;
    const o = report.cover.organisation;
    const own = { industry: o.industry, sizeBand: o.sizeBand, region: o.region };
    setDraft(own);
    setCohort(own);
  }, [report, cohort]);
  useEffect(() => {
    if (!cohort) return;
    let live = true;
    setBusy(true);
    setError(null);
    api
      .benchmark(assessment.id, cohort)
      .then((p) => live && setPosition(p), (e: unknown) => live && !onAuthError(e) && setError(e))
      .finally(() => live && setBusy(false));
    return () => { live = false; };
  }, [assessment.id, cohort, onAuthError]);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (draft) setCohort({ ...draft });
  }

  const rows: BandRow[] = [];
  if (position && !position.suppressed) {
    const o = position.overall;
    rows.push(o ? { key: 'overall', label: 'Overall', band: o, marker: o.score, detail: `percentile ${Math.round(o.percentile)}` } : { key: 'overall', label: 'Overall', note: 'No figures' });
    for (const d of questionnaire.domains) {
      const p = position.domains?.[d.id];
      rows.push(p ? { key: d.id, label: d.title, band: p, marker: p.score, detail: `percentile ${Math.round(p.percentile)}` } : { key: d.id, label: d.title, note: 'Too few answers in this cohort' });
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Compared with your peers</h2>
      <VerificationNotice />
      <form className="cohort-picker" onSubmit={apply} aria-label="Choose the cohort to compare with">
        {FIELDS.map(([field, label]) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{label}</label>
            <select id={`${id}-${field}`} value={draft?.[field] ?? ''} onChange={(e) => setDraft({ ...draft, [field]: e.target.value || undefined })}>
              <option value="">Any</option>
              {(taxonomy?.[field] ?? []).map((v) => (
                <option key={v} value={v}>{choiceLabel(v)}</option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit" disabled={busy || !draft}>Compare</button>
      </form>
      <ProblemNotice error={error} />
      <div aria-live="polite" aria-busy={busy}>
        {!position ? (
          <p aria-busy="true">Loading the cohort…</p>
        ) : position.suppressed ? (
          <p className="notice notice-warning" data-testid="cohort-suppressed">
            <strong>{cohortLabel(position.cohort)}: not shown, as too few organisations are in it or it could single some out.</strong>{' '}
            Cohorts are shown only when no organisation can be singled out, alone or set against other cohorts. Choose a broader
            cohort (set a filter to "Any").
          </p>
        ) : (
          <>
            <p data-testid="cohort-summary">
              <strong>{cohortLabel(position.cohort)}</strong>: {position.n} verified organisations.
              {position.overall ? ` Your overall score is above ${Math.round(position.overall.percentile)}% of them.` : ''}
              {position.synthetic ? ' The cohort includes demonstration data.' : ''}
            </p>
            <BandChart rows={rows} title={`Your scores against ${cohortLabel(position.cohort)}`} />
            <DataTable caption="The same figures as a table" columns={[{ label: 'Domain' }, { label: 'Your score', numeric: true }, { label: 'Percentile', numeric: true }, { label: '25th', numeric: true }, { label: 'Median', numeric: true }, { label: '75th', numeric: true }]}>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    {r.band ? (
                      <>
                        <td className="num">{r.marker !== undefined ? score2(r.marker) : '–'}</td>
                        <td className="num">{r.detail?.replace('percentile ', '') ?? '–'}</td>
                        <QuartileCells of={r.band} />
                      </>
                    ) : (
                      <td colSpan={5}>{r.note}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </>
        )}
      </div>
    </section>
  );
}

const EFFORT: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' };

function Recommendations({ report }: { report: ReportModel }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Recommended controls, in priority order</h2>
      {report.recommendations.length === 0 ? (
        <p>No controls to recommend: your answers meet every control this questionnaire checks.</p>
      ) : (
        <ol className="recommendations">
          {report.recommendations.map((r) => (
            <li key={r.id}>
              <h3>{r.title}</h3>
              <p>{r.action}</p>
              <p className="hint">
                Effort {EFFORT[r.effort]?.toLowerCase()}, impact {EFFORT[r.impact]?.toLowerCase()}
                {r.scoreGain > 0 ? `, up to +${score2(r.scoreGain)} overall` : ''}; within {r.window} days. Domains:{' '}
                {r.domains.map((d) => d.title).join(', ')}.
              </p>
              {r.frameworks.length ? (
                <details>
                  <summary>Framework references ({r.frameworks.length})</summary>
                  <ul className="frameworks">
                    {r.frameworks.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Trend({ report, questionnaire }: { report: ReportModel; questionnaire: QuestionnaireVersion }) {
  const id = useId();
  const points = report.trend.points;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Your trend</h2>
      {points.length < 2 ? (
        <p>This is your first submission of this questionnaire. Submit again later (start a new assessment from these answers) to see the trend.</p>
      ) : (
        <TrendChart
          title="Overall score by submission"
          series={[{ name: 'Your overall score', points: points.map((p) => ({ label: formatDate(p.submittedAt), value: p.overall })) }]}
          reference={report.trend.cohortMedian?.overall !== undefined ? { name: 'Cohort median today', value: report.trend.cohortMedian.overall } : undefined}
        />
      )}
      <DataTable
        caption={`Scores by submission${report.trend.omitted ? ` (${report.trend.omitted} older ones left out)` : ''}`}
        columns={[{ label: 'Submitted' }, { label: 'Overall', numeric: true }, ...questionnaire.domains.map((d) => ({ label: d.title, numeric: true }))]}
      >
        <tbody>
          {points.map((p) => (
            <tr key={p.assessmentId}>
              <th scope="row">
                {formatDate(p.submittedAt)} (v{p.version}){p.current ? ' (this one)' : ''}
              </th>
              <td className="num">{score2(p.overall)}</td>
              {questionnaire.domains.map((d) => (
                <td className="num" key={d.id}>{p.domains[d.id] !== undefined ? score2(p.domains[d.id]!) : '–'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  );
}

