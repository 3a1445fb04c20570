import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import {
  api,
  levelName,
  type Assessment,
  type CohortFilter,
  type CohortPosition,
  type Figure,
  type QuestionnaireVersion,
  type ReportModel,
  type Role,
  type Taxonomy,
} from './api';
import { BandChart, type BandRow } from './BandChart';
import { choiceLabel, cohortLabel, countFigure, formatDate, formatDateTime, percentileFigure, saveFile, score2 } from './format';
import { DataTable, FigureText, QuartileCells } from './DataTable';
import { HeldByNote } from './HeldByNote';
import { ProblemNotice } from './ProblemNotice';
import { ReleaseNote } from './ReleaseNote';
import { PooledVersionsNote } from './PooledVersionsNote';
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
  const [median, setMedian] = useState<CohortMedian | null>(null);
  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setError(e);
    },
    [onAuthError],
  );

  useEffect(() => {
    if (!leader) return;
    api.report(assessment.id).then(setReport, fail);
  }, [assessment.id, leader, fail]);

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
            <p>Scored with method {scores.method ?? 1} (docs/scoring.md)</p>
            {scores.overall.heldBy ? (
              <p>
                <HeldByNote level={scores.overall.level} heldBy={scores.overall.heldBy} questionnaire={questionnaire} />
              </p>
            ) : null}
          </section>
          <DataTable
            className="domain-scores"
            caption="Maturity by domain"
            columns={[{ label: 'Domain' }, { label: 'Score', numeric: true }, { label: 'Level' }]}
          >
            <tbody>
              {questionnaire.domains.map((d) => {
                const s = scores.domains[d.id];
                return (
                  <tr key={d.id}>
                    <th scope="row">
                      <a href={`#${assessmentPath(assessment.id, d.id)}`}>{d.title}</a>
                    </th>
                    <td className="num">{s ? score2(s.score) : '–'}</td>
                    <td>
                      {s ? `${s.level} ${levelName(s.level)}` : 'Not scored'}
                      {s?.heldBy ? (
                        <div>
                          <HeldByNote level={s.level} heldBy={s.heldBy} questionnaire={questionnaire} />
                        </div>
                      ) : null}
                    </td>
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

      {leader ? <Benchmark assessment={assessment} questionnaire={questionnaire} report={report} onAuthError={onAuthError} onMedian={setMedian} /> : null}
      {leader && report ? <Recommendations report={report} /> : null}
      {leader && report ? <Trend report={report} questionnaire={questionnaire} median={median} /> : null}

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

/** A shown cohort's median of the overall score, for the trend chart's reference. */
export interface CohortMedian {
  cohort: string;
  median: Figure;
  exact: boolean;
}

function Benchmark({
  assessment,
  questionnaire,
  report,
  onAuthError,
  onMedian,
}: {
  assessment: Assessment;
  questionnaire: QuestionnaireVersion;
  report: ReportModel | null;
  onAuthError: (e: unknown) => boolean;
  onMedian: (m: CohortMedian | null) => void;
}) {
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
  // Start with the organisation's own industry (from the report's cover): cohorts that also
  // fix a size band or a region are narrower than a release usually publishes.
  useEffect(() => {
    if (!report || cohort) return;
    const own = { industry: report.cover.organisation.industry };
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
      .then(
        (p) => {
          if (!live) return;
          setPosition(p);
          onMedian(p.suppressed ? null : { cohort: cohortLabel(p.cohort), median: p.overall.p50, exact: !p.release });
        },
        (e: unknown) => live && !onAuthError(e) && setError(e),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [assessment.id, cohort, onAuthError, onMedian]);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (draft) setCohort({ ...draft });
  }

  const rows: BandRow[] = [];
  const exact = !position?.release;
  if (position && !position.suppressed) {
    const o = position.overall;
    rows.push({
      key: 'overall',
      label: 'Overall',
      exact,
      median: o.p50,
      quartiles: { p25: o.p25, p75: o.p75 },
      marker: o.score,
      detail: `percentile ${percentileFigure(o.percentile, exact)}`,
    });
    for (const d of questionnaire.domains) {
      const p = position.domains[d.id];
      rows.push(
        p ? { key: d.id, label: d.title, exact, median: p.p50, marker: p.score } : { key: d.id, label: d.title, note: 'Too few answers in this cohort' },
      );
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Compared with your peers</h2>
      <VerificationNotice />
      <form className="cohort-picker" onSubmit={apply} aria-label="Choose the cohort to compare with" aria-describedby={`${id}-levels`}>
        {FIELDS.map(([field, label]) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{label}</label>
            <select id={`${id}-${field}`} value={draft?.[field] ?? ''} onChange={(e) => setDraft({ ...draft, [field]: e.target.value || undefined })}>
              <option value="">Any</option>
              {(taxonomy?.[field] ?? []).map((v) => (
                <option key={v} value={v}>
                  {choiceLabel(v)}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit" disabled={busy || !draft}>
          Compare
        </button>
      </form>
      <p className="hint" id={`${id}-levels`}>
        Peer figures are published only for some kinds of cohort, and only when the cohort is large enough; for any other choice the reason is shown here
        instead.
      </p>
      <ProblemNotice error={error} />
      <div aria-live="polite" aria-busy={busy}>
        {!position ? (
          <p aria-busy="true">Loading the cohort…</p>
        ) : position.suppressed ? (
          <p className="notice notice-warning" data-testid="cohort-suppressed">
            <strong>{cohortLabel(position.cohort)}: no figures.</strong> {sentence(position.reason)} Choose a broader cohort (set a filter to "Any").
          </p>
        ) : (
          <>
            <p data-testid="cohort-summary">
              <strong>{cohortLabel(position.cohort)}</strong>: {countFigure(position.n, exact)} verified organisations.
              {` Your overall score is above ${percentText(position.overall.percentile, exact)} of them.`}
            </p>
            <ReleaseNote release={position.release} synthetic={position.synthetic} />
            <PooledVersionsNote pooled={position.pooledVersions} titleOf={(id) => questionnaire.domains.find((d) => d.id === id)?.title ?? id} />
            <BandChart rows={rows} title={`Your scores against ${cohortLabel(position.cohort)}`} />
            <DataTable
              caption="The same figures as a table"
              columns={[
                { label: 'Domain' },
                { label: 'Your score', numeric: true },
                { label: 'Percentile', numeric: true },
                { label: '25th', numeric: true },
                { label: 'Median', numeric: true },
                { label: '75th', numeric: true },
              ]}
            >
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    {r.median ? (
                      <>
                        <td className="num">{r.marker !== undefined ? score2(r.marker) : '–'}</td>
                        <td className="num">{r.key === 'overall' ? <FigureText text={percentileFigure(position.overall.percentile, exact)} /> : '–'}</td>
                        <QuartileCells of={{ ...r.quartiles, p50: r.median }} exact={exact} />
                      </>
                    ) : (
                      <td colSpan={5}>{r.note}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </DataTable>
            <p className="hint">Per domain only the cohort's median is published. Ranges in brackets are 90% intervals.</p>
          </>
        )}
      </div>
    </section>
  );
}

/** "64%", or "about 64% (90% interval 52–75%)" for a released percentile. */
function percentText(f: Figure, exact: boolean): string {
  const r = (n: number) => Math.round(n);
  return exact ? `${r(f.value)}%` : `about ${r(f.value)}% (90% interval ${r(f.low)}–${r(f.high)}%)`;
}

/** The API's reason as a sentence: capital first, full stop last. */
const sentence = (text: string) => {
  const t = text.trim();
  return t ? `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : '';
};

const EFFORT: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' };
/** The step of a control split into steps, as the PDF names it (docs/reports.md). */
const STAGE: Record<string, string> = { foundational: 'Foundational step', advanced: 'Advanced step' };

function Recommendations({ report }: { report: ReportModel }) {
  const id = useId();
  const titles = new Map(report.recommendations.map((r) => [r.id, r.title]));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Recommended controls, in priority order</h2>
      {report.recommendations.length === 0 ? (
        <p>No controls to recommend: your answers meet every control this questionnaire checks.</p>
      ) : (
        <ol className="recommendations">
          {report.recommendations.map((r) => (
            <li key={r.id}>
              <h3>
                {r.title}
                {r.stage ? <span className="stage"> · {STAGE[r.stage]}</span> : null}
              </h3>
              <p>{r.action}</p>
              <p className="hint">
                Effort {EFFORT[r.effort]?.toLowerCase()}, impact {EFFORT[r.impact]?.toLowerCase()}
                {r.scoreGain > 0 ? `, +${score2(r.scoreGain)} overall at the next level` : ''};{' '}
                {r.window === 'later' ? 'after the first 90 days' : `within ${r.window} days`}. Domains: {r.domains.map((d) => d.title).join(', ')}.
              </p>
              {r.prerequisites.length ? <p className="prerequisites">After: {r.prerequisites.map((p) => titles.get(p) ?? p).join('; ')}</p> : null}
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

function Trend({ report, questionnaire, median }: { report: ReportModel; questionnaire: QuestionnaireVersion; median: CohortMedian | null }) {
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
          series={[{ name: 'Your overall score', points: points.map((p) => ({ key: p.assessmentId, label: formatDate(p.submittedAt), value: p.overall })) }]}
          reference={
            median
              ? {
                  name: `Cohort median (${median.cohort})${median.exact ? '' : ', current release'}`,
                  value: median.median.value,
                  ...(median.exact ? {} : { low: median.median.low, high: median.median.high }),
                }
              : undefined
          }
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
                <td className="num" key={d.id}>
                  {p.domains[d.id] !== undefined ? score2(p.domains[d.id]!) : '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  );
}
