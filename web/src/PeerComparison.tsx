/**
 * The owner's and leader's comparison with peers: a cohort picker and the cohort's
 * released (or exact synthetic) figures beside the organisation's own scores. Until the
 * real cohort can be shown, the API answers with the reference population: shown here
 * with its badge and explanation, the real cohort's count as the release allows and when
 * it may open; once it opens, a notice says so (the last state seen is kept per
 * organisation and cohort in localStorage).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { REFERENCE_EXPLANATION, realCohortSentence } from '../../functions/contract/rules';
import { api, type Assessment, type CohortFilter, type CohortPosition, type Figure, type QuestionnaireVersion, type ReportModel, type Taxonomy } from './api';
import { BandChart, type BandRow } from './BandChart';
import { choiceLabel, cohortLabel, countFigure, percentileFigure, score2 } from './format';
import { DataTable, FigureText, QuartileCells } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
import { ReleaseNote } from './ReleaseNote';
import { PooledVersionsNote } from './PooledVersionsNote';
import { VerificationNotice } from './VerificationNotice';
import { PopulationBadge } from './PopulationBadge';

/** What the organisation last saw for a cohort: the reference population, or real peers. */
type SeenState = 'reference' | 'real';
const seenKey = (organisationId: string, questionnaireId: string, c: CohortFilter) =>
  `aim.peer-cohort.${organisationId}.${questionnaireId}.${c.industry ?? '*'}.${c.sizeBand ?? '*'}.${c.region ?? '*'}`;

/** Reads and records the state last seen; storage may be unavailable (private mode), then nothing is remembered. */
function swapSeen(key: string, now: SeenState): SeenState | null {
  try {
    const before = window.localStorage.getItem(key);
    window.localStorage.setItem(key, now);
    return before === 'reference' || before === 'real' ? before : null;
  } catch {
    return null;
  }
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
  /** True when this cohort showed the reference population last time and now shows real peers. */
  const [opened, setOpened] = useState(false);

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
          const organisationId = report?.cover.organisation.id;
          const before =
            organisationId && !p.suppressed ? swapSeen(seenKey(organisationId, assessment.questionnaireId, cohort), p.reference ? 'reference' : 'real') : null;
          setOpened(before === 'reference' && !p.suppressed && !p.reference);
          const label = p.reference ? `${cohortLabel(p.cohort)} (reference population)` : cohortLabel(p.cohort);
          onMedian(p.suppressed ? null : { cohort: label, median: p.overall.p50, exact: !p.release });
        },
        (e: unknown) => live && !onAuthError(e) && setError(e),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [assessment.id, assessment.questionnaireId, cohort, onAuthError, onMedian, report]);

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
        Figures of real peers are published only for some kinds of cohort, and only once the cohort holds enough verified organisations. Until then you are
        compared with the reference population, labelled as such, and told how many verified organisations your real cohort holds and when it opens.
      </p>
      <ProblemNotice error={error} />
      <div aria-live="polite" aria-busy={busy}>
        {!position ? (
          <p aria-busy="true">Loading the cohort…</p>
        ) : position.suppressed ? (
          <p className="notice notice-warning" data-testid="cohort-suppressed">
            <strong>{cohortLabel(position.cohort)}: no figures.</strong> {sentence(position.reason)} Figures appear here once this cohort can be shown.
          </p>
        ) : (
          <>
            {opened ? (
              <p className="notice" role="status" data-testid="real-cohort-opened">
                <strong>Your real cohort has opened.</strong> These figures now compare you with verified organisations, no longer with the reference
                population.
              </p>
            ) : null}
            {position.reference ? (
              <div className="notice notice-warning" data-testid="reference-notice">
                <p>
                  <PopulationBadge population="reference" /> <strong>{REFERENCE_EXPLANATION}</strong>
                </p>
                {position.realCohort ? <p data-testid="real-cohort-status">{realCohortSentence(position.realCohort)}</p> : null}
              </div>
            ) : null}
            <p data-testid="cohort-summary">
              <strong>{cohortLabel(position.cohort)}</strong>
              {position.reference
                ? `: ${countFigure(position.n, exact)} reference organisations (synthetic). Your overall score is above ${percentText(position.overall.percentile, exact)} of them.`
                : `: ${countFigure(position.n, exact)} verified organisations. Your overall score is above ${percentText(position.overall.percentile, exact)} of them.`}
            </p>
            {position.reference ? null : <ReleaseNote release={position.release} synthetic={position.synthetic} />}
            <PooledVersionsNote pooled={position.pooledVersions} titleOf={(id) => questionnaire.domains.find((d) => d.id === id)?.title ?? id} />
            <BandChart rows={rows} title={`Your scores against ${cohortLabel(position.cohort)}${position.reference ? ' (reference population)' : ''}`} />
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
