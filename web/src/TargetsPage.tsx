/**
 * The organisation's targets (issue 19): the maturity level it aims for per domain of the
 * latest questionnaire, optionally overall, by a date, with a note. Owners and leaders set
 * them; everyone else reads them. Every save is a new revision: a save made over a
 * colleague's newer one is refused (409) and shown side by side with theirs, and the
 * history below keeps every earlier target visible with what each revision changed.
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { api, ApiError, bodyFieldErrors, type Domain, type QuestionnaireVersion, type Role, type Targets } from './api';
import { describeActor, formatDateTime } from './format';
import { ProblemNotice } from './ProblemNotice';
import { ProgrammeNav } from './ProgrammeNav';
import { TargetHistory } from './TargetHistory';
import { formatTargetDate, isRealDate, LEVELS, levelLabel, levelValue, parseLevel, type TargetValues, targetsSummary } from './targets-text';
import { useAction } from './useAction';

const NOTE_MAX = 500;

/** The form as typed: select values ('' for no target), the date input's value, the note. */
interface Draft {
  domains: Record<string, string>;
  overall: string;
  targetDate: string;
  note: string;
}

const draftOf = (t: Targets | null, domains: Domain[]): Draft => ({
  domains: Object.fromEntries(domains.map((d) => [d.id, levelValue(t?.domains[d.id])])),
  overall: levelValue(t?.overall),
  targetDate: t?.targetDate ?? '',
  note: t?.note ?? '',
});

const valuesOf = (draft: Draft): TargetValues => {
  const domains: Record<string, number> = {};
  for (const [id, value] of Object.entries(draft.domains)) {
    const level = parseLevel(value);
    if (level) domains[id] = level;
  }
  return { domains, overall: parseLevel(draft.overall), targetDate: draft.targetDate, note: draft.note.trim() || null };
};

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isTargets = (x: unknown): x is Targets => isRecord(x) && typeof x.revision === 'number' && isRecord(x.domains) && typeof x.targetDate === 'string';

/** A 409's current targets (the colleague's newer revision), when the problem carries them. */
function conflictingTargets(e: unknown): Targets | null {
  if (!(e instanceof ApiError) || e.code !== 'revision_conflict') return null;
  const problem = e.problem as Record<string, unknown>;
  const found = [problem.current, problem.targets].find(isTargets);
  return found ?? null;
}

/** What the form checks before sending, keyed by field; empty when it may be sent. */
function checkDraft(draft: Draft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Object.values(draft.domains).some((v) => parseLevel(v))) errors.domains = 'Choose a target level for at least one domain.';
  if (!draft.targetDate) errors.targetDate = 'Enter the date the targets are to be met by.';
  else if (!isRealDate(draft.targetDate)) errors.targetDate = 'Enter a date that exists, for example 2027-06-30.';
  if (draft.note.length > NOTE_MAX) errors.note = `Keep the note to ${NOTE_MAX} characters or fewer.`;
  return errors;
}

