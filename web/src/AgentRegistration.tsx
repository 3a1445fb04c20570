/**
 * Owners register agents (docs/security.md, "Agents"): with a public key the agent keeps
 * the private half of, or with a workload identity its platform gives it (GitHub Actions,
 * Kubernetes, AWS, Entra, Google), so that it holds no AIM secret at all.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { type Agent, ApiError, api, KEY_LIFETIME_DAYS } from './api';
import { DataTable } from './DataTable';
import { SharedUseBadge } from './SharedUseBadge';
import { formatDate } from './format';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';

type Kind = 'key' | 'federation';

interface Fields {
  label: string;
  role: 'respondent' | 'leader';
  kind: Kind;
  jwk: string;
  issuer: string;
  subject: string;
  audience: string;
}

const EMPTY: Fields = { label: '', role: 'respondent', kind: 'federation', jwk: '', issuer: '', subject: '', audience: '' };

/** Field problems by the field of this form they are about (`/body/federation/issuer` → issuer). */
function fieldErrors(error: unknown): Partial<Record<keyof Fields, string>> {
  const out: Partial<Record<keyof Fields, string>> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const [, first, second] = /^\/body\/([^/]+)(?:\/([^/]+))?/.exec(e.pointer) ?? [];
    const field = (first === 'federation' && second ? second : first === 'federation' ? 'issuer' : first) as keyof Fields | undefined;
    if (field && !out[field]) out[field] = e.message;
  }
  return out;
}

