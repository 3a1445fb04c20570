/**
 * A comparison at its own address (#/progress/compare/<from>/<to>, issue 19): the two
 * submissions side by side, and the choice of two others.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { api, type Comparison, type ProgressPoint } from './api';
import { ComparisonForm } from './ComparisonForm';
import { ComparisonView } from './ComparisonView';
import { ProblemNotice } from './ProblemNotice';
import { ProgrammeNav } from './ProgrammeNav';

export function ComparisonPage({ from, to, onAuthError }: { from: string; to: string; onAuthError: (e: unknown) => boolean }) {
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [points, setPoints] = useState<ProgressPoint[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    setComparison(null);
    setError(null);
    (async () => {
      const found = await api.comparison(from, to);
      if (!live) return;
      setComparison(found);
      const progress = await api.progress(found.questionnaireId);
      if (live) setPoints(progress.points);
    })().catch((e: unknown) => {
      if (live && !onAuthError(e)) setError(e);
    });
    // A new pair keeps the page (the route stays "progress"): the heading takes focus, as on a new page.
    heading.current?.focus();
    return () => {
      live = false;
    };
  }, [from, to, onAuthError]);

  const title = comparison ? `${comparison.from.milestone?.name ?? 'Earlier submission'} and ${comparison.to.milestone?.name ?? 'later submission'}` : null;
  useEffect(() => {
    if (title) document.title = `Compare: ${title} · AIM`;
  }, [title]);

  return (
    <>
      <ProgrammeNav current="progress" />
      <h1 tabIndex={-1} ref={heading}>
        Compare submissions
      </h1>
      <p>
        <a href="#/progress">Back to progress</a>
      </p>
      <ProblemNotice error={error} />
      {comparison ? <ComparisonView comparison={comparison} /> : error ? null : <p aria-busy="true">Loading…</p>}
      {points && points.length >= 2 ? (
        <section aria-labelledby={`${id}-others`} className="card">
          <h2 id={`${id}-others`}>Compare two other submissions</h2>
          <ComparisonForm key={`${from}/${to}`} points={points} from={comparison?.from.assessmentId} to={comparison?.to.assessmentId} />
        </section>
      ) : null}
    </>
  );
}
