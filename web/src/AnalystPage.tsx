import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  api,
  type CohortDescription,
  type CohortFigures,
  type CohortFilter,
  type CohortTrend,
  type QuestionnaireSummary,
  type QuestionnaireVersion,
  type ReleaseInfo,
  type Taxonomy,
} from './api';
import { BandChart, type BandRow } from './BandChart';
import { choiceLabel, cohortLabel, countFigure, formatReleaseDate, saveFile } from './format';
import { DataTable, FigureText, QuartileCells } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
import { ReleaseNote } from './ReleaseNote';
import { POPULATION_NAMES, PopulationBadge } from './PopulationBadge';
import { REFERENCE_EXPLANATION } from '../../functions/contract/rules';
import { PooledVersionsNote } from './PooledVersionsNote';
import { useAction } from './useAction';

const LETTERS = 'ABCDEF';
const FIELDS = [
  ['industry', 'Industry'],
  ['sizeBand', 'Size'],
  ['region', 'Region'],
] as const;

/** The last `count` calendar quarters, newest first: "2026-Q4", … */
function recentQuarters(count: number, now = new Date()): string[] {
  const out: string[] = [];
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

/** The published versions of a questionnaire, newest first ("1.10.0" after "1.9.0"). */
function publishedVersions(q: QuestionnaireSummary | undefined): string[] {
  const parts = (v: string) => v.split('.').map(Number);
  const newer = (a: string, b: string) => {
    const [x, y] = [parts(a), parts(b)];
    const i = x.findIndex((n, j) => n !== y[j]);
    return i < 0 ? 0 : y[i]! - x[i]!;
  };
  return (q?.versions ?? [])
    .filter((v) => v.status === 'published')
    .map((v) => v.version)
    .sort(newer);
}

/**
 * A cohort as asked for, with its population: verified organisations (released figures),
 * the stored demo data, or the reference population (both synthetic, exact). Never all
 * of them pooled: exact synthetic figures cannot be added to noisy released ones.
 */
type AskedCohort = CohortFilter & { population?: 'synthetic' | 'reference' };

/** A cohort row of the form: its filters and a key that stays with it when an earlier row is removed. */
type CohortRow = AskedCohort & { rowKey: number };

/** Who a cohort's count counts. */
const organisationsOf = (s: CohortFigures) =>
  s.cohort.population === 'reference' ? 'reference organisations' : s.cohort.population === 'synthetic' ? 'synthetic organisations' : 'verified organisations';

/** "No figures: cohorts by size band are not published; …" (the API's own reason). */
const noFigures = (reason: string) => `No figures: ${reason}`;

/** Where a cohort's figures come from, in a table cell: the release date, or demo data. */
const releasedOn = (s: CohortFigures) =>
  s.release ? formatReleaseDate(s.release.date) : s.cohort.population === 'reference' ? 'Reference, exact' : s.synthetic ? 'Demo data, exact' : '–';

/**
 * One note for a set of cohorts: the release they share (or that they come from several),
 * and whether synthetic demo data among them is exact.
 */
function ReleaseSummary({ cohorts }: { cohorts: CohortFigures[] }) {
  const releases = new Map<string, ReleaseInfo>();
  for (const c of cohorts) if (c.release) releases.set(c.release.date, c.release);
  const synthetic = cohorts.some((c) => c.synthetic && !c.release && c.cohort.population !== 'reference');
  const reference = cohorts.some((c) => c.cohort.population === 'reference');
  const list = [...releases.values()];
  return (
    <>
      {list.length === 1 ? <ReleaseNote release={list[0]} synthetic={false} /> : null}
      {list.length > 1 ? (
        <p className="release-note" data-testid="release-note">
          Figures from {list.length} releases ({list.map((r) => formatReleaseDate(r.date)).join(', ')}; each cohort's is in the table) · figures include privacy
          noise; ranges are {Math.round(list[0]!.confidence * 100)}% intervals
        </p>
      ) : null}
      {synthetic ? <ReleaseNote release={undefined} synthetic /> : null}
      {reference ? (
        <p className="release-note" data-testid="reference-note">
          {REFERENCE_EXPLANATION}
        </p>
      ) : null}
    </>
  );
}

/** Cohorts side by side, for analysts: distributions per domain, never a suppressed cohort's figures. */
export default function AnalystPage({ onAuthError }: { onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  const [questionnaires, setQuestionnaires] = useState<QuestionnaireSummary[] | null>(null);
  const [questionnaireId, setQuestionnaireId] = useState('');
  const [version, setVersion] = useState<QuestionnaireVersion | null>(null);
  // The version whose figures to read: each domain pools only the versions that measure it the same way.
  const [chosenVersion, setChosenVersion] = useState('');
  const [cohorts, setCohorts] = useState<CohortRow[]>([{ rowKey: 0 }, { rowKey: 1 }]);
  const nextRowKey = useRef(2);
  const [result, setResult] = useState<{ asked: CohortDescription[]; cohorts: CohortFigures[] } | null>(null);
  const { busy, error, setError, run } = useAction({ onAuthError });
  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setError(e);
    },
    [onAuthError, setError],
  );

  useEffect(() => {
    api.taxonomy().then(setTaxonomy, fail);
    api.questionnaires().then((r) => {
      setQuestionnaires(r.questionnaires);
      setQuestionnaireId((q) => q || r.questionnaires[0]?.id || '');
    }, fail);
  }, [fail]);
  const chosenQuestionnaire = questionnaires?.find((x) => x.id === questionnaireId);
  const versions = publishedVersions(chosenQuestionnaire);
  // A newly chosen questionnaire starts at its newest published version.
  useEffect(() => {
    setChosenVersion(publishedVersions(chosenQuestionnaire)[0] ?? '');
  }, [chosenQuestionnaire]);
  // The chosen version's domains title the figures.
  useEffect(() => {
    if (chosenQuestionnaire && chosenVersion) api.questionnaire(chosenQuestionnaire.id, chosenVersion).then(setVersion, fail);
  }, [chosenQuestionnaire, chosenVersion, fail]);

  const asked = (): CohortDescription[] =>
    cohorts.map(({ rowKey: _rowKey, ...c }) => ({
      questionnaireId,
      ...(chosenVersion ? { version: chosenVersion } : {}),
      ...Object.fromEntries(Object.entries(c).filter(([, v]) => v)),
    }));

  const compare = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const cohortsAsked = asked();
      const r = await api.compare(cohortsAsked);
      setResult({ asked: cohortsAsked, cohorts: r.cohorts });
    });
  };

  const downloadCsv = () =>
    run(async () => {
      if (!result) return;
      const { blob, filename } = await api.compareCsv(result.asked);
      saveFile(blob, filename ?? 'aim-benchmark-comparison.csv');
    });

  const quarters = recentQuarters(8);
  const setCohort = (i: number, patch: AskedCohort) => setCohorts(cohorts.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <>
      <h1 tabIndex={-1}>Compare cohorts</h1>
      <p className="lead">
        Pick two to six cohorts of organisations. Figures for verified organisations come from a differentially private release, made on a fixed schedule and
        unchanged until the next one: each figure includes privacy noise and is shown with its 90% interval. Only some kinds of cohort are published, and a
        cohort too small in a release is withheld; for those the reason is shown instead of figures.
      </p>
      <ProblemNotice error={error} />
      <form className="card" onSubmit={compare} aria-labelledby={`${id}-form`}>
        <h2 id={`${id}-form`}>Cohorts</h2>
        {questionnaires && questionnaires.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-q`}>Questionnaire</label>
            <select id={`${id}-q`} value={questionnaireId} onChange={(e) => setQuestionnaireId(e.target.value)}>
              {questionnaires.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {versions.length > 0 ? (
          <div className="field">
            <label htmlFor={`${id}-version`}>Questionnaire version</label>
            <select id={`${id}-version`} value={chosenVersion} onChange={(e) => setChosenVersion(e.target.value)} aria-describedby={`${id}-version-hint`}>
              {versions.map((v, i) => (
                <option key={v} value={v}>
                  {i === 0 ? `${v} (latest)` : v}
                </option>
              ))}
            </select>
            <p className="hint" id={`${id}-version-hint`}>
              Figures of organisations on this version; a domain that kept its meaning pools earlier versions too.
            </p>
          </div>
        ) : null}
        <ol className="cohort-list">
          {cohorts.map((c, i) => (
            <li key={c.rowKey}>
              <fieldset className="cohort-row">
                <legend className="prompt">Cohort {LETTERS[i]}</legend>
                <div className="filter-grid">
                  {FIELDS.map(([field, label]) => (
                    <div className="field" key={field}>
                      <label htmlFor={`${id}-${i}-${field}`}>{label}</label>
                      <select id={`${id}-${i}-${field}`} value={c[field] ?? ''} onChange={(e) => setCohort(i, { [field]: e.target.value || undefined })}>
                        <option value="">Any</option>
                        {(taxonomy?.[field] ?? []).map((v) => (
                          <option key={v} value={v}>
                            {choiceLabel(v)}
                          </option>
                        ))}
                      </select>
                    </div>
                  ))}
                  <div className="field">
                    <label htmlFor={`${id}-${i}-period`}>Quarter</label>
                    <select id={`${id}-${i}-period`} value={c.period ?? ''} onChange={(e) => setCohort(i, { period: e.target.value || undefined })}>
                      <option value="">Current release</option>
                      {quarters.map((q) => (
                        <option key={q} value={q}>
                          {q} (last release)
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-${i}-population`}>Population</label>
                    <select
                      id={`${id}-${i}-population`}
                      value={c.population ?? ''}
                      aria-describedby={`${id}-population-hint`}
                      onChange={(e) =>
                        setCohort(i, { population: e.target.value === 'synthetic' || e.target.value === 'reference' ? e.target.value : undefined })
                      }
                    >
                      <option value="">{POPULATION_NAMES.real}</option>
                      <option value="synthetic">{POPULATION_NAMES.synthetic}</option>
                      <option value="reference">{POPULATION_NAMES.reference}</option>
                    </select>
                  </div>
                </div>
                {cohorts.length > 2 ? (
                  <button type="button" className="link-button" onClick={() => setCohorts(cohorts.filter((_, j) => j !== i))}>
                    Remove cohort {LETTERS[i]}
                  </button>
                ) : null}
              </fieldset>
            </li>
          ))}
        </ol>
        <p className="hint" id={`${id}-population-hint`}>
          Population: Real is verified organisations, from the privacy-protecting releases. Demo is the stored synthetic demonstration data; Reference is the
          reference population, synthetic organisations calibrated to published surveys. Both are exact, not real peers, and badged wherever they appear.
          Populations are never pooled: each cohort reads one.
        </p>
        <div className="actions">
          <button type="button" className="secondary" disabled={cohorts.length >= 6} onClick={() => setCohorts([...cohorts, { rowKey: nextRowKey.current++ }])}>
            Add a cohort
          </button>
          <button type="submit" disabled={busy || !questionnaireId}>
            {busy ? 'Comparing…' : 'Compare'}
          </button>
        </div>
      </form>

      {result ? <Comparison result={result} version={version} onCsv={downloadCsv} /> : null}
      {result ? <TrendSection cohorts={result.asked} onAuthError={onAuthError} /> : null}
    </>
  );
}

