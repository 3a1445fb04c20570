/**
 * Letting an agent answer for the signed-in person on one assessment (docs/security.md,
 * "Agents acting for a person"): the person picks one of the organisation's agents and for
 * how long, and gets the delegation's id to hand to the agent, which exchanges it at the
 * token endpoint with its own key. The person sees and withdraws their delegations here.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Agent, type Delegation } from './api';
import { DataTable } from './DataTable';
import { formatDateTime } from './format';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';

const DURATIONS = [
  { minutes: 60, label: '1 hour' },
  { minutes: 480, label: '8 hours' },
  { minutes: 1440, label: '24 hours' },
] as const;

interface Props {
  assessmentId: string;
  /** The signed-in person's id: owners are shown every delegation, this lists only theirs. */
  me: string;
  onAuthError: (e: unknown) => boolean;
}

function statusOf(d: Delegation, now: number): 'Active' | 'Withdrawn' | 'Expired' {
  if (d.revokedAt) return 'Withdrawn';
  return Date.parse(d.expiresAt) <= now ? 'Expired' : 'Active';
}

export function AgentDelegation({ assessmentId, me, onAuthError }: Props) {
  const id = useId();
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [delegations, setDelegations] = useState<Delegation[]>([]);
  const [agentId, setAgentId] = useState('');
  const [minutes, setMinutes] = useState<number>(DURATIONS[0].minutes);
  const [created, setCreated] = useState<Delegation | null>(null);
  const [status, setStatus] = useState('');
  const loading = useAction({ onAuthError });
  const action = useAction({ onAuthError });
  const { run: runLoad } = loading;

  const load = useCallback(
    () =>
      runLoad(async () => {
        const active = (await api.agents()).agents.filter((a) => !a.revokedAt);
        const lists = await Promise.all(active.map((a) => api.delegations(a.id)));
        setAgents(active);
        setAgentId((current) => (active.some((a) => a.id === current) ? current : (active[0]?.id ?? '')));
        setDelegations(
          lists
            .flatMap((l) => l.delegations)
            .filter((d) => d.assessmentId === assessmentId && d.personId === me)
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
        );
      }),
    [runLoad, assessmentId, me],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const labelOf = (agent: string) => agents?.find((a) => a.id === agent)?.label ?? agent;

  function allow(event: FormEvent) {
    event.preventDefault();
    setStatus('');
    void action.run(async () => {
      const { delegation } = await api.delegate(agentId, assessmentId, minutes);
      setCreated(delegation);
      await load();
      setStatus(`Allowed ${labelOf(delegation.agentId)} to answer for you until ${formatDateTime(delegation.expiresAt)}.`);
    });
  }

  function withdraw(d: Delegation) {
    setStatus('');
    void action.run(async () => {
      await api.withdrawDelegation(d.agentId, d.id);
      if (created?.id === d.id) setCreated(null);
      await load();
      setStatus(`Withdrew ${labelOf(d.agentId)}: it can no longer act for you.`);
    });
  }

  const now = Date.now();
  return (
    <section className="card agent-delegation" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Let an agent answer for you</h2>
      <p className="hint">
        The agent acts on this assessment only, for the time you choose; every answer it saves shows it acted for you. You can withdraw it at any time.
      </p>
      <ProblemNotice error={loading.error} />
      {agents === null ? (
        loading.error ? null : (
          <p aria-busy="true">Loading the agents…</p>
        )
      ) : agents.length === 0 ? (
        <p>No agents are registered in your organisation yet; an owner registers them through the API (see the API reference).</p>
      ) : (
        <details className="delegation-form" open={delegations.length === 0 || undefined}>
          <summary>Allow an agent</summary>
          <form onSubmit={allow} aria-labelledby={`${id}-title`}>
            <div className="filter-grid">
              <div className="field">
                <label htmlFor={`${id}-agent`}>Agent</label>
                <select id={`${id}-agent`} value={agentId} onChange={(e) => setAgentId(e.target.value)}>
                  {agents.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-for`}>For</label>
                <select id={`${id}-for`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
                  {DURATIONS.map((d) => (
                    <option key={d.minutes} value={d.minutes}>
                      {d.label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="actions">
              <button type="submit" disabled={action.busy || !agentId}>
                Allow
              </button>
            </div>
          </form>
        </details>
      )}
      <ProblemNotice error={action.error} />
      <p role="status" className="hint">
        {status}
      </p>
      {created ? (
        <div className="delegation-created">
          <div className="field">
            <label htmlFor={`${id}-created`}>Delegation id (give it to the agent)</label>
            <input
              id={`${id}-created`}
              className="mono"
              readOnly
              value={created.id}
              spellCheck={false}
              aria-describedby={`${id}-created-hint`}
              onFocus={(e) => e.target.select()}
            />
          </div>
          <p className="hint" id={`${id}-created-hint`}>
            Valid until {formatDateTime(created.expiresAt)}. It is not a secret: the agent must still sign in with its own key to use it.
          </p>
        </div>
      ) : null}
      {delegations.length ? (
        <DataTable
          className="delegations"
          caption="Agents you allowed on this assessment"
          columns={[{ label: 'Agent' }, { label: 'Until' }, { label: 'Status' }, { label: <span className="visually-hidden">Actions</span> }]}
        >
          <tbody>
            {delegations.map((d) => {
              const state = statusOf(d, now);
              return (
                <tr key={d.id}>
                  <th scope="row">{labelOf(d.agentId)}</th>
                  <td>{formatDateTime(d.revokedAt ?? d.expiresAt)}</td>
                  <td>{state}</td>
                  <td>
                    {state === 'Active' ? (
                      <button
                        type="button"
                        className="secondary small"
                        disabled={action.busy}
                        onClick={() => withdraw(d)}
                        aria-label={`Withdraw ${labelOf(d.agentId)}`}
                      >
                        Withdraw
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  );
}
