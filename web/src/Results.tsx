import { useCallback, useEffect, useId, useState } from 'react';
import { api, levelName, type Assessment, type CohortFilter, type QuestionnaireVersion, type ReportModel, type Role } from './api';
import { AssuranceSummary } from './AssuranceSummary';
import { formatDate, formatDateTime, score2 } from './format';
import { DataTable } from './DataTable';
import { HeldByNote } from './HeldByNote';
import { ProblemNotice } from './ProblemNotice';
import { assessmentPath, navigate } from './route';
import { can } from './session';
import { TrendChart } from './TrendChart';
import { DomainExplanations } from './DomainExplanations';
import { scoreSentence } from './level-rule';
import { RecommendationList } from './RecommendationList';
import { StartHere } from './StartHere';
import { OverallTarget, TargetCell } from './TargetColumn';
import { useAction } from './useAction';
import { PeerComparison, type CohortMedian } from './PeerComparison';

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
  // The cohort on screen in the peer comparison: the PDF report compares with the same one.
  const [cohort, setCohort] = useState<CohortFilter | null>(null);
  // The organisation's targets, when it has set any: a column of the domain table and a line of the overall card.
  const targets = report?.targets ?? null;
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
            <p data-testid="level-explained">
              {scoreSentence(scores.overall.score, scores.overall.level, scores.method ?? 1, 'overall')}{' '}
              <span className="hint">Scored with method {scores.method ?? 1} (docs/scoring.md).</span>
            </p>
            {scores.overall.heldBy ? (
              <p>
                <HeldByNote level={scores.overall.level} heldBy={scores.overall.heldBy} questionnaire={questionnaire} />
              </p>
            ) : null}
            {targets ? <OverallTarget targets={targets} /> : null}
          </section>
          {leader ? <StartHere report={report} assessmentId={assessment.id} cohort={cohort} onAuthError={onAuthError} /> : null}
          <DataTable
            className="domain-scores"
            caption="Maturity by domain"
            columns={[{ label: 'Domain' }, { label: 'Score', numeric: true }, { label: 'Level' }, ...(targets ? [{ label: 'Target' }] : [])]}
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
                    {targets ? <TargetCell targets={targets} domainId={d.id} /> : null}
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

      {/* Which answers rest on imported evidence, and those that contradict it (issue 20). */}
      <AssuranceSummary assessment={assessment} questionnaire={questionnaire} />
      {leader && report ? <DomainExplanations report={report} /> : null}
      {leader && report ? <RecommendationList report={report} /> : null}
      {leader ? (
        <PeerComparison
          assessment={assessment}
          questionnaire={questionnaire}
          report={report}
          onAuthError={onAuthError}
          onMedian={setMedian}
          onCohort={setCohort}
        />
      ) : null}
      {leader && report ? <Trend report={report} questionnaire={questionnaire} median={median} /> : null}

      <section className="card" aria-labelledby={`${id}-next`}>
        <h2 id={`${id}-next`}>Next steps</h2>
        <div className="actions">
          {can.answer(role) ? <ReopenButton assessmentId={assessment.id} onAuthError={onAuthError} /> : null}
          <a href="#/">Back to your assessments</a>
        </div>
        {can.answer(role) ? <p className="hint">A new assessment starts with these answers filled in, so you only change what is different now.</p> : null}
      </section>
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
