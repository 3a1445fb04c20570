/**
 * Choosing two submissions to compare (issue 19): any two of one questionnaire, milestones
 * by name. "Compare" opens the comparison at its own address
 * (#/progress/compare/<from>/<to>), so it can be linked to and reloaded.
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import type { ProgressPoint } from './api';
import { formatDateTime, score2 } from './format';
import { comparePath, navigate } from './route';

const optionLabel = (p: ProgressPoint) =>
  `${p.milestone ? `${p.milestone.name}, submitted` : 'Submitted'} ${formatDateTime(p.submittedAt)} (overall ${score2(p.overall.score)})`;

/** `points` oldest first; without a choice, the two latest are preselected. */
export function ComparisonForm({ points, from, to }: { points: ProgressPoint[]; from?: string; to?: string }) {
  const id = useId();
  const latest = points[points.length - 1]?.assessmentId ?? '';
  const before = points[points.length - 2]?.assessmentId ?? '';
  const [chosen, setChosen] = useState({ from: from ?? before, to: to ?? latest });
  const [error, setError] = useState<string | null>(null);
  const fromSelect = useRef<HTMLSelectElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.from === chosen.to) {
      setError('Choose two different submissions.');
      fromSelect.current?.focus();
      return;
    }
    setError(null);
    navigate(comparePath(chosen.from, chosen.to));
  };

  const select = (side: 'from' | 'to', label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${side}`}>{label}</label>
      <select
        id={`${id}-${side}`}
        ref={side === 'from' ? fromSelect : undefined}
        value={chosen[side]}
        onChange={(e) => setChosen({ ...chosen, [side]: e.target.value })}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {[...points].reverse().map((p) => (
          <option key={p.assessmentId} value={p.assessmentId}>
            {optionLabel(p)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form className="comparison-form" onSubmit={submit} noValidate aria-label="Choose two submissions to compare">
      <div className="target-grid">
        {select('from', 'Compare')}
        {select('to', 'With')}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <p className="hint">The earlier of the two is always shown first, whichever order you choose them in.</p>
      <div className="actions">
        <button type="submit">Compare</button>
      </div>
    </form>
  );
}
