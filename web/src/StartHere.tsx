/**
 * The first thing a leader reads under the overall score: the three actions to start with
 * (the report's quick wins, the first of the one ranking the PDF and report.json share) and
 * the PDF report for the cohort on screen.
 */
import { useEffect, useId, useState } from 'react';
import { api, type CohortFilter, type FileDownload, type ReportModel, type ReportRelease, reportReleaseOf } from './api';
import { cohortLabel, saveFile, score2 } from './format';
import { ProblemNotice } from './ProblemNotice';
import { reportReleaseText } from './report-text';
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

/**
 * The PDF for the cohort on screen. The report is stored once made; after a download the
 * button's hint says as of which benchmark release its peer figures are and, when a newer
 * release came out since, offers a fresh report.
 */
function PdfButton({ assessmentId, cohort, onAuthError }: { assessmentId: string; cohort: CohortFilter | null; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const { busy, error, run } = useAction({ onAuthError });
  const [release, setRelease] = useState<ReportRelease | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const compared = cohort ? cohortLabel(cohort) : 'All organisations';
  // Another cohort is another report: what was said of the last one no longer applies.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `compared` names the cohort; the object itself is new on every render
  useEffect(() => setRelease(null), [compared]);
  const save = (pdf: FileDownload) => {
    saveFile(pdf.blob, pdf.filename ?? `aim-report-${assessmentId}.pdf`);
    setRelease(reportReleaseOf(pdf.headers));
  };
  const download = () =>
    run(async () => {
      setRefreshing(false);
      save(await api.reportPdf(assessmentId, cohort ?? {}));
    });
  const refresh = () =>
    run(async () => {
      setRefreshing(true);
      save(await api.refreshReportPdf(assessmentId, cohort ?? {}));
    });
  return (
    <>
      <button type="button" onClick={download} disabled={busy} aria-describedby={`${id}-cohort`}>
        {busy && !refreshing ? 'Preparing the report…' : 'Download PDF report'}
      </button>
      <span className="hint" id={`${id}-cohort`} data-testid="pdf-cohort">
        Compares with {compared}, the cohort chosen under “Compared with your peers”.
      </span>
      <div role="status" className="report-release">
        {release && (
          <p className="hint" data-testid="report-release">
            {reportReleaseText(release)}
          </p>
        )}
      </div>
      {release && !release.current && (
        <button type="button" onClick={refresh} disabled={busy}>
          {busy && refreshing ? 'Making a fresh report…' : 'Get a fresh report'}
        </button>
      )}
      <ProblemNotice error={error} />
    </>
  );
}