/** "A: Technology", "B: All organisations (synthetic demo data)", "C: Energy (reference population)". */
function cohortName(letter: string, c: CohortDescription | CohortFigures['cohort']) {
  const suffix = c.population === 'synthetic' ? ' (synthetic demo data)' : c.population === 'reference' ? ' (reference population)' : '';
  return `${letter}: ${cohortLabel(c)}${suffix}`;
}

function Comparison({
  result,
  version,
  onCsv,
}: {
  result: { asked: CohortDescription[]; cohorts: CohortFigures[] };
  version: QuestionnaireVersion | null;
  onCsv: () => void;
}) {
  const id = useId();
  const name = (i: number) => cohortName(LETTERS[i]!, result.cohorts[i]?.cohort ?? result.asked[i]!);
  const metrics: { key: string; title: string }[] = [
    { key: 'overall', title: 'Overall' },
    ...(version?.domains ?? []).map((d) => ({ key: d.id, title: d.title })),
  ];
  /** The figures of one metric: quartiles and median overall, the median alone per domain. */
  const figuresOf = (s: CohortFigures, key: string) => {
    if (s.suppressed) return undefined;
    if (key === 'overall') return { p25: s.overall.p25, p50: s.overall.p50, p75: s.overall.p75 };
    const d = s.domains[key];
    return d ? { p50: d.p50, answered: d.n } : undefined;
  };
  const rowFor = (s: CohortFigures, i: number, key: string): BandRow => {
    if (s.suppressed) return { key: String(i), label: name(i), note: 'No figures', detail: s.reason };
    const f = figuresOf(s, key);
    if (!f) return { key: String(i), label: name(i), note: 'Too few answers in this domain' };
    const count =
      'answered' in f && f.answered !== undefined
        ? `${s.release ? '≈ ' : ''}${f.answered} organisations answered`
        : `${countFigure(s.n, !s.release)} ${organisationsOf(s)}`;
    return {
      key: String(i),
      label: name(i),
      exact: !s.release,
      median: f.p50,
      quartiles: 'p25' in f && f.p25 && f.p75 ? { p25: f.p25, p75: f.p75 } : undefined,
      detail: count,
    };
  };
  const suppressedNote = (s: CohortFigures) => (s.suppressed ? noFigures(s.reason) : '');

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="comparison">
      <h2 id={`${id}-title`}>Side by side</h2>
      <ReleaseSummary cohorts={result.cohorts} />
      <PooledVersionsNote
        pooled={result.cohorts.find((c) => c.pooledVersions)?.pooledVersions}
        titleOf={(key) => metrics.find((m) => m.key === key)?.title ?? key}
      />
      <DataTable
        className="comparison-summary"
        caption="Cohorts and their overall scores"
        columns={[
          { label: 'Cohort' },
          { label: 'Released' },
          { label: 'Organisations', numeric: true },
          { label: '25th', numeric: true },
          { label: 'Median', numeric: true },
          { label: '75th', numeric: true },
        ]}
      >
        <tbody>
          {result.cohorts.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a cohort of a result is its position (its letter A–F); a result is replaced whole, never reordered
            <tr key={i}>
              <th scope="row">
                {name(i)} <PopulationBadge population={s.cohort.population} />
              </th>
              {s.suppressed ? (
                <td colSpan={5} className="suppressed">
                  {suppressedNote(s)}
                </td>
              ) : (
                <>
                  <td>
                    <span className="nowrap">{releasedOn(s)}</span>
                  </td>
                  <td className="num">
                    <FigureText text={countFigure(s.n, !s.release)} />
                  </td>
                  <QuartileCells of={s.overall} exact={!s.release} />
                </>
              )}
            </tr>
          ))}
        </tbody>
      </DataTable>
      <p className="hint">
        Each figure is followed by its 90% interval in brackets; exact figures (synthetic demo data) have none. Per domain only the median is published.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={onCsv}>
          Download CSV
        </button>
      </div>
      <div className="domain-charts">
        {metrics.map((m, i) => (
          <BandChart key={m.key} title={m.title} legend={i === 0 || i === 1} rows={result.cohorts.map((s, j) => rowFor(s, j, m.key))} />
        ))}
      </div>
      <details>
        <summary>All figures as a table</summary>
        <DataTable
          caption="Figures per domain and cohort"
          columns={[
            { label: 'Domain' },
            { label: 'Cohort' },
            { label: 'Organisations', numeric: true },
            { label: '25th', numeric: true },
            { label: 'Median', numeric: true },
            { label: '75th', numeric: true },
          ]}
        >
          <tbody>
            {metrics.flatMap((m) =>
              result.cohorts.map((s, i) => {
                const f = figuresOf(s, m.key);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a cohort of a result is its position (its letter A–F); a result is replaced whole, never reordered
                  <tr key={`${m.key}-${i}`}>
                    <th scope="row">{m.title}</th>
                    <td>
                      {name(i)} <PopulationBadge population={s.cohort.population} />
                    </td>
                    {f && !s.suppressed ? (
                      <>
                        <td className="num">
                          <FigureText text={'answered' in f ? `${s.release ? '≈ ' : ''}${f.answered}` : countFigure(s.n, !s.release)} />
                        </td>
                        <QuartileCells of={f} exact={!s.release} />
                      </>
                    ) : (
                      <td colSpan={4}>{s.suppressed ? suppressedNote(s) : 'Too few answers in this domain'}</td>
                    )}
                  </tr>
                );
              }),
            )}
          </tbody>
        </DataTable>
      </details>
    </section>
  );
}