/** One text input (a text area when `rows` is given) with its label, hint and error, described for assistive technology. */
function TextField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  error?: string;
  required?: boolean;
  rows?: number;
  onChange: (value: string) => void;
}) {
  const control = {
    id: props.id,
    required: props.required,
    value: props.value,
    'aria-describedby': `${props.id}-hint${props.error ? ` ${props.id}-error` : ''}`,
    'aria-invalid': props.error ? true : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.rows ? (
        <textarea {...control} rows={props.rows} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...control} maxLength={500} onChange={(e) => props.onChange(e.target.value)} />
      )}
      <p className="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      {props.error ? (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function AgentRegistration({
  onAuthError,
  federatedOnly = false,
}: {
  onAuthError: (e: unknown) => boolean;
  /** AIM_AGENT_CREDENTIALS=federated-only: no public-key registration is offered (the API refuses it). */
  federatedOnly?: boolean;
}) {
  const id = useId();
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [values, setValues] = useState<Fields>(EMPTY);
  const [registered, setRegistered] = useState<Agent | null>(null);
  const [revokedStatus, setRevokedStatus] = useState('');
  const { busy, error, run } = useAction({ onAuthError });
  const { error: listError, run: runList } = useAction({ onAuthError });
  const { busy: revoking, error: revokeError, run: runRevoke } = useAction({ onAuthError });
  const errors = fieldErrors(error);

  const load = useCallback(() => runList(async () => setAgents((await api.agents()).agents)), [runList]);
  useEffect(() => {
    void load();
  }, [load]);

  // Revoking ends its tokens on their next request and frees its workload identity for a new registration.
  const revoke = (agent: Agent) => {
    if (!window.confirm(`Revoke the agent "${agent.label}"? It gets no new tokens, and the ones it holds stop working at once.`)) return;
    setRevokedStatus('');
    void runRevoke(async () => {
      await api.revokeAgent(agent.id);
      // Said once the list shows it revoked, so the announcement and the table agree.
      await load();
      setRevokedStatus(`Revoked the agent "${agent.label}".`);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRegistered(null);
    void run(async () => {
      const base = { label: values.label.trim(), role: values.role, expiresInDays: KEY_LIFETIME_DAYS.default };
      let credential: { jwk: Record<string, unknown> } | { federation: { issuer: string; subject: string; audience?: string } };
      if (values.kind === 'key') {
        let jwk: unknown;
        try {
          jwk = JSON.parse(values.jwk);
        } catch {
          jwk = undefined;
        }
        if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk))
          throw new ApiError({
            type: 'about:blank',
            title: 'The public key is not valid',
            status: 400,
            code: 'validation_failed',
            detail: 'Paste the public key as a JWK: a JSON object.',
            errors: [{ pointer: '/body/jwk', message: 'expected a JSON object (a JWK)' }],
          });
        credential = { jwk: jwk as Record<string, unknown> };
      } else {
        const audience = values.audience.trim();
        credential = { federation: { issuer: values.issuer.trim(), subject: values.subject.trim(), ...(audience ? { audience } : {}) } };
      }
      const { agent } = await api.registerAgent({ ...base, ...credential });
      setRegistered(agent);
      setValues({ ...EMPTY, kind: values.kind });
      await load();
    });
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Agents</h2>
      <p>
        An agent gets access tokens that live minutes from the API's token endpoint (its id is its client_id).{' '}
        {federatedOnly
          ? 'It proves who it is with the identity its platform already gives it (workload identity federation), so it holds no AIM secret at all.'
          : 'It proves who it is with a key pair it keeps, or with the identity its platform already gives it (workload identity federation): then it holds no AIM secret at all.'}
      </p>
      <section className="card" aria-labelledby={`${id}-form-title`}>
        <h3 id={`${id}-form-title`}>Register an agent</h3>
        <form onSubmit={submit}>
          <TextField
            id={`${id}-label`}
            label="Name"
            hint='What the agent is, for example "Release pipeline".'
            value={values.label}
            error={errors.label}
            required
            onChange={(label) => setValues({ ...values, label })}
          />
          <div className="field">
            <label htmlFor={`${id}-role`}>Role</label>
            <select
              id={`${id}-role`}
              value={values.role}
              onChange={(e) => setValues({ ...values, role: e.target.value === 'leader' ? 'leader' : 'respondent' })}
            >
              <option value="respondent">Respondent: answers and submits assessments</option>
              <option value="leader">Leader: reads results, reports and the audit trail</option>
            </select>
          </div>
          <fieldset className="field">
            <legend className="prompt">How it proves who it is</legend>
            {federatedOnly ? (
              <p className="hint">This deployment registers agents by workload identity only: no agent keeps a private key or other AIM secret.</p>
            ) : null}
            <div className="options inline-options-row">
              {(
                [
                  ['federation', 'Workload identity (federation)'],
                  ['key', 'Public key'],
                ] as const
              )
                .filter(([kind]) => !federatedOnly || kind === 'federation')
                .map(([kind, text]) => (
                  <label className="option" key={kind}>
                    <input type="radio" name={`${id}-kind`} value={kind} checked={values.kind === kind} onChange={() => setValues({ ...values, kind })} />
                    <span>{text}</span>
                  </label>
                ))}
            </div>
          </fieldset>
          {values.kind === 'federation' ? (
            <>
              <TextField
                id={`${id}-issuer`}
                label="Issuer"
                hint="The platform's OpenID issuer URL (https), for example https://token.actions.githubusercontent.com."
                value={values.issuer}
                error={errors.issuer}
                required
                onChange={(issuer) => setValues({ ...values, issuer })}
              />
              <TextField
                id={`${id}-subject`}
                label="Subject"
                hint="The exact subject of its tokens, one per agent and environment, for example repo:org/repo:environment:prod."
                value={values.subject}
                error={errors.subject}
                required
                onChange={(subject) => setValues({ ...values, subject })}
              />
              <TextField
                id={`${id}-audience`}
                label="Audience (optional)"
                hint="The audience its tokens are issued for; left empty, this API's token endpoint URL."
                value={values.audience}
                error={errors.audience}
                onChange={(audience) => setValues({ ...values, audience })}
              />
            </>
          ) : (
            <TextField
              id={`${id}-jwk`}
              label="Public key (JWK)"
              hint="The public half only, as JSON: EC P-256 or RSA of 2048 bits or more."
              value={values.jwk}
              error={errors.jwk}
              required
              rows={4}
              onChange={(jwk) => setValues({ ...values, jwk })}
            />
          )}
          <ProblemNotice error={error} />
          <button type="submit" disabled={busy}>
            {busy ? 'Registering…' : 'Register agent'}
          </button>
        </form>
        {registered ? (
          <p className="notice" role="status">
            Registered {registered.label}: its client_id is <code>{registered.id}</code>, valid until {formatDate(registered.expiresAt)}.
          </p>
        ) : null}
      </section>
      <ProblemNotice error={listError ?? revokeError} />
      <p role="status" className={revokedStatus ? 'notice' : undefined}>
        {revokedStatus}
      </p>
      {agents === null ? null : agents.length === 0 ? (
        <p>No agents are registered yet.</p>
      ) : (
        <DataTable
          labelledBy={`${id}-title`}
          columns={[{ label: 'Name' }, { label: 'Role' }, { label: 'Proves who it is with' }, { label: 'Keys' }, { label: 'Status' }, { label: 'Actions' }]}
        >
          <tbody>
            {agents.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.label}</th>
                <td>
                  {a.role}
                  {a.reachableDataClasses?.length ? (
                    <>
                      <br />
                      <span className="hint">Can reach: {a.reachableDataClasses.join(', ')} data</span>
                    </>
                  ) : null}
                </td>
                <td>{a.federation ? `Workload identity: ${a.federation.subject} at ${a.federation.issuer}` : 'Public key'}</td>
                <td>{a.keys?.length ? a.keys.map((k) => `${k.label} (${k.role})`).join(', ') : 'None'}</td>
                <td>
                  {agentState(a)}
                  <SharedUseBadge sharedUse={a.sharedUse} />
                </td>
                <td>
                  {a.revokedAt ? null : (
                    <button type="button" className="small" disabled={revoking} onClick={() => revoke(a)} aria-label={`Revoke ${a.label}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}

/** Its status; one revoked by a detection says so, with the reason (docs/security.md, "Automatic containment"). */
function agentState(a: { revokedAt: string | null; revokedReason?: string | null; expiresAt: string }): string {
  if (!a.revokedAt) return `Valid until ${formatDate(a.expiresAt)}`;
  return a.revokedReason ? `Revoked automatically: ${a.revokedReason} (${formatDate(a.revokedAt)})` : `Revoked ${formatDate(a.revokedAt)}`;
}
