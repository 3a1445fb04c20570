/**
 * The owner's and leader's comparison with peers: a cohort picker and the cohort's
 * released (or exact synthetic) figures beside the organisation's own scores.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Assessment, type CohortFilter, type CohortPosition, type Figure, type QuestionnaireVersion, type ReportModel, type Taxonomy } from './api';
import { BandChart, type BandRow } from './BandChart';
import { choiceLabel, cohortLabel, countFigure, percentileFigure, score2 } from './format';
import { DataTable, FigureText, QuartileCells } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
import { ReleaseNote } from './ReleaseNote';
import { PooledVersionsNote } from './PooledVersionsNote';
import { VerificationNotice } from './VerificationNotice';

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

export function PeerComparison({
  assessment,
  questionnaire,
  report,
  onAuthError,
  onMedian,
  onCohort,
}: {
  assessment: Assessment;
  questionnaire: QuestionnaireVersion;
  report: ReportModel | null;
  onAuthError: (e: unknown) => boolean;
  onMedian: (m: CohortMedian | null) => void;
  /** The cohort whose figures are on screen (the PDF report compares with the same one). */
  onCohort?: (cohort: CohortFilter) => void;
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
    if (cohort) onCohort?.(cohort);
  }, [cohort, onCohort]);
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