export default function TargetsPage({ role, onAuthError }: { role: Role | null; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const mayEdit = roleMay(role, 'targets.write');
  const [questionnaire, setQuestionnaire] = useState<QuestionnaireVersion | null>(null);
  /** `undefined` while loading, `null` when none are set yet. */
  const [current, setCurrent] = useState<Targets | null | undefined>(undefined);
  const [history, setHistory] = useState<Targets[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  /** The revision the form started from: sent with a save, so a colleague's newer save is never overwritten unseen. */
  const [base, setBase] = useState(0);
  const [conflict, setConflict] = useState<Targets | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);
  const save = useAction({ onAuthError });

  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setLoadError(e);
    },
    [onAuthError],
  );

  const loadHistory = useCallback(
    (questionnaireId: string) =>
      api.targetsHistory(questionnaireId).then(
        (r) => setHistory(r.versions),
        (e: unknown) => fail(e),
      ),
    [fail],
  );

  useEffect(() => {
    let live = true;
    (async () => {
      const catalogue = await api.questionnaires();
      const summary = catalogue.questionnaires[0];
      if (!summary) {
        if (live) setCurrent(null);
        return;
      }
      const [q, targets] = await Promise.all([api.questionnaire(summary.id, summary.latest), targetsOrNone(summary.id)]);
      if (!live) return;
      setQuestionnaire(q);
      setCurrent(targets);
      setBase(targets?.revision ?? 0);
      setDraft(draftOf(targets, q.domains));
      void loadHistory(summary.id);
    })().catch((e: unknown) => {
      if (live) fail(e);
    });
    return () => {
      live = false;
    };
  }, [fail, loadHistory]);

  const send = (form: Draft, revision: number) =>
    save.run(async () => {
      if (!questionnaire) return;
      setStatus('');
      const found = checkDraft(form);
      setErrors(found);
      if (Object.keys(found).length) {
        const first = Object.keys(found)[0];
        document.getElementById(`${id}-${first === 'domains' ? `domain-${questionnaire.domains[0]?.id}` : first}`)?.focus();
        return;
      }
      const values = valuesOf(form);
      try {
        const saved = await api.setTargets(questionnaire.id, {
          revision,
          domains: values.domains,
          overall: values.overall,
          targetDate: values.targetDate,
          ...(values.note ? { note: values.note } : {}),
        });
        setConflict(null);
        setCurrent(saved);
        setBase(saved.revision);
        setDraft(draftOf(saved, questionnaire.domains));
        setStatus(`Targets saved: revision ${saved.revision}, ${targetsSummary(saved, questionnaire.domains)}.`);
        void loadHistory(questionnaire.id);
      } catch (e) {
        const theirs = conflictingTargets(e);
        if (theirs) {
          setConflict(theirs);
          setCurrent(theirs);
          void loadHistory(questionnaire.id);
          return;
        }
        if (e instanceof ApiError && e.code === 'revision_conflict') {
          // Without their targets in the answer: read them, so the choice below can show them.
          const latest = await targetsOrNone(questionnaire.id);
          if (latest) {
            setConflict(latest);
            setCurrent(latest);
            void loadHistory(questionnaire.id);
            return;
          }
        }
        setErrors(bodyFieldErrors(e));
        throw e;
      }
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft) void send(draft, base);
  };

  /** Their targets replace the form's; the next save starts from their revision. */
  const takeTheirs = () => {
    if (!conflict || !questionnaire) return;
    setDraft(draftOf(conflict, questionnaire.domains));
    setBase(conflict.revision);
    setConflict(null);
    setErrors({});
    setStatus(`Loaded revision ${conflict.revision}, set by ${describeActor(conflict.setBy)}. Change it and save, or leave it as it is.`);
  };

  /** Ours, saved over theirs knowingly: sent with their revision. */
  const keepMine = () => {
    if (conflict && draft) void send(draft, conflict.revision);
  };

  const domains = questionnaire?.domains ?? [];
  return (
    <>
      <ProgrammeNav current="targets" />
      <h1 tabIndex={-1}>Targets</h1>
      <p className="lead">
        The maturity level the organisation aims for in each domain, and by when. Results show how far each domain is from its target. Every change is kept:
        earlier targets stay in the history below.
      </p>
      <ProblemNotice error={loadError} />
      {current === undefined || (current !== null && !questionnaire) ? (
        loadError ? null : (
          <p aria-busy="true">Loading…</p>
        )
      ) : !questionnaire ? (
        <p>No questionnaire is published yet, so there is nothing to set targets on.</p>
      ) : (
        <>
          <CurrentTargets targets={current} questionnaire={questionnaire} mayEdit={mayEdit} />
          {mayEdit && draft ? (
            <form className="card targets-form" onSubmit={submit} noValidate aria-labelledby={`${id}-form-title`}>
              <h2 id={`${id}-form-title`}>{current ? 'Change the targets' : 'Set targets'}</h2>
              <fieldset aria-describedby={errors.domains ? `${id}-domains-error` : undefined}>
                <legend className="prompt">Target level per domain</legend>
                <p className="hint">Choose "No target" for a domain you do not aim to move now.</p>
                {errors.domains ? (
                  <p className="field-error" id={`${id}-domains-error`}>
                    {errors.domains}
                  </p>
                ) : null}
                <div className="target-grid">
                  {domains.map((d) => (
                    <div className="field" key={d.id}>
                      <label htmlFor={`${id}-domain-${d.id}`}>{d.title}</label>
                      <LevelSelect
                        id={`${id}-domain-${d.id}`}
                        value={draft.domains[d.id] ?? ''}
                        invalid={!!errors.domains}
                        onChange={(value) => setDraft({ ...draft, domains: { ...draft.domains, [d.id]: value } })}
                      />
                    </div>
                  ))}
                </div>
              </fieldset>
              <div className="target-grid">
                <div className="field">
                  <label htmlFor={`${id}-overall`}>
                    Overall target <span className="optional">(optional)</span>
                  </label>
                  <LevelSelect id={`${id}-overall`} value={draft.overall} onChange={(overall) => setDraft({ ...draft, overall })} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-targetDate`}>Target date</label>
                  <input
                    id={`${id}-targetDate`}
                    type="date"
                    required
                    value={draft.targetDate}
                    onChange={(e) => setDraft({ ...draft, targetDate: e.target.value })}
                    aria-invalid={errors.targetDate ? true : undefined}
                    aria-describedby={errors.targetDate ? `${id}-targetDate-error` : undefined}
                  />
                  {errors.targetDate ? (
                    <p className="field-error" id={`${id}-targetDate-error`}>
                      {errors.targetDate}
                    </p>
                  ) : null}
                </div>
              </div>
              <div className="field">
                <label htmlFor={`${id}-note`}>
                  Note <span className="optional">(optional)</span>
                </label>
                <textarea
                  id={`${id}-note`}
                  rows={3}
                  maxLength={NOTE_MAX}
                  value={draft.note}
                  onChange={(e) => setDraft({ ...draft, note: e.target.value })}
                  aria-invalid={errors.note ? true : undefined}
                  aria-describedby={`${id}-note-hint${errors.note ? ` ${id}-note-error` : ''}`}
                />
                <p className="hint" id={`${id}-note-hint`}>
                  Why these targets, for example "Agreed at the Q3 board review". At most {NOTE_MAX} characters.
                </p>
                {errors.note ? (
                  <p className="field-error" id={`${id}-note-error`}>
                    {errors.note}
                  </p>
                ) : null}
              </div>
              {conflict ? (
                <ConflictPanel theirs={conflict} mine={valuesOf(draft)} domains={domains} busy={save.busy} onTakeTheirs={takeTheirs} onKeepMine={keepMine} />
              ) : null}
              <ProblemNotice error={save.error} />
              <div className="actions">
                <button type="submit" disabled={save.busy || !!conflict}>
                  {save.busy ? 'Saving…' : 'Save targets'}
                </button>
              </div>
            </form>
          ) : null}
          <p role="status" className="save-status-line" data-testid="targets-status">
            {status}
          </p>
          <TargetHistory versions={history} domains={domains} />
        </>
      )}
    </>
  );
}

/** The targets, or null when none are set yet (404 `targets_not_set`). */
async function targetsOrNone(questionnaireId: string): Promise<Targets | null> {
  try {
    return await api.targets(questionnaireId);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'targets_not_set') return null;
    throw e;
  }
}

function LevelSelect({ id, value, invalid, onChange }: { id: string; value: string; invalid?: boolean; onChange: (value: string) => void }) {
  return (
    <select id={id} value={value} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value)}>
      <option value="">No target</option>
      {LEVELS.map((level) => (
        <option key={level} value={String(level)}>
          {levelLabel(level)}
        </option>
      ))}
    </select>
  );
}

/** The targets in force: who set them and when, and (for those who may not change them) each domain's target. */
function CurrentTargets({ targets, questionnaire, mayEdit }: { targets: Targets | null; questionnaire: QuestionnaireVersion; mayEdit: boolean }) {
  const id = useId();
  if (!targets) {
    return (
      <p data-testid="targets-current">
        No targets are set yet.{' '}
        {mayEdit ? 'Choose a level for the domains you want to move, and the date to reach them by.' : 'Owners and leaders of the organisation set them.'}
      </p>
    );
  }
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Current targets</h2>
      <p data-testid="targets-current">
        Revision {targets.revision}, set by {describeActor(targets.setBy)} on {formatDateTime(targets.setAt)}. To be met by{' '}
        <strong>{formatTargetDate(targets.targetDate)}</strong>.
      </p>
      {mayEdit ? null : (
        <dl className="target-list">
          {questionnaire.domains.map((d) => (
            <div key={d.id}>
              <dt>{d.title}</dt>
              <dd>{targets.domains[d.id] ? levelLabel(targets.domains[d.id]!) : 'No target'}</dd>
            </div>
          ))}
          <div>
            <dt>Overall</dt>
            <dd>{targets.overall ? levelLabel(targets.overall) : 'No target'}</dd>
          </div>
        </dl>
      )}
      {targets.note ? <p className="target-note">Note: {targets.note}</p> : null}
    </section>
  );
}

function ConflictPanel({
  theirs,
  mine,
  domains,
  busy,
  onTakeTheirs,
  onKeepMine,
}: {
  theirs: Targets;
  mine: TargetValues;
  domains: Domain[];
  busy: boolean;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  const id = useId();
  return (
    <div className="conflict" role="alert" aria-labelledby={`${id}-title`} data-testid="targets-conflict">
      <p id={`${id}-title`} className="conflict-title">
        <strong>{describeActor(theirs.setBy)}</strong> changed the targets at {formatDateTime(theirs.setAt)} (revision {theirs.revision}) while you were editing
        them. Your changes are not saved yet.
      </p>
      <dl className="conflict-answers">
        <dt>Their targets</dt>
        <dd data-testid="conflict-theirs">{targetsSummary(theirs, domains)}</dd>
        <dt>Your targets</dt>
        <dd data-testid="conflict-mine">{targetsSummary(mine, domains)}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={onTakeTheirs} disabled={busy}>
          Load their targets
        </button>
        <button type="button" className="secondary" onClick={onKeepMine} disabled={busy}>
          Save mine over theirs
        </button>
      </div>
    </div>
  );
}
