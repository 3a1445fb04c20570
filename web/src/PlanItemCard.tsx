/**
 * One item of the improvement plan (issue 19): the control, what it moves and by when, who
 * owns it and how far it is, and (for those who may change it) an edit form. Owners and
 * leaders change everything; the person an item is assigned to changes its status and
 * notes. A save carries the item's revision: one made over a colleague's newer change is
 * refused (409) and shown with what they changed, to load theirs or save over it knowingly.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, type Assignee, bodyFieldErrors, type PlanItem } from './api';
import { describeActor, formatDateTime, score2 } from './format';
import {
  checkItemDraft,
  dueText,
  type ItemDraft,
  isOverdue,
  itemChanges,
  NOTES_MAX,
  ownerText,
  type PlanItemValues,
  REASON_MAX,
  STATUS_CHOICES,
  statusLabel,
  statusNotes,
} from './plan-text';
import { ProblemNotice } from './ProblemNotice';
import { windowText } from './RecommendationList';
import { useAction } from './useAction';

/** What the caller may change on this item: everything (owners, leaders), its status and notes (its owner), or nothing. */
export type ItemEditing = 'all' | 'own' | 'none';

interface Props {
  item: PlanItem;
  today: string;
  editing: ItemEditing;
  /** Who may own items (owners and leaders edit owners; others get none). */
  assignees: Assignee[];
  submittedAt: (assessmentId: string) => string | null;
  /** Sends the changed fields with `revision`; answers the saved item. */
  onSave: (controlId: string, revision: number, changes: Record<string, unknown>) => Promise<PlanItem>;
  /** A save went through: the page announces it and reloads its counts. */
  onSaved: (item: PlanItem, message: string) => void;
  onAuthError: (e: unknown) => boolean;
}

const ownerKey = (o: { type: string; id: string } | null) => (o ? `${o.type}:${o.id}` : '');

interface Draft extends ItemDraft {
  owner: string;
}

const draftOf = (item: PlanItem): Draft => ({
  owner: ownerKey(item.owner),
  dueDate: item.dueDate ?? '',
  status: item.status,
  wontDoReason: item.wontDoReason ?? '',
  notes: item.notes ?? '',
});

const valuesOf = (item: PlanItem): PlanItemValues => ({
  owner: item.owner,
  dueDate: item.dueDate,
  status: item.status,
  wontDoReason: item.wontDoReason,
  notes: item.notes,
});

/** The draft as an item's values, for saying what differs from a colleague's version. */
function draftValues(draft: Draft, from: PlanItem, assignees: Assignee[]): PlanItemValues {
  const owner = draft.owner === ownerKey(from.owner) ? from.owner : (assignees.find((a) => ownerKey(a) === draft.owner) ?? null);
  return {
    owner: owner ? { type: owner.type, id: owner.id, name: owner.name } : null,
    dueDate: draft.dueDate || null,
    status: draft.status,
    wontDoReason: draft.status === 'wont_do' ? draft.wontDoReason.trim() || null : null,
    notes: draft.notes.trim() || null,
  };
}

/** The fields the draft changes against `from`, as the PATCH takes them; only those the caller may change. */
function changesOf(draft: Draft, from: PlanItem, editing: ItemEditing): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (editing === 'all') {
    if (draft.owner !== ownerKey(from.owner)) {
      const [type, ...rest] = draft.owner.split(':');
      out.owner = draft.owner ? { type, id: rest.join(':') } : null;
    }
    if ((draft.dueDate || null) !== from.dueDate) out.dueDate = draft.dueDate || null;
  }
  if (draft.status !== from.status && draft.status !== 'achieved') out.status = draft.status;
  const reason = draft.wontDoReason.trim();
  if (draft.status === 'wont_do' && reason !== (from.wontDoReason ?? '')) out.wontDoReason = reason;
  const notes = draft.notes.trim();
  if (notes !== (from.notes ?? '')) out.notes = notes || null;
  return out;
}

const isItem = (x: unknown): x is PlanItem =>
  typeof x === 'object' && x !== null && typeof (x as PlanItem).controlId === 'string' && typeof (x as PlanItem).revision === 'number';

/** A 409's current item (the colleague's newer version), when the problem carries it. */
function conflictingItem(e: unknown): PlanItem | null {
  if (!(e instanceof ApiError) || e.code !== 'revision_conflict') return null;
  const current = (e.problem as Record<string, unknown>).current;
  return isItem(current) ? current : null;
}

