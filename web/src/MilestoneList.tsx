/**
 * Milestones (issue 19): submitted assessments saved under a name, newest first, with the
 * day of the submission and its overall result; owners and leaders save any other
 * submission as one (the name is checked before sending, and a name already in use in the
 * organisation is said at the field) and delete one after confirming.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api, bodyFieldErrors, levelName, type Milestone, type ProgressPoint } from './api';
import { describeActor, formatDateTime, score2 } from './format';
import { ProblemNotice } from './ProblemNotice';
import { MILESTONE_NAME_LIMIT, milestoneNameError, nameTakenMessage } from './progress-text';
import { useAction } from './useAction';

interface Props {
  milestones: Milestone[];
  /** Every submission of the questionnaire, oldest first. */
  points: ProgressPoint[];
  mayWrite: boolean;
  /** After a milestone is saved or deleted: read the milestones and the progress again. */
  onChanged: () => Promise<void>;
  onAuthError: (e: unknown) => boolean;
}

const overallText = (o: { score: number; level: number }) => `overall ${score2(o.score)}, level ${o.level} ${levelName(o.level)}`;

export function MilestoneList({ milestones, points, mayWrite, onChanged, onAuthError }: Props) {
  const id = useId();
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const remove = useAction({ onAuthError });
  const unnamed = points.filter((p) => !milestones.some((m) => m.assessmentId === p.assessmentId)).reverse();

  const announce = (text: string) => {
    setStatus(text);
    statusRef.current?.focus();
  };

  const deleteMilestone = (m: Milestone) => {
    if (!window.confirm(`Delete the milestone "${m.name}"? The submission itself stays; only its name goes.`)) return;
    void remove.run(async () => {
      await api.deleteMilestone(m.id);
      await onChanged();
      announce(`Deleted the milestone "${m.name}".`);
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="milestones">
      <h2 id={`${id}-title`}>Milestones</h2>
      <p className="hint">A milestone is a submission saved under a name, such as "Before the agent platform migration", to compare with later ones.</p>
      {milestones.length === 0 ? (
        <p>No milestones yet.</p>
      ) : (
        <ul className="milestone-list">
          {milestones.map((m) => (
            <li key={m.id} data-testid="milestone">
              <p className="milestone-name">
                <strong>{m.name}</strong>
              </p>
              <p className="hint">
                Submitted {formatDateTime(m.submittedAt)} · {overallText(m.overall)} · saved by {describeActor(m.createdBy)}
              </p>
              {mayWrite ? (
                <button type="button" className="secondary" onClick={() => deleteMilestone(m)} disabled={remove.busy}>
                  Delete<span className="visually-hidden"> the milestone {m.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ProblemNotice error={remove.error} />
      {mayWrite && unnamed.length ? (
        <>
          <h3>Submissions without a milestone</h3>
          <ul className="milestone-list">
            {unnamed.map((p) => (
              <UnnamedSubmission key={p.assessmentId} point={p} onAuthError={onAuthError} onSaved={onChanged} announce={announce} />
            ))}
          </ul>
        </>
      ) : null}
      <p role="status" className="save-status-line" data-testid="milestones-status" tabIndex={-1} ref={statusRef}>
        {status}
      </p>
    </section>
  );
}

function UnnamedSubmission({
  point,
  onSaved,
  onAuthError,
  announce,
}: {
  point: ProgressPoint;
  onSaved: () => Promise<void>;
  onAuthError: (e: unknown) => boolean;
  announce: (text: string) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const save = useAction({ onAuthError });

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const fieldError = (text: string) => {
    setError(text);
    input.current?.focus();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = milestoneNameError(name);
    if (found) {
      fieldError(found);
      return;
    }
    void save.run(async () => {
      try {
        const saved = await api.createMilestone(point.assessmentId, name.trim());
        setError(null);
        await onSaved();
        announce(`Saved the submission of ${formatDateTime(point.submittedAt)} as the milestone "${saved.name}".`);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'milestone_name_taken') return fieldError(nameTakenMessage(name));
        const onField = bodyFieldErrors(err).name;
        if (onField) return fieldError(onField);
        throw err;
      }
    });
  };

  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <li data-testid="unnamed-submission">
      <p className="milestone-name">
        Submitted {formatDateTime(point.submittedAt)} · {overallText(point.overall)}
      </p>
      {open ? (
        <form className="milestone-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-name`}>Milestone name</label>
            <input
              id={`${id}-name`}
              ref={input}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
            <p className="hint" id={`${id}-hint`}>
              For example "Q3 board review"; unique in the organisation, at most {MILESTONE_NAME_LIMIT} characters.
            </p>
            {error ? (
              <p className="field-error" id={`${id}-error`}>
                {error}
              </p>
            ) : null}
          </div>
          <ProblemNotice error={save.error} />
          <div className="actions">
            <button type="submit" disabled={save.busy}>
              {save.busy ? 'Saving…' : 'Save milestone'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setOpen(false);
                setError(null);
                requestAnimationFrame(() => toggle.current?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="secondary" ref={toggle} onClick={() => setOpen(true)}>
          Save as milestone<span className="visually-hidden"> (submission of {formatDateTime(point.submittedAt)})</span>
        </button>
      )}
    </li>
  );
}
