import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, type AuditEvent } from './api';
import { AuditActorPicker } from './AuditActorPicker';
import { AuditTableRows } from './AuditTableRows';
import { DataTable } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';

interface Filter {
  actorType: string;
  actor: string;
  outcome: string;
  kind: string;
  dataClass: string;
  from: string;
  to: string;
  limit: number;
}

const EMPTY: Filter = { actorType: '', actor: '', outcome: '', kind: 'all', dataClass: '', from: '', to: '', limit: 25 };

const OUTCOMES = ['allowed', 'refused'] as const;
const KINDS = ['changes', 'reads', 'all'] as const;
/** The sensitivity classes of AIM's data (docs/security.md, "Data classes"), least sensitive first. */
const DATA_CLASSES = ['public', 'internal', 'confidential', 'restricted'] as const satisfies readonly NonNullable<AuditEvent['dataClasses']>[number][];
/** A select's value as one of the options the API takes (the selects offer only those). */
const oneOf = <T extends string>(options: readonly T[], value: string): T | undefined => options.find((option) => option === value);

/** A date field's day as the start (or end) of that day in the user's time zone, as the API's ISO timestamp. */
const dayBound = (day: string, end: boolean) => (day ? new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`).toISOString() : undefined);

export default function AuditPage({ onAuthError }: { onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  /** Cursors of the pages before the current one, for "previous". */
  const [stack, setStack] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [page, setPage] = useState<{ events: AuditEvent[]; next?: string } | null>(null);
  const { busy, error, run } = useAction({ onAuthError });
  /** A reversed date range, said at "From" before anything is asked (the API would answer 400 too). */
  const [rangeError, setRangeError] = useState('');

  /** The newest listing asked for: an older one answering late must not replace it. */
  const latest = useRef(0);

  const load = useCallback(async () => {
    const asked = ++latest.current;
    setPage(null); // never show one page's events under another page's caption
    await run(async () => {
      const answer = await api.audit({
        actorType: filter.actorType || undefined,
        actor: filter.actor.trim() || undefined,
        outcome: oneOf(OUTCOMES, filter.outcome),
        kind: oneOf(KINDS, filter.kind),
        dataClass: oneOf(DATA_CLASSES, filter.dataClass),
        from: dayBound(filter.from, false),
        to: dayBound(filter.to, true),
        limit: filter.limit,
        cursor,
      });
      if (asked === latest.current) setPage(answer);
    });
  }, [filter, cursor, run]);

  useEffect(() => {
    void load();
  }, [load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setRangeError('"From" must be on or before "To": change one of the dates.');
      document.getElementById(`${id}-from`)?.focus();
      return;
    }
    setRangeError('');
    setStack([]);
    setCursor(undefined);
    setFilter({ ...draft });
  }

  return (
    <>
      <h1 tabIndex={-1}>Audit trail</h1>
      <p className="lead">
        Every change made in your organisation, newest first: who made it (a person or an agent), what and when. Reads by agents and keys, and calls that were
        refused, are here too, each labelled with the sensitivity class of the data it touched. Events cannot be edited or deleted; each is kept for the
        retention period (a year at least) and then removed. An editing session's saves show as one row; each row's ids are under "Ids".
      </p>
      <form className="card filters" onSubmit={apply} aria-labelledby={`${id}-filters`}>
        <h2 id={`${id}-filters`}>Filter</h2>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor={`${id}-type`}>Made by</label>
            <select id={`${id}-type`} value={draft.actorType} onChange={(e) => setDraft({ ...draft, actorType: e.target.value })}>
              <option value="">People and agents</option>
              <option value="human">People only</option>
              <option value="agent">Agents only</option>
            </select>
          </div>
          <AuditActorPicker id={`${id}-actor`} value={draft.actor} onChange={(actor) => setDraft({ ...draft, actor })} />
          <div className="field">
            <label htmlFor={`${id}-kind`}>Events</label>
            <select id={`${id}-kind`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              <option value="all">Changes and reads</option>
              <option value="changes">Changes only</option>
              <option value="reads">Reads only (agents and keys)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-outcome`}>Outcome</label>
            <select id={`${id}-outcome`} value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}>
              <option value="">Allowed and refused</option>
              <option value="allowed">Allowed only</option>
              <option value="refused">Refused only</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-class`}>Data touched</label>
            <select id={`${id}-class`} value={draft.dataClass} onChange={(e) => setDraft({ ...draft, dataClass: e.target.value })}>
              <option value="">Any class</option>
              {DATA_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {c[0]!.toUpperCase() + c.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              aria-describedby={rangeError ? `${id}-from-error` : undefined}
              aria-invalid={rangeError ? true : undefined}
            />
            {rangeError ? (
              <p className="field-error" id={`${id}-from-error`}>
                {rangeError}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input id={`${id}-to`} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-limit`}>Per page</label>
            <select id={`${id}-limit`} value={draft.limit} onChange={(e) => setDraft({ ...draft, limit: Number(e.target.value) })}>
              {[5, 25, 50, 100].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit">Show events</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(EMPTY);
              setRangeError('');
              setStack([]);
              setCursor(undefined);
              setFilter(EMPTY);
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
      <ProblemNotice error={error} />
      <div aria-live="polite" aria-busy={busy || (!page && !error)}>
        {page ? (
          page.events.length === 0 ? (
            <p>No events match these filters.</p>
          ) : (
            <DataTable
              className="audit"
              caption={<>Events, page {stack.length + 1}</>}
              columns={[{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'On' }, { label: 'Details' }]}
            >
              <AuditTableRows events={page.events} />
            </DataTable>
          )
        ) : !error ? (
          <p aria-busy="true">Loading…</p>
        ) : null}
      </div>
      <nav className="actions" aria-label="Pages">
        <button
          type="button"
          className="secondary"
          disabled={stack.length === 0 || busy}
          onClick={() => {
            setCursor(stack[stack.length - 1]);
            setStack(stack.slice(0, -1));
          }}
        >
          Previous page
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!page?.next || busy}
          onClick={() => {
            setStack([...stack, cursor]);
            setCursor(page?.next);
          }}
        >
          Next page
        </button>
      </nav>
    </>
  );
}