/** The trend shows the overall score only: the versions its figures pool. */
function overallPooled(periods: CohortFigures[]) {
  const overall = periods.find((p) => p.pooledVersions?.overall)?.pooledVersions?.overall;
  return overall ? { overall } : undefined;
}

function TrendSection({ cohorts, onAuthError }: { cohorts: CohortDescription[]; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [which, setWhich] = useState(0);
  const [periods, setPeriods] = useState(4);
  const [trend, setTrend] = useState<CohortTrend | null>(null);
  const [error, setError] = useState<unknown>(null);
  const chosen = cohorts[Math.min(which, cohorts.length - 1)]!;
  const { period: _ignored, ...cohort } = chosen; // a trend spans quarters itself

  // biome-ignore lint/correctness/useExhaustiveDependencies: cohort is a new object every render; its JSON is the dependency, so the trend is fetched again only when the chosen cohort's filters change
  useEffect(() => {
    let live = true;
    setError(null);
    api.trend(cohort, periods).then(
      (t) => live && setTrend(t),
      (e: unknown) => live && !onAuthError(e) && setError(e),
    );
    return () => {
      live = false;
    };
  }, [JSON.stringify(cohort), periods, onAuthError]);

  async function downloadCsv() {
    try {
      const { blob, filename } = await api.trendCsv(cohort, periods);
      saveFile(blob, filename ?? 'aim-benchmark-trend.csv');
    } catch (e) {
      if (!onAuthError(e)) setError(e);
    }
  }

  const rows: BandRow[] = (trend?.periods ?? []).map((p) => {
    const label = p.cohort.period ?? '';
    if (p.suppressed) return { key: label, label, note: 'No figures', detail: p.reason };
    const o = p.overall;
    return {
      key: label,
      label,
      exact: !p.release,
      median: o.p50,
      quartiles: { p25: o.p25, p75: o.p75 },
      detail: `${countFigure(p.n, !p.release)} ${organisationsOf(p)}${p.release ? `; released ${formatReleaseDate(p.release.date)}` : ''}`,
    };
  });

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="trend">
      <h2 id={`${id}-title`}>Trend by quarter</h2>
      <div className="filter-grid">
        <div className="field">
          <label htmlFor={`${id}-which`}>Cohort</label>
          <select id={`${id}-which`} value={which} onChange={(e) => setWhich(Number(e.target.value))}>
            {cohorts.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the option's value is the cohort's position in the fixed list of a result (its letter A–F)
              <option key={i} value={i}>
                {cohortName(LETTERS[i]!, { ...c, period: undefined })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-periods`}>Quarters</label>
          <select id={`${id}-periods`} value={periods} onChange={(e) => setPeriods(Number(e.target.value))}>
            {[4, 8, 12].map((n) => (
              <option key={n} value={n}>
                Last {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ProblemNotice error={error} />
      {trend ? (
        <>
          <p className="hint">
            {trend.cohort.population === 'reference'
              ? 'The reference population has no time: every quarter shows the same exact figures.'
              : 'Each quarter shows the last release made in it.'}
          </p>
          <ReleaseSummary cohorts={trend.periods} />
          <PooledVersionsNote pooled={overallPooled(trend.periods)} titleOf={(key) => key} />
          <BandChart title={`Overall score by quarter: ${cohortLabel(trend.cohort)}`} rows={rows} />
          <DataTable
            caption="Overall score by quarter"
            columns={[
              { label: 'Quarter' },
              { label: 'Released' },
              { label: 'Organisations', numeric: true },
              { label: '25th', numeric: true },
              { label: 'Median', numeric: true },
              { label: '75th', numeric: true },
            ]}
          >
            <tbody>
              {trend.periods.map((p) => (
                <tr key={p.cohort.period}>
                  <th scope="row">
                    {p.cohort.period} <PopulationBadge population={p.cohort.population} />
                  </th>
                  {p.suppressed ? (
                    <td colSpan={5} className="suppressed">
                      {noFigures(p.reason)}
                    </td>
                  ) : (
                    <>
                      <td>
                        <span className="nowrap">{releasedOn(p)}</span>
                      </td>
                      <td className="num">
                        <FigureText text={countFigure(p.n, !p.release)} />
                      </td>
                      <QuartileCells of={p.overall} exact={!p.release} />
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </DataTable>
          <div className="actions">
            <button type="button" className="secondary" onClick={downloadCsv}>
              Download trend CSV
            </button>
          </div>
        </>
      ) : !error ? (
        <p aria-busy="true">Loading…</p>
      ) : null}
    </section>
  );
}
