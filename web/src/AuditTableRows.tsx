/**
 * The audit table's rows in words: who (by name), what, on what (by name), with the ids
 * for investigators in each row's "Ids" disclosure; an editing session's saves as one row
 * that opens to its individual saves.
 */
import { Fragment, useState } from 'react';
import type { AuditEvent } from './api';
import { auditRows } from './audit-rows';
import { describeActor, formatDateTime } from './format';

/** Why a call was refused, in words: the problem code the caller got. */
const REASONS: Record<string, string> = { forbidden: 'forbidden', not_found: 'not found (outside its assessment)' };

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

/** What a target is when nothing is stored under its id any more (or it has no name). */
const TARGET_TYPES: Record<string, string> = {
  assessment: 'An assessment',
  report: 'A report',
  token: 'A key',
  agent: 'An agent',
  invitation: 'An invitation',
  person: 'A person',
  member: 'A person',
  organisation: 'The organisation',
  delegation: 'An agent acting for a person',
};

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

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
      <span className="mono request-id">{value}</span>{' '}
      <button type="button" className="link-button" onClick={copy} aria-label={`Copy request id ${value}`}>
        Copy
      </button>{' '}
      <span role="status">{copied}</span>
    </span>
  );
}

function Who({ e }: { e: AuditEvent }) {
  return (
    <td>
      <span title={`id ${e.actor.tokenId}`}>{describeActor({ ...e.actor, label: e.actor.name })}</span>
      {e.actor.email && e.actor.email !== e.actor.name ? (
        <>
          <br />
          <span className="hint">{e.actor.email}</span>
        </>
      ) : null}
    </td>
  );
}

function On({ e }: { e: AuditEvent }) {
  const { type, id, name } = e.target;
  if (type === 'route') return <td className="mono">{id}</td>;
  return <td title={`${type} ${id}`}>{name ?? TARGET_TYPES[type] ?? type}</td>;
}

/** The ids behind a row, for investigators: actor, target and request (each request's id for a group of saves). */
function Ids({ events }: { events: AuditEvent[] }) {
  const first = events[0]!;
  return (
    <td>
      <details className="audit-ids">
        <summary>Ids</summary>
        <dl>
          <dt>Actor</dt>
          <dd className="mono">{first.actor.tokenId}</dd>
          <dt>{first.target.type}</dt>
          <dd className="mono">{first.target.id}</dd>
          <dt>{events.length > 1 ? 'Requests' : 'Request'}</dt>
          {events.map((e) => (
            <dd key={e.id}>{e.correlationId ? <CorrelationId value={e.correlationId} /> : <span className="hint">–</span>}</dd>
          ))}
        </dl>
      </details>
    </td>
  );
}

/**
 * What a save or submit recorded about departing from imported evidence (docs/evidence.md,
 * "Assurance"): the reasons given, and the answers a submit flagged. Kept in the clear.
 */
function AssuranceNotes({ events }: { events: AuditEvent[] }) {
  const notes = events.flatMap((e) => (e.assurance ?? []).map((a) => ({ ...a, submit: e.operation === 'assessment.submit', key: `${e.id}-${a.questionId}` })));
  if (!notes.length) return null;
  return (
    <ul className="audit-assurance">
      {notes.map((n) => (
        <li key={n.key}>
          {n.submit ? 'Flagged: contradicts imported evidence' : 'Answered otherwise than the evidence'} on <span className="mono">{n.questionId}</span>
          {n.reason ? `: “${n.reason}”` : ''}
        </li>
      ))}
    </ul>
  );
}

function EventRow({ e }: { e: AuditEvent }) {
  return (
    <tr>
      <td>{formatDateTime(e.at)}</td>
      <Who e={e} />
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
        <AssuranceNotes events={[e]} />
      </td>
      <On e={e} />
      <Ids events={[e]} />
    </tr>
  );
}

/** An editing session's saves (newest first) as one row, opening to each save's time. */
function SavesRow({ events }: { events: AuditEvent[] }) {
  const newest = events[0]!;
  const oldest = events.at(-1)!;
  return (
    <tr className="audit-group">
      <td>
        {formatDateTime(oldest.at)}–{time.format(new Date(newest.at))}
      </td>
      <Who e={newest} />
      <td>
        Saved answers {events.length} times
        <AssuranceNotes events={events} />
        <details>
          <summary>Each save</summary>
          <ul>
            {[...events].reverse().map((e) => (
              <li key={e.id}>{formatDateTime(e.at)}</li>
            ))}
          </ul>
        </details>
      </td>
      <On e={newest} />
      <Ids events={events} />
    </tr>
  );
}

export function AuditTableRows({ events }: { events: AuditEvent[] }) {
  return (
    <tbody>
      {auditRows(events).map((row) =>
        row.kind === 'event' ? <EventRow key={row.event.id} e={row.event} /> : <SavesRow key={row.events[0]!.id} events={row.events} />,
      )}
    </tbody>
  );
}
