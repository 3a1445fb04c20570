/**
 * The administrators' verification queue: organisations by state, oldest registration
 * first. Only verified organisations count in the peer benchmarks; approving one folds
 * its submissions in, rejecting or withdrawing the verification takes them out.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { api, type VerificationQueueEntry, type VerificationStatus } from './api';
import { DataTable } from './DataTable';
import { choiceLabel, formatDateTime } from './format';
import { ProblemNotice } from './ProblemNotice';

const QUEUES: { value: VerificationStatus; label: string }[] = [
  { value: 'unverified', label: 'Waiting' },
  { value: 'verified', label: 'Verified' },
  { value: 'rejected', label: 'Rejected' },
];

/** The decisions offered from each queue, with their confirmation and outcome. */
const ACTIONS: Record<VerificationStatus, { decision: VerificationStatus; label: string; confirm: string; done: string }[]> = {
  unverified: [
    {
      decision: 'verified',
      label: 'Approve',
      confirm: 'Approve {name}? Its submissions will count in the peer benchmarks.',
      done: 'Approved {name}: it now counts in the benchmarks.',
    },
    { decision: 'rejected', label: 'Reject', confirm: 'Reject {name}? Its submissions will not count in the benchmarks.', done: 'Rejected {name}.' },
  ],
  verified: [
    {
      decision: 'unverified',
      label: 'Withdraw verification',
      confirm: 'Withdraw the verification of {name}? Its submissions leave the benchmarks and it returns to the queue.',
      done: 'Withdrew the verification of {name}: it is back in the queue.',
    },
    { decision: 'rejected', label: 'Reject', confirm: 'Reject {name}? Its submissions leave the benchmarks.', done: 'Rejected {name}.' },
  ],
  rejected: [
    {
      decision: 'verified',
      label: 'Approve',
      confirm: 'Approve {name}? Its submissions will count in the peer benchmarks.',
      done: 'Approved {name}: it now counts in the benchmarks.',
    },
  ],
};

const fill = (text: string, name: string) => text.replace('{name}', name);

export default function VerificationPage({ onAuthError }: { onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [queue, setQueue] = useState<VerificationStatus>('unverified');
  const [entries, setEntries] = useState<VerificationQueueEntry[] | null>(null);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setError(e);
    },
    [onAuthError],
  );

  const load = useCallback(() => {
    setEntries(null);
    setError(null);
    api.verificationQueue(queue).then((r) => {
      setEntries(r.organisations);
      setNext(r.next);
    }, fail);
  }, [queue, fail]);
  useEffect(load, [load]);

  async function more() {
    if (!next) return;
    try {
      const r = await api.verificationQueue(queue, next);
      setEntries((current) => [...(current ?? []), ...r.organisations]);
      setNext(r.next);
    } catch (e) {
      fail(e);
    }
  }

  async function decide(entry: VerificationQueueEntry, action: (typeof ACTIONS)[VerificationStatus][number]) {
    if (!window.confirm(fill(action.confirm, entry.name))) return;
    setBusy(entry.id);
    setError(null);
    try {
      await api.decideVerification(entry.id, action.decision);
      setStatus(fill(action.done, entry.name));
      setEntries((current) => (current ?? []).filter((e) => e.id !== entry.id));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  }

  const label = QUEUES.find((q) => q.value === queue)!.label;
  return (
    <>
      <h1 tabIndex={-1}>Verification</h1>
      <p className="lead">
        Organisations count in the peer benchmarks only once verified. Check that each one is who it says it is before approving it: organisations registered
        only to read others' scores out of small cohorts must not count.
      </p>
      <div className="field">
        <label htmlFor={`${id}-queue`}>Show</label>
        <select
          id={`${id}-queue`}
          value={queue}
          onChange={(e) => {
            setStatus('');
            setQueue(e.target.value as VerificationStatus);
          }}
        >
          {QUEUES.map((q) => (
            <option key={q.value} value={q.value}>
              {q.label}
            </option>
          ))}
        </select>
      </div>
      <ProblemNotice error={error} />
      <p role="status" className="hint" data-testid="verification-message">
        {status}
      </p>
      <section aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{label} organisations, oldest first</h2>
        {!entries ? (
          <p aria-busy="true">Loading…</p>
        ) : entries.length === 0 ? (
          <p>No organisations here.</p>
        ) : (
          <DataTable
            className="verification-queue"
            labelledBy={`${id}-title`}
            columns={[
              { label: 'Organisation' },
              { label: 'Industry' },
              { label: 'Size' },
              { label: 'Region' },
              { label: 'Registered' },
              { label: 'Submissions', numeric: true },
              { label: <span className="visually-hidden">Actions</span> },
            ]}
          >
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    {e.name}
                    {e.synthetic ? <span className="hint"> (demo data)</span> : null}
                    <br />
                    <span className="hint mono">{e.id}</span>
                  </th>
                  <td>{choiceLabel(e.industry)}</td>
                  <td>{e.sizeBand}</td>
                  <td>{choiceLabel(e.region)}</td>
                  <td>{formatDateTime(e.createdAt)}</td>
                  <td className="num">{e.submissions}</td>
                  <td>
                    {ACTIONS[queue].map((action) => (
                      <button
                        key={action.decision}
                        type="button"
                        className={action.decision === 'verified' ? 'small' : 'secondary small'}
                        disabled={busy === e.id}
                        onClick={() => decide(e, action)}
                        aria-label={`${action.label}: ${e.name}`}
                      >
                        {action.label}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        {next ? (
          <button type="button" className="secondary" onClick={more}>
            Show more
          </button>
        ) : null}
      </section>
    </>
  );
}
