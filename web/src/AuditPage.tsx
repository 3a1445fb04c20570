import { Fragment, useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, type AuditEvent } from './api';
import { describeActor, formatDateTime } from './format';
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

/** Why a call was refused, in words: the problem code the caller got. */
const REASONS: Record<string, string> = { forbidden: 'forbidden', not_found: 'not found (outside its assessment)' };

/** What an event says happened: a change by name, a read, or a refusal with its reason. */
function describeEvent(e: AuditEvent): string {
  if (e.operation === 'read') return 'Read';
  if (e.operation === 'refused') return `Refused: ${REASONS[e.decision?.reason ?? ''] ?? e.decision?.reason ?? 'refused'}`;
  return OPERATIONS[e.operation] ?? e.operation;
}

/** A correlation id, small, with a button that copies it (to find the request's log lines). */
function CorrelationId({ value }: { value: string }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      setCopied('Select the id and copy it yourself.');
    }
  }
  return (
    <span className="hint">
      <span className="mono">{value}</span>{' '}
      <button type="button" className="link-button" onClick={copy} aria-label={`Copy request id ${value}`}>
        Copy
      </button>{' '}
      <span role="status">{copied}</span>
    </span>
  );
}

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
          outcome: oneOf(OUTCOMES, filter.outcome),
          kind: oneOf(KINDS, filter.kind),
          dataClass: oneOf(DATA_CLASSES, filter.dataClass),
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
        Every change made in your organisation, newest first: who made it (a person or an agent), what and when. Reads by agents and keys, and calls that were
        refused, are here too, each labelled with the sensitivity class of the data it touched. Events cannot be edited or deleted; each is kept for the
        retention period (a year at least) and then removed.
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
              columns={[{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'On' }, { label: 'Request id' }]}
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
                    <td>
                      {describeEvent(e)}
                      {(e.operation === 'read' || e.operation === 'refused') && e.decision ? (
                        <>
                          <br />
                          <span className="hint mono">{e.decision.operation}</span>
                        </>
                      ) : null}
                      {e.dataClasses?.length ? (
                        <>
                          <br />
                          {e.dataClasses.map((c) => (
                            <Fragment key={c}>
                              <span className="badge" title="the sensitivity class of the data touched">
                                {c}
                              </span>{' '}
                            </Fragment>
                          ))}
                        </>
                      ) : null}
                    </td>
                    <td>
                      {e.target.type} <span className="hint mono">{e.target.id}</span>
                    </td>
                    <td>{e.correlationId ? <CorrelationId value={e.correlationId} /> : <span className="hint">–</span>}</td>
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
