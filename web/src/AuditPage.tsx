import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, type AuditEvent } from './api';
import { describeActor, formatDateTime } from './format';
import { DataTable } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';

interface Filter {
  actorType: string;
  actor: string;
  from: string;
  to: string;
  limit: number;
}

const EMPTY: Filter = { actorType: '', actor: '', from: '', to: '', limit: 25 };

/** A date field's day as the start (or end) of that day in the user's time zone, as the API's ISO timestamp. */
const dayBound = (day: string, end: boolean) => (day ? new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`).toISOString() : undefined);

const OPERATIONS: Record<string, string> = {
  'assessment.answer': 'Saved answers',
  'assessment.submit': 'Submitted an assessment',
  'assessment.create': 'Started an assessment',
  'assessment.reopen': 'Started a new assessment from a submission',
  'assessment.upgrade': 'Moved an assessment to a newer version',
  'agent.register': 'Registered an agent',
  'agent.revoke': 'Revoked an agent',
  'delegation.create': 'Let an agent act for them',
  'delegation.revoke': 'Withdrew an agent acting for a person',
  'token.mint': 'Issued a key',
  'token.revoke': 'Revoked a key',
  'invitation.create': 'Created an invitation',
  'invitation.accept': 'Accepted an invitation',
  'invitation.revoke': 'Revoked an invitation',
  'member.role': "Changed a member's role",
  'member.remove': 'Removed a member',
  'membership.grant': 'Granted a membership',
  'organisation.register': 'Registered the organisation',
  'organisation.settings.update': 'Changed the benchmark setting',
  'organisation.delete': 'Deleted the organisation',
  'reports.generate': 'Generated a report',
  'token.bootstrap': 'Set up the administrator key',
  'token.bootstrap-restore': 'Restored the administrator key at start-up',
};

export default function AuditPage({ onAuthError }: { onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  /** Cursors of the pages before the current one, for "previous". */
  const [stack, setStack] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [page, setPage] = useState<{ events: AuditEvent[]; next?: string } | null>(null);
  const { busy, error, run } = useAction({ onAuthError });

  const load = useCallback(async () => {
    setPage(null); // never show one page's events under another page's caption
    await run(async () => {
      setPage(
        await api.audit({
          actorType: filter.actorType || undefined,
          actor: filter.actor.trim() || undefined,
          from: dayBound(filter.from, false),
          to: dayBound(filter.to, true),
          limit: filter.limit,
          cursor,
        }),
      );
    });
  }, [filter, cursor, run]);

  useEffect(() => {
    void load();
  }, [load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setStack([]);
    setCursor(undefined);
    setFilter({ ...draft });
  }

  return (
    <>
      <h1 tabIndex={-1}>Audit trail</h1>
      <p className="lead">
        Every change made in your organisation, newest first: who made it (a person or an agent), what and when. Events cannot be edited or deleted.
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
          <div className="field">
            <label htmlFor={`${id}-actor`}>Person or key id</label>
            <input
              id={`${id}-actor`}
              value={draft.actor}
              maxLength={80}
              onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
              aria-describedby={`${id}-actor-hint`}
            />
            <p className="hint" id={`${id}-actor-hint`}>
              Optional: the id of one person or one key (see Access).
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
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
      <div aria-live="polite" aria-busy={busy}>
        {page ? (
          page.events.length === 0 ? (
            <p>No events match these filters.</p>
          ) : (
            <DataTable
              className="audit"
              caption={<>Events, page {stack.length + 1}</>}
              columns={[{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'On' }]}
            >
              <tbody>
                {page.events.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>
                      {describeActor(e.actor)}
                      <br />
                      <span className="hint mono">{e.actor.tokenId}</span>
                    </td>
                    <td>{OPERATIONS[e.operation] ?? e.operation}</td>
                    <td>
                      {e.target.type} <span className="hint mono">{e.target.id}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
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
