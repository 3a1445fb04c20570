import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type CohortDescription, type CohortFilter, type CohortStatistics, type CohortTrend, type QuestionnaireSummary, type QuestionnaireVersion, type Taxonomy } from './api';
import { BandChart, type BandRow } from './BandChart';
import { choiceLabel, cohortLabel, saveFile } from './format';
import { DataTable, QuartileCells } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
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

const SUPPRESSED = 'Suppressed to protect privacy';

/** Cohorts side by side, for analysts: distributions per domain, never a suppressed cohort's figures. */
export default function AnalystPage({ onAuthError }: { onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  const [questionnaires, setQuestionnaires] = useState<QuestionnaireSummary[] | null>(null);
  const [questionnaireId, setQuestionnaireId] = useState('');
  const [version, setVersion] = useState<QuestionnaireVersion | null>(null);
  const [cohorts, setCohorts] = useState<CohortFilter[]>([{}, {}]);
  const [result, setResult] = useState<{ asked: CohortDescription[]; cohorts: CohortStatistics[] } | null>(null);
  const { busy, error, setError, run } = useAction({ onAuthError });
  const fail = (e: unknown) => { if (!onAuthError(e)) setError(e); };

  useEffect(() => {
    api.taxonomy().then(setTaxonomy, fail);
    api.questionnaires().then((r) => {
      setQuestionnaires(r.questionnaires);
      setQuestionnaireId((q) => q || r.questionnaires[0]?.id || '');
    }, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const q = questionnaires?.find((x) => x.id === questionnaireId);
    if (q) api.questionnaire(q.id, q.latest).then(setVersion, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [questionnaireId, questionnaires]);

  const asked = (): CohortDescription[] => cohorts.map((c) => ({ questionnaireId, ...Object.fromEntries(Object.entries(c).filter(([, v]) => v)) }));

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
  const setCohort = (i: number, patch: CohortFilter) => setCohorts(cohorts.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <>
      <h1 tabIndex={-1}>Compare cohorts</h1>
      <p className="lead">
        Pick two to six cohorts of organisations. A cohort is suppressed when it holds too few organisations, or when its figures, set against other cohorts, could single some out; suppressed figures are never shown or estimated.
      </p>
      <ProblemNotice error={error} />
      <form className="card" onSubmit={compare} aria-labelledby={`${id}-form`}>
        <h2 id={`${id}-form`}>Cohorts</h2>
        {questionnaires && questionnaires.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-q`}>Questionnaire</label>
            <select id={`${id}-q`} value={questionnaireId} onChange={(e) => setQuestionnaireId(e.target.value)}>
              {questionnaires.map((q) => (
                <option key={q.id} value={q.id}>{q.title}</option>
              ))}
            </select>
          </div>
        ) : null}
        <ol className="cohort-list">
          {cohorts.map((c, i) => (
            <li key={i}>
              <fieldset className="cohort-row">
                <legend className="prompt">Cohort {LETTERS[i]}</legend>
                <div className="filter-grid">
                  {FIELDS.map(([field, label]) => (
                    <div className="field" key={field}>
                      <label htmlFor={`${id}-${i}-${field}`}>{label}</label>
                      <select id={`${id}-${i}-${field}`} value={c[field] ?? ''} onChange={(e) => setCohort(i, { [field]: e.target.value || undefined })}>
                        <option value="">Any</option>
                        {(taxonomy?.[field] ?? []).map((v) => (
                          <option key={v} value={v}>{choiceLabel(v)}</option>
                        ))}
                      </select>
                    </div>
                  ))}
                  <div className="field">
                    <label htmlFor={`${id}-${i}-period`}>Quarter</label>
                    <select id={`${id}-${i}-period`} value={c.period ?? ''} onChange={(e) => setCohort(i, { period: e.target.value || undefined })}>
                      <option value="">Latest of each organisation</option>
                      {quarters.map((q) => (
                        <option key={q} value={q}>{q}</option>
                      ))}
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
        <div className="actions">
          <button type="button" className="secondary" disabled={cohorts.length >= 6} onClick={() => setCohorts([...cohorts, {}])}>
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

function Comparison({ result, version, onCsv }: { result: { asked: CohortDescription[]; cohorts: CohortStatistics[] }; version: QuestionnaireVersion | null; onCsv: () => void }) {
  const id = useId();
  const name = (i: number) => `${LETTERS[i]}: ${cohortLabel(result.cohorts[i]?.cohort ?? result.asked[i]!)}`;
  const metrics: { key: string; title: string }[] = [{ key: 'overall', title: 'Overall' }, ...(version?.domains ?? []).map((d) => ({ key: d.id, title: d.title }))];
  const dist = (s: CohortStatistics, key: string) => (s.suppressed ? undefined : key === 'overall' ? s.overall : s.domains[key]);
  const rowFor = (s: CohortStatistics, i: number, key: string): BandRow => {
    if (s.suppressed) return { key: String(i), label: name(i), note: SUPPRESSED };
    const d = dist(s, key);
    return d ? { key: String(i), label: name(i), band: d, detail: `${s.n} verified organisations` } : { key: String(i), label: name(i), note: 'Too few answers in this domain' };
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="comparison">
      <h2 id={`${id}-title`}>Side by side</h2>
      <DataTable className="comparison-summary" caption="Cohorts and their overall scores" columns={[{ label: 'Cohort' }, { label: 'Organisations', numeric: true }, { label: '25th', numeric: true }, { label: 'Median', numeric: true }, { label: '75th', numeric: true }]}>
        <tbody>
          {result.cohorts.map((s, i) => (
            <tr key={i}>
              <th scope="row">{name(i)}</th>
              {s.suppressed ? (
                <td colSpan={4} className="suppressed">{SUPPRESSED}</td>
              ) : (
                <>
                  <td className="num">{s.n}</td>
                  <QuartileCells of={s.overall} />
                </>
              )}
            </tr>
          ))}
        </tbody>
      </DataTable>
      <div className="actions">
        <button type="button" className="secondary" onClick={onCsv}>Download CSV</button>
      </div>
      <div className="domain-charts">
        {metrics.map((m, i) => (
          <BandChart key={m.key} title={m.title} legend={i === 0} rows={result.cohorts.map((s, j) => rowFor(s, j, m.key))} />
        ))}
      </div>
      <details>
        <summary>All figures as a table</summary>
        <DataTable caption="Distribution per domain and cohort" columns={[{ label: 'Domain' }, { label: 'Cohort' }, { label: 'Organisations', numeric: true }, { label: '25th', numeric: true }, { label: 'Median', numeric: true }, { label: '75th', numeric: true }]}>
          <tbody>
            {metrics.flatMap((m) =>
              result.cohorts.map((s, i) => {
                const d = dist(s, m.key);
                return (
                  <tr key={`${m.key}-${i}`}>
                    <th scope="row">{m.title}</th>
                    <td>{name(i)}</td>
                    {d && !s.suppressed ? (
                      <>
                        <td className="num">{s.n}</td>
                        <QuartileCells of={d} />
                      </>
                    ) : (
                      <td colSpan={4}>{s.suppressed ? SUPPRESSED : 'Too few answers in this domain'}</td>
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

function TrendSection({ cohorts, onAuthError }: { cohorts: CohortDescription[]; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [which, setWhich] = useState(0);
  const [periods, setPeriods] = useState(4);
  const [trend, setTrend] = useState<CohortTrend | null>(null);
  const [error, setError] = useState<unknown>(null);
  const chosen = cohorts[Math.min(which, cohorts.length - 1)]!;
  const { period: _ignored, ...cohort } = chosen; // a trend spans quarters itself

  useEffect(() => {
    let live = true;
    setError(null);
    api.trend(cohort, periods).then((t) => live && setTrend(t), (e: unknown) => live && !onAuthError(e) && setError(e));
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
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
    if (p.suppressed) return { key: label, label, note: SUPPRESSED };
    return p.overall ? { key: label, label, band: p.overall, detail: `${p.n} verified organisations` } : { key: label, label, note: 'No figures' };
  });

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="trend">
      <h2 id={`${id}-title`}>Trend by quarter</h2>
      <div className="filter-grid">
        <div className="field">
          <label htmlFor={`${id}-which`}>Cohort</label>
          <select id={`${id}-which`} value={which} onChange={(e) => setWhich(Number(e.target.value))}>
            {cohorts.map((c, i) => (
              <option key={i} value={i}>{LETTERS[i]}: {cohortLabel({ ...c, period: undefined })}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-periods`}>Quarters</label>
          <select id={`${id}-periods`} value={periods} onChange={(e) => setPeriods(Number(e.target.value))}>
            {[4, 8, 12].map((n) => (
              <option key={n} value={n}>Last {n}</option>
            ))}
          </select>
        </div>
      </div>
      <ProblemNotice error={error} />
      {trend ? (
        <>
          <BandChart title={`Overall score by quarter: ${cohortLabel(trend.cohort)}`} rows={rows} />
          <DataTable caption="Overall score by quarter" columns={[{ label: 'Quarter' }, { label: 'Organisations', numeric: true }, { label: '25th', numeric: true }, { label: 'Median', numeric: true }, { label: '75th', numeric: true }]}>
            <tbody>
              {trend.periods.map((p) => (
                <tr key={p.cohort.period}>
                  <th scope="row">{p.cohort.period}</th>
                  {p.suppressed || !p.overall ? (
                    <td colSpan={4}>{SUPPRESSED}</td>
                  ) : (
                    <>
                      <td className="num">{p.n}</td>
                      <QuartileCells of={p.overall} />
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </DataTable>
          <div className="actions">
            <button type="button" className="secondary" onClick={downloadCsv}>Download trend CSV</button>
          </div>
        </>
      ) : !error ? (
        <p aria-busy="true">Loading…</p>
      ) : null}
    </section>
  );
}