export function PlanItemCard({ item, today, editing, assignees, submittedAt, onSave, onSaved, onAuthError }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  /** The version the form started from: its revision goes with the save. */
  const [base, setBase] = useState<PlanItem>(item);
  const [conflict, setConflict] = useState<PlanItem | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const save = useAction({ onAuthError });
  const editButton = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLSelectElement>(null);

  // A newer version from the page (after a save, or the plan carried forward): the closed form follows it.
  useEffect(() => {
    if (!open) {
      setDraft(draftOf(item));
      setBase(item);
    }
  }, [item, open]);

  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [open]);

  const overdue = isOverdue(item.dueDate, item.status, today);
  const notes = statusNotes(item, submittedAt);

  const send = (from: PlanItem) =>
    save.run(async () => {
      setNote('');
      const found = checkItemDraft(draft);
      setErrors(found);
      const first = Object.keys(found)[0];
      if (first) {
        document.getElementById(`${id}-${first}`)?.focus();
        return;
      }
      const changes = changesOf(draft, from, editing);
      if (Object.keys(changes).length === 0) {
        setNote('Nothing to save: the item already reads so.');
        return;
      }
      try {
        const saved = await onSave(item.controlId, from.revision, changes);
        setConflict(null);
        setBase(saved);
        setDraft(draftOf(saved));
        setOpen(false);
        onSaved(saved, `Saved "${saved.title}": ${itemChanges(valuesOf(from), valuesOf(saved)).join('; ')}.`);
        editButton.current?.focus();
      } catch (e) {
        const theirs = conflictingItem(e);
        if (theirs) {
          setConflict(theirs);
          return;
        }
        setErrors(bodyFieldErrors(e));
        throw e;
      }
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(base);
  };

  const takeTheirs = () => {
    if (!conflict) return;
    setDraft(draftOf(conflict));
    setBase(conflict);
    setConflict(null);
    setErrors({});
    setNote(`Loaded the version ${describeActor(conflict.updatedBy)} saved. Change it and save, or cancel.`);
    firstField.current?.focus();
  };

  const cancel = () => {
    setOpen(false);
    setConflict(null);
    setErrors({});
    setNote('');
    setDraft(draftOf(item));
    setBase(item);
    save.setError(null);
  };

  const ownerChoices = assignees.some((a) => ownerKey(a) === ownerKey(item.owner)) || !item.owner ? assignees : [{ ...item.owner, role: null }, ...assignees];

  return (
    <li
      className={`card plan-item${overdue ? ' plan-item-overdue' : ''}`}
      data-testid="plan-item"
      data-control={item.controlId}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{item.title}</h3>
      <p className="plan-item-action">{item.action}</p>
      <dl className="plan-facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="plan-item-status">
            <span className={`plan-status plan-status-${item.status}`}>{statusLabel(item.status)}</span>
            {notes.map((n) => (
              <span key={n} className="plan-status-note">
                {' '}
                · {n}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd data-testid="plan-item-owner">{ownerText(item.owner)}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd className={overdue ? 'plan-overdue' : undefined}>{dueText(item.dueDate, item.status, today)}</dd>
        </div>
        <div>
          <dt>Expected gain</dt>
          <dd>{item.expectedGain > 0 ? `+${score2(item.expectedGain)} overall` : 'None on the overall score'}</dd>
        </div>
        <div>
          <dt>When to start</dt>
          <dd>{windowText(item.window)}</dd>
        </div>
        <div>
          <dt>Domains</dt>
          <dd>{item.domains.map((d) => d.title).join(', ')}</dd>
        </div>
        {item.status === 'wont_do' && item.wontDoReason ? (
          <div className="plan-fact-wide">
            <dt>Why not</dt>
            <dd>{item.wontDoReason}</dd>
          </div>
        ) : null}
        {item.notes ? (
          <div className="plan-fact-wide">
            <dt>Notes</dt>
            <dd className="plan-notes">{item.notes}</dd>
          </div>
        ) : null}
      </dl>
      <p className="hint">
        Last changed by {describeActor(item.updatedBy)} on {formatDateTime(item.updatedAt)}.
      </p>
      {editing === 'none' ? null : open ? (
        <form className="plan-item-form" onSubmit={submit} noValidate aria-labelledby={`${id}-form-title`}>
          <h4 id={`${id}-form-title`}>
            Change <span className="visually-hidden">"{item.title}"</span>
            {editing === 'own' ? ' its status and notes' : ''}
          </h4>
          <div className="plan-form-grid">
            {editing === 'all' ? (
              <>
                <div className="field">
                  <label htmlFor={`${id}-owner`}>Owner</label>
                  <select
                    id={`${id}-owner`}
                    ref={firstField}
                    value={draft.owner}
                    onChange={(e) => setDraft({ ...draft, owner: e.target.value })}
                    aria-invalid={errors.owner ? true : undefined}
                    aria-describedby={errors.owner ? `${id}-owner-error` : undefined}
                  >
                    <option value="">Nobody yet</option>
                    {ownerChoices.map((a) => (
                      <option key={ownerKey(a)} value={ownerKey(a)}>
                        {a.type === 'agent' ? `${a.name} (agent)` : a.role ? `${a.name} (${a.role})` : a.name}
                      </option>
                    ))}
                  </select>
                  {errors.owner ? (
                    <p className="field-error" id={`${id}-owner-error`}>
                      {errors.owner}
                    </p>
                  ) : null}
                </div>
                <div className="field">
                  <label htmlFor={`${id}-dueDate`}>
                    Due date <span className="optional">(optional)</span>
                  </label>
                  <input
                    id={`${id}-dueDate`}
                    type="date"
                    value={draft.dueDate}
                    onChange={(e) => setDraft({ ...draft, dueDate: e.target.value })}
                    aria-invalid={errors.dueDate ? true : undefined}
                    aria-describedby={errors.dueDate ? `${id}-dueDate-error` : undefined}
                  />
                  {errors.dueDate ? (
                    <p className="field-error" id={`${id}-dueDate-error`}>
                      {errors.dueDate}
                    </p>
                  ) : null}
                </div>
              </>
            ) : null}
            <div className="field">
              <label htmlFor={`${id}-status`}>Status</label>
              <select
                id={`${id}-status`}
                ref={editing === 'all' ? undefined : firstField}
                value={draft.status}
                onChange={(e) => setDraft({ ...draft, status: e.target.value as Draft['status'] })}
              >
                {draft.status === 'achieved' || item.status === 'achieved' ? (
                  <option value="achieved" disabled>
                    Achieved (found by the plan)
                  </option>
                ) : null}
                {STATUS_CHOICES.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(s)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {draft.status === 'wont_do' ? (
            <div className="field">
              <label htmlFor={`${id}-wontDoReason`}>Why it won't be done</label>
              <input
                id={`${id}-wontDoReason`}
                type="text"
                maxLength={REASON_MAX}
                value={draft.wontDoReason}
                onChange={(e) => setDraft({ ...draft, wontDoReason: e.target.value })}
                aria-invalid={errors.wontDoReason ? true : undefined}
                aria-describedby={errors.wontDoReason ? `${id}-wontDoReason-error` : undefined}
              />
              {errors.wontDoReason ? (
                <p className="field-error" id={`${id}-wontDoReason-error`}>
                  {errors.wontDoReason}
                </p>
              ) : null}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-notes`}>
              Notes <span className="optional">(optional)</span>
            </label>
            <textarea
              id={`${id}-notes`}
              rows={3}
              maxLength={NOTES_MAX}
              value={draft.notes}
              onChange={(e) => setDraft({ ...draft, notes: e.target.value })}
              aria-invalid={errors.notes ? true : undefined}
              aria-describedby={errors.notes ? `${id}-notes-error` : undefined}
            />
            {errors.notes ? (
              <p className="field-error" id={`${id}-notes-error`}>
                {errors.notes}
              </p>
            ) : null}
          </div>
          {conflict ? (
            <ItemConflict
              theirs={conflict}
              base={base}
              mine={draftValues(draft, base, assignees)}
              busy={save.busy}
              onTakeTheirs={takeTheirs}
              onKeepMine={() => void send(conflict)}
            />
          ) : null}
          <ProblemNotice error={save.error} />
          {note ? <p className="hint">{note}</p> : null}
          <div className="actions">
            <button type="submit" disabled={save.busy || !!conflict}>
              {save.busy ? 'Saving…' : 'Save'}
              <span className="visually-hidden"> "{item.title}"</span>
            </button>
            <button type="button" className="secondary" onClick={cancel} disabled={save.busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" ref={editButton} onClick={() => setOpen(true)}>
            {editing === 'own' ? 'Update' : 'Edit'}
            <span className="visually-hidden"> "{item.title}"</span>
          </button>
        </div>
      )}
    </li>
  );
}

function ItemConflict({
  theirs,
  base,
  mine,
  busy,
  onTakeTheirs,
  onKeepMine,
}: {
  theirs: PlanItem;
  base: PlanItem;
  mine: PlanItemValues;
  busy: boolean;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  const id = useId();
  return (
    <div className="conflict" role="alert" aria-labelledby={`${id}-title`} data-testid="plan-item-conflict">
      <p id={`${id}-title`} className="conflict-title">
        <strong>{describeActor(theirs.updatedBy)}</strong> changed this item at {formatDateTime(theirs.updatedAt)} while you were editing it. Your changes are
        not saved yet.
      </p>
      <dl className="conflict-answers">
        <dt>They changed</dt>
        <dd data-testid="plan-conflict-theirs">{itemChanges(valuesOf(base), valuesOf(theirs)).join('; ')}</dd>
        <dt>You changed</dt>
        <dd data-testid="plan-conflict-mine">{itemChanges(valuesOf(base), mine).join('; ')}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={onTakeTheirs} disabled={busy}>
          Load their version
        </button>
        <button type="button" className="secondary" onClick={onKeepMine} disabled={busy}>
          Save mine over theirs
        </button>
      </div>
    </div>
  );
}
