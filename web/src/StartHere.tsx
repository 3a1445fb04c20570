/**
 * The first thing a leader reads under the overall score: the three actions to start with
 * (the report's quick wins, the first of the one ranking the PDF and report.json share) and
 * the PDF report for the cohort on screen.
 */
import { useId } from 'react';
import { api, type CohortFilter, type ReportModel } from './api';
import { cohortLabel, saveFile, score2 } from './format';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';
import { windowText } from './RecommendationList';

/** The quick wins; when no control in the first 30 days raises the score, the first three of the ranking. */
export function topActions(report: ReportModel): ReportModel['recommendations'] {
  const byId = new Map(report.recommendations.map((c) => [c.id, c]));
  const wins = report.summary.quickWinIds.map((id) => byId.get(id)).filter((c) => c !== undefined);
  return wins.length ? wins : report.recommendations.slice(0, 3);
}

export function StartHere({
  report,
  assessmentId,
  cohort,
  onAuthError,
}: {
  report: ReportModel | null;
  assessmentId: string;
  cohort: CohortFilter | null;
  onAuthError: (e: unknown) => boolean;
}) {
  const id = useId();
  const top = report ? topActions(report) : [];
  return (
    <section className="card start-here" aria-labelledby={`${id}-title`} data-testid="start-here">
      <h2 id={`${id}-title`}>Start here</h2>
      {!report ? (
        <p className="hint" aria-busy="true">
          Loading your recommended actions…
        </p>
      ) : top.length === 0 ? (
        <p>No controls to recommend: your answers meet every control this questionnaire checks.</p>
      ) : (
        <>
          <ol className="top-actions">
            {top.map((c) => (
              <li key={c.id}>
                <strong>{c.title}</strong>
                <span className="hint">
                  {' '}
                  {c.scoreGain > 0 ? `+${score2(c.scoreGain)} overall, ` : ''}
                  {c.effort} effort, {windowText(c.window)}
                </span>
              </li>
            ))}
          </ol>
          <p className="hint">
            The first {top.length === 1 ? 'action' : `${top.length} actions`} of the {report.recommendations.length} recommended controls listed below, in the
            order the PDF report's roadmap plans them.
          </p>
        </>
      )}
      <div className="actions">
        <PdfButton assessmentId={assessmentId} cohort={cohort} onAuthError={onAuthError} />
      </div>
    </section>
  );
}

function PdfButton({ assessmentId, cohort, onAuthError }: { assessmentId: string; cohort: CohortFilter | null; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const { busy, error, run } = useAction({ onAuthError });
  const download = () =>
    run(async () => {
      const { blob, filename } = await api.reportPdf(assessmentId, cohort ?? {});
      saveFile(blob, filename ?? `aim-report-${assessmentId}.pdf`);
    });
  return (
    <>
      <button type="button" onClick={download} disabled={busy} aria-describedby={`${id}-cohort`}>
        {busy ? 'Preparing the report…' : 'Download PDF report'}
      </button>
      <span className="hint" id={`${id}-cohort`} data-testid="pdf-cohort">
        Compares with {cohort ? cohortLabel(cohort) : 'All organisations'}, the cohort chosen under “Compared with your peers”.
      </span>
      <ProblemNotice error={error} />
    </>
  );
}
