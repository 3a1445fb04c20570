import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import {
  api,
  ApiError,
  bodyFieldErrors,
  KEY_LIFETIME_DAYS,
  type Invitation,
  type IssuedToken,
  type Member,
  type MemberRole,
  type Role,
  type Scope,
  type TokenView,
} from './api';
import { formatDate, formatDateTime } from './format';
import { KEY_EXCEPTION_LENGTH, PRIVILEGED_KEY_LIFETIME_HOURS, PRIVILEGED_ROLES, roleMay } from '../../functions/contract/rules';
import { AgentRegistration } from './AgentRegistration';
import { DataTable } from './DataTable';
import { ProblemNotice } from './ProblemNotice';
import { scopeName } from './ScopeText';
import { SecretOnce } from './SecretOnce';
import { SharedUseBadge } from './SharedUseBadge';
import { can } from './session';
import { useAction } from './useAction';

const ORG_ROLES: { value: Role; label: string }[] = [
  { value: 'respondent', label: 'Respondent: answers and submits assessments' },
  { value: 'leader', label: 'Leader: reads results, reports and the audit trail' },
  { value: 'owner', label: 'Owner: everything, including people, invitations and keys' },
];
const PLATFORM_ROLES: { value: Role; label: string }[] = [
  { value: 'analyst', label: 'Analyst: cohort statistics only' },
  { value: 'admin', label: 'Administrator: platform keys and cohort statistics' },
];

/**
 * Who may use AIM for the organisation: its people (who sign in with their identity
 * provider) and their roles, invitations for new people, and keys for scripts and agents.
 */
export default function AccessPage({
  role,
  me,
  onMembershipChanged,
  onAuthError,
}: {
  role: Role | null;
  /** The signed-in person's id: changing their own role or membership reloads the session. */
  me: string;
  onMembershipChanged: () => Promise<void>;
  onAuthError: (e: unknown) => boolean;
}) {
  const [tokens, setTokens] = useState<TokenView[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setError(e);
    },
    [onAuthError],
  );
  const roles = role === 'admin' ? PLATFORM_ROLES : ORG_ROLES;

  const reload = useCallback(() => {
    api.tokens().then((r) => setTokens(r.tokens), fail);
    if (can.invite(role)) api.invitations().then((r) => setInvitations(r.invitations), fail);
  }, [fail, role]);
  useEffect(reload, [reload]);
  // Where agents hold no stored secret (AIM_AGENT_CREDENTIALS=federated-only) no key is offered; until known, none either.
  const [federatedOnly, setFederatedOnly] = useState<boolean | null>(null);
  useEffect(() => {
    api.currentSession().then((s) => setFederatedOnly(s.agentCredentials === 'federated-only'), fail);
  }, [fail]);

  const keysId = useId();
  return (
    <>
      <h1 tabIndex={-1}>Access</h1>
      <p className="lead">
        {can.manageMembers(role)
          ? "People sign in with their organisation's identity provider; here you choose who belongs to the organisation and with which role. Give each the least role they need: then the audit trail shows who did what."
          : 'Keys let scripts and integrations call the AIM API, each with the least role it needs: then the audit trail shows who did what.'}
      </p>
      <ProblemNotice error={error} />
      {can.manageMembers(role) ? (
        <MemberList me={me} mayRestrict={roleMay(role, 'scopes.write')} onMembershipChanged={onMembershipChanged} onAuthError={onAuthError} />
      ) : null}
      {can.invite(role) ? <InviteForm onCreated={reload} onAuthError={onAuthError} /> : null}
      {can.invite(role) ? <InvitationList invitations={invitations} onChanged={reload} onError={fail} /> : null}
      {roleMay(role, 'agents.register') ? <AgentRegistration onAuthError={onAuthError} federatedOnly={federatedOnly !== false} /> : null}
      <section aria-labelledby={`${keysId}-title`}>
        <h2 id={`${keysId}-title`}>Keys for scripts</h2>
        <p>
          People sign in with their identity provider and need no key. You are signed in that way: your session is the credential in use by you, so revoking a
          key here never signs you out.
          {/* Advice on renewing keys would contradict a deployment that issues none. */}
          {federatedOnly === false
            ? ` Keys are only for scripts and integrations that call the AIM API. Every key expires, after ${KEY_LIFETIME_DAYS.max} days at most; issue a new one before then.`
            : null}
        </p>
        {federatedOnly === false ? (
          <MintForm roles={roles} onCreated={reload} onAuthError={onAuthError} />
        ) : federatedOnly ? (
          <p className="hint">
            This deployment takes no keys for new scripts or agents: no agent holds a stored secret. Register the agent above with its workload identity (GitHub
            Actions, AWS, Kubernetes and other platforms issue one), and it gets short-lived tokens without any AIM secret. Existing keys no longer work.
          </p>
        ) : null}
        <TokenList tokens={tokens} me={me} labelledBy={`${keysId}-title`} onChanged={reload} onError={fail} />
      </section>
    </>
  );
}

const MEMBER_ROLES: { value: MemberRole; label: string }[] = [
  { value: 'owner', label: 'Owner' },
  { value: 'leader', label: 'Leader' },
  { value: 'respondent', label: 'Respondent' },
];

/** The last owner can be neither removed nor demoted: say what to do instead. */
const explainMemberProblem = (e: unknown) =>
  e instanceof ApiError && e.code === 'last_owner'
    ? new ApiError({
        ...e.problem,
        title: 'The organisation needs at least one owner',
        detail: 'Make someone else an owner first, then change or remove this member.',
      })
    : e;

function MemberList({
  me,
  mayRestrict,
  onMembershipChanged,
  onAuthError,
}: {
  me: string;
  /** Whether the viewer may restrict respondents to a scope (issue 19). */
  mayRestrict: boolean;
  onMembershipChanged: () => Promise<void>;
  onAuthError: (e: unknown) => boolean;
}) {
  const id = useId();
  const [members, setMembers] = useState<Member[] | null>(null);
  /** The organisation's scopes: the "Restricted to" column shows only when it has some. */
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const { busy, error, run } = useAction({ onAuthError, explain: explainMemberProblem });
  // The inline confirmation replaces the button that asked for it: keep the keyboard there.
  useEffect(() => {
    if (confirming) document.getElementById(`${id}-confirm`)?.focus();
  }, [confirming, id]);

  const load = useCallback(() => run(async () => setMembers((await api.members()).members)), [run]);
  /** The only owner can be neither demoted nor removed (the API answers 409 last_owner): the page does not offer it. */
  const owners = members?.filter((m) => m.role === 'owner').length ?? 0;
  const isLastOwner = (m: Member) => m.role === 'owner' && owners <= 1;
  useEffect(() => {
    void load();
    api.scopes().then(
      (r) => setScopes(r.scopes),
      () => undefined,
    );
  }, [load]);

  const restrict = (m: Member, scopeId: string | null) =>
    run(async () => {
      setStatus('');
      setMembers((list) => list?.map((x) => (x.person.id === m.person.id ? { ...x, scopeId } : x)) ?? null);
      try {
        await api.setMemberScope(m.person.id, scopeId);
      } catch (e) {
        // Show the restriction the server still has.
        api.members().then(
          (r) => setMembers(r.members),
          () => undefined,
        );
        throw e;
      }
      setStatus(
        scopeId
          ? `${m.person.name} is now restricted to ${scopeName(scopes, scopeId)}: they see and answer only its assessments.`
          : `${m.person.name} is no longer restricted to a scope.`,
      );
    });

  const changeRole = (m: Member, next: MemberRole) =>
    run(async () => {
      setStatus('');
      setConfirming(null);
      setMembers((list) => list?.map((x) => (x.person.id === m.person.id ? { ...x, role: next } : x)) ?? null);
      try {
        await api.changeMemberRole(m.person.id, next);
      } catch (e) {
        // Show the role the server still has.
        api.members().then(
          (r) => setMembers(r.members),
          () => undefined,
        );
        throw e;
      }
      setStatus(`${m.person.name} is now ${next === 'owner' ? 'an owner' : `a ${next}`}.`);
      if (m.person.id === me) await onMembershipChanged();
    });

  const remove = (m: Member) =>
    run(async () => {
      setStatus('');
      setConfirming(null);
      await api.removeMember(m.person.id);
      setStatus(`Removed ${m.person.name} from the organisation.`);
      if (m.person.id === me) {
        await onMembershipChanged();
        return;
      }
      setMembers((await api.members()).members);
    });

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>People</h2>
      <p className="hint">Everyone who belongs to the organisation. A new role takes effect at once; a person removed loses access at once.</p>
      <ProblemNotice error={error} />
      <p role="status" className="hint">
        {status}
      </p>
      {!members ? (
        error ? null : (
          <p aria-busy="true">Loading…</p>
        )
      ) : (
        <DataTable
          className="members"
          labelledBy={`${id}-title`}
          columns={[
            { label: 'Name' },
            { label: 'Email' },
            { label: 'Role' },
            ...(scopes.length > 0 ? [{ label: 'Restricted to' }] : []),
            { label: 'Last sign-in' },
            { label: <span className="visually-hidden">Actions</span> },
          ]}
        >
          <tbody>
            {members.map((m) => (
              <tr key={m.person.id} className={m.person.id === me ? 'is-you' : undefined}>
                <th scope="row">
                  {m.person.name}
                  {m.person.id === me ? (
                    <>
                      {' '}
                      <span className="badge badge-you">This is you</span>
                    </>
                  ) : null}
                  {isLastOwner(m) ? (
                    <span className="hint last-owner-note" id={`${id}-last-owner`}>
                      {m.person.id === me ? 'You are' : 'This is'} the only owner: make someone else an owner before changing this role or removing{' '}
                      {m.person.id === me ? 'yourself' : 'them'}, so that the organisation is never locked out.
                    </span>
                  ) : null}
                </th>
                <td>{m.person.email ?? '—'}</td>
                <td>
                  <select
                    className="role-select"
                    aria-label={`Role for ${m.person.name}`}
                    value={m.role}
                    disabled={busy || isLastOwner(m)}
                    aria-describedby={isLastOwner(m) ? `${id}-last-owner` : undefined}
                    onChange={(e) => {
                      const next = MEMBER_ROLES.find((r) => r.value === e.target.value)?.value;
                      if (next && next !== m.role) void changeRole(m, next);
                    }}
                  >
                    {MEMBER_ROLES.map((r) => (
                      <option key={r.value} value={r.value}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                </td>
                {scopes.length > 0 ? (
                  <td>
                    {m.role !== 'respondent' ? (
                      // Owners and leaders are never restricted.
                      <span className="hint">No restriction</span>
                    ) : mayRestrict ? (
                      <select
                        className="scope-select"
                        aria-label={`Scope ${m.person.name} is restricted to`}
                        value={m.scopeId ?? ''}
                        disabled={busy}
                        onChange={(e) => void restrict(m, e.target.value || null)}
                      >
                        <option value="">No restriction</option>
                        {scopes.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.name}
                          </option>
                        ))}
                      </select>
                    ) : m.scopeId ? (
                      scopeName(scopes, m.scopeId)
                    ) : (
                      'No restriction'
                    )}
                  </td>
                ) : null}
                <td>{m.person.lastSignInAt ? formatDateTime(m.person.lastSignInAt) : 'Never'}</td>
                <td>
                  {confirming === m.person.id ? (
                    <span className="inline-actions">
                      <button type="button" id={`${id}-confirm`} className="small" disabled={busy} onClick={() => void remove(m)}>
                        Confirm removal
                      </button>
                      <button type="button" className="secondary small" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="secondary small"
                      disabled={busy || isLastOwner(m)}
                      aria-describedby={isLastOwner(m) ? `${id}-last-owner` : undefined}
                      onClick={() => {
                        setStatus('');
                        setConfirming(m.person.id);
                      }}
                      aria-label={m.person.id === me ? `Remove yourself (${m.person.name})` : `Remove ${m.person.name}`}
                    >
                      Remove
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

interface GrantFields {
  label: string;
  role: Role;
  expiresInDays: string;
}

function GrantInputs({
  id,
  values,
  set,
  roles,
  errors,
  expiryLabel,
  expiryChoices,
  expiryHint,
}: {
  id: string;
  values: GrantFields;
  set: (v: GrantFields) => void;
  roles: { value: Role; label: string }[];
  errors: Record<string, string>;
  expiryLabel: string;
  expiryChoices: { value: string; label: string }[];
  /** A line under the expiry choice, e.g. the longest lifetime allowed. */
  expiryHint?: string;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-label`}>Name</label>
        <input
          id={`${id}-label`}
          required
          maxLength={120}
          value={values.label}
          onChange={(e) => set({ ...values, label: e.target.value })}
          aria-describedby={`${id}-label-hint${errors.label ? ` ${id}-label-error` : ''}`}
          aria-invalid={errors.label ? true : undefined}
        />
        <p className="hint" id={`${id}-label-hint`}>
          The script or agent that will use it, for example "Inventory sync agent". People sign in instead.
        </p>
        {errors.label ? (
          <p className="field-error" id={`${id}-label-error`}>
            {errors.label}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} value={values.role} onChange={(e) => set({ ...values, role: e.target.value as Role })}>
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-expiry`}>{expiryLabel}</label>
        <select
          id={`${id}-expiry`}
          value={values.expiresInDays}
          onChange={(e) => set({ ...values, expiresInDays: e.target.value })}
          aria-describedby={expiryHint ? `${id}-expiry-hint` : undefined}
        >
          {expiryChoices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        {expiryHint ? (
          <p className="hint" id={`${id}-expiry-hint`}>
            {expiryHint}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** Lifetimes a key may be given: up to the longest the API allows, the default first among equals (KEY_LIFETIME_DAYS). */
const KEY_EXPIRY = [7, 14, KEY_LIFETIME_DAYS.default, 60, KEY_LIFETIME_DAYS.max]
  .filter((days, i, all) => days <= KEY_LIFETIME_DAYS.max && all.indexOf(days) === i)
  .sort((a, b) => a - b)
  .map((days) => ({ value: String(days), label: days === KEY_LIFETIME_DAYS.default ? `${days} days (default)` : `${days} days` }));
const DEFAULT_KEY_EXPIRY = String(KEY_LIFETIME_DAYS.default);
const KEY_EXPIRY_HINT = `${KEY_LIFETIME_DAYS.max} days at most; shorter is safer for agents and scripts.`;
/** Owner and admin keys are just in time: one fixed lifetime, no choice (PRIVILEGED_KEY_LIFETIME_HOURS). */
const PRIVILEGED_EXPIRY = [{ value: '', label: `${PRIVILEGED_KEY_LIFETIME_HOURS} hour` }];
const PRIVILEGED_EXPIRY_HINT = `Owner and admin keys are just in time: they live ${PRIVILEGED_KEY_LIFETIME_HOURS} hour; issue a new one when a script needs it again.`;

function MintForm({ roles, onCreated, onAuthError }: { roles: { value: Role; label: string }[]; onCreated: () => void; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [values, setValues] = useState<GrantFields>({ label: '', role: roles[0]!.value, expiresInDays: DEFAULT_KEY_EXPIRY });
  // A key with a privileged role is a recorded exception: the API requires the reason.
  const [exception, setException] = useState('');
  const privileged = PRIVILEGED_ROLES.includes(values.role);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const { busy, error, run } = useAction({ onAuthError });
  const errors = bodyFieldErrors(error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIssued(null);
    void run(async () => {
      const { token } = await api.mintToken({
        label: values.label.trim(),
        role: values.role,
        // Every key is an agent's; a privileged key takes no lifetime (it lives an hour).
        actorType: 'agent',
        ...(privileged ? { exception: exception.trim() } : { expiresInDays: Number(values.expiresInDays) }),
      });
      setIssued(token);
      setValues({ ...values, label: '' });
      setException('');
      onCreated();
    });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Issue a key</h3>
      <p className="hint">For a script, an integration or an agent that calls the AIM API. Not for signing in to this app.</p>
      <form onSubmit={submit}>
        <GrantInputs
          id={id}
          // A privileged key shows its one fixed lifetime, whatever was chosen for other roles.
          values={privileged ? { ...values, expiresInDays: '' } : values}
          set={(next) => setValues(privileged ? { ...next, expiresInDays: values.expiresInDays } : next)}
          roles={roles}
          errors={errors}
          expiryLabel="Expires after"
          expiryChoices={privileged ? PRIVILEGED_EXPIRY : KEY_EXPIRY}
          expiryHint={privileged ? PRIVILEGED_EXPIRY_HINT : KEY_EXPIRY_HINT}
        />
        {privileged ? (
          <div className="field">
            <label htmlFor={`${id}-exception`}>Why does this script need the {values.role} role?</label>
            <textarea
              id={`${id}-exception`}
              required
              minLength={KEY_EXCEPTION_LENGTH.min}
              maxLength={KEY_EXCEPTION_LENGTH.max}
              rows={2}
              value={exception}
              onChange={(e) => setException(e.target.value)}
              aria-describedby={`${id}-exception-hint${errors.exception ? ` ${id}-exception-error` : ''}`}
              aria-invalid={errors.exception ? true : undefined}
            />
            <p className="hint" id={`${id}-exception-hint`}>
              A script with this role is an exception: the reason is kept with the key and in the audit trail ({KEY_EXCEPTION_LENGTH.min} to{' '}
              {KEY_EXCEPTION_LENGTH.max} characters).
            </p>
            {errors.exception ? (
              <p className="field-error" id={`${id}-exception-error`}>
                {errors.exception}
              </p>
            ) : null}
          </div>
        ) : null}
        <ProblemNotice error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Issuing…' : 'Issue key'}
        </button>
      </form>
      {issued ? (
        <div className="notice" role="status" data-testid="issued-key">
          <p>
            <strong>
              Key for {issued.label} ({issued.role}, {issued.actorType === 'agent' ? 'agent' : 'person'})
            </strong>
            {issued.expiresAt ? `, valid until ${formatDate(issued.expiresAt)}` : null}
          </p>
          <SecretOnce label="Access key" value={issued.secret} />
        </div>
      ) : null}
    </section>
  );
}

const INVITE_EXPIRY = [
  { value: '7', label: '7 days' },
  { value: '1', label: '1 day' },
  { value: '30', label: '30 days' },
];

const INVITE_ROLES = ORG_ROLES.filter((r): r is { value: MemberRole; label: string } => MEMBER_ROLES.some((m) => m.value === r.value));

function InviteForm({ onCreated, onAuthError }: { onCreated: () => void; onAuthError: (e: unknown) => boolean }) {
  const id = useId();
  const [values, setValues] = useState<{ label: string; role: MemberRole; expiresInDays: string }>({ label: '', role: 'respondent', expiresInDays: '7' });
  const [link, setLink] = useState<{ url: string; label: string } | null>(null);
  const { busy, error, run } = useAction({ onAuthError });
  const errors = bodyFieldErrors(error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLink(null);
    void run(async () => {
      const created = await api.invite({ label: values.label.trim(), role: values.role, expiresInDays: Number(values.expiresInDays) });
      setLink({ url: `${window.location.origin}/#/join/${encodeURIComponent(created.code)}`, label: created.invitation.label });
      setValues({ ...values, label: '' });
      onCreated();
    });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Invite someone</h2>
      <p className="hint">
        They open the link, sign in (or create an account) with their identity provider and join with the role you choose. A link works once.
      </p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-label`}>Name</label>
          <input
            id={`${id}-label`}
            required
            maxLength={120}
            value={values.label}
            onChange={(e) => setValues({ ...values, label: e.target.value })}
            aria-describedby={`${id}-label-hint${errors.label ? ` ${id}-label-error` : ''}`}
            aria-invalid={errors.label ? true : undefined}
          />
          <p className="hint" id={`${id}-label-hint`}>
            Who the invitation is for, for example "Priya Shah".
          </p>
          {errors.label ? (
            <p className="field-error" id={`${id}-label-error`}>
              {errors.label}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select
            id={`${id}-role`}
            value={values.role}
            onChange={(e) => setValues({ ...values, role: INVITE_ROLES.find((r) => r.value === e.target.value)?.value ?? values.role })}
          >
            {INVITE_ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-expiry`}>The link expires after</label>
          <select id={`${id}-expiry`} value={values.expiresInDays} onChange={(e) => setValues({ ...values, expiresInDays: e.target.value })}>
            {INVITE_EXPIRY.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <ProblemNotice error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create invite link'}
        </button>
      </form>
      {link ? (
        <div className="notice" role="status" data-testid="invite-link">
          <p>
            <strong>Invite link for {link.label}</strong>
          </p>
          <SecretOnce label="Invite link" value={link.url} hint="Shown only this once. Send it to them over a channel you trust." />
        </div>
      ) : null}
    </section>
  );
}

/** Days left before a date, rounded up (0 once it has passed). */
const daysLeft = (iso: string) => Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 86_400_000));

function tokenState(t: TokenView): string {
  if (t.revokedAt) return t.revokedReason ? `Revoked automatically: ${t.revokedReason} (${formatDate(t.revokedAt)})` : `Revoked ${formatDate(t.revokedAt)}`;
  if (t.expiresAt && new Date(t.expiresAt) <= new Date()) return `Expired ${formatDate(t.expiresAt)}`;
  if (!t.expiresAt) return 'Active';
  // Owner and admin keys live an hour: "1 day left" would overstate it.
  const ms = Date.parse(t.expiresAt) - Date.now();
  if (ms < 86_400_000) {
    const minutes = Math.ceil(ms / 60_000);
    return `Active until ${formatDateTime(t.expiresAt)} (${minutes < 120 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.floor(minutes / 60)} hours`} left)`;
  }
  const left = daysLeft(t.expiresAt);
  return `Active until ${formatDate(t.expiresAt)} (${left === 1 ? '1 day' : `${left} days`} left)`;
}

function TokenList({
  tokens,
  me,
  labelledBy,
  onChanged,
  onError,
}: {
  tokens: TokenView[] | null;
  /** The signed-in person's id: keys they issued say so. */
  me: string;
  labelledBy: string;
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  const [status, setStatus] = useState('');
  async function revoke(t: TokenView) {
    if (!window.confirm(`Revoke the key "${t.label}"? Anything using it stops working at once.`)) return;
    try {
      await api.revokeToken(t.id);
      setStatus(`Revoked the key "${t.label}".`);
      onChanged();
    } catch (e) {
      onError(e);
    }
  }
  return (
    <>
      <p role="status" className="hint">
        {status}
      </p>
      {!tokens ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <DataTable
          className="tokens"
          labelledBy={labelledBy}
          columns={[
            { label: 'Name' },
            { label: 'Role' },
            { label: 'Status' },
            { label: 'Last used' },
            { label: <span className="visually-hidden">Actions</span> },
          ]}
        >
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <th scope="row">
                  {t.label}
                  {t.createdBy === me ? <span className="hint"> (issued by you)</span> : null}
                  <br />
                  <span className="hint mono">{t.id}</span>
                  {t.exception ? (
                    <>
                      <br />
                      <span className="hint">Exception: {t.exception}</span>
                    </>
                  ) : null}
                </th>
                {/* Every key acts as an agent, also one an earlier version stored as a person's. */}
                <td>
                  {t.role}, agent
                  {t.reachableDataClasses?.length ? (
                    <>
                      <br />
                      <span className="hint">Can reach: {t.reachableDataClasses.join(', ')} data</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {tokenState(t)}
                  <SharedUseBadge sharedUse={t.sharedUse} />
                </td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</td>
                <td>
                  {t.id.startsWith('bootstrap-admin-') && !t.revokedAt ? (
                    <span className="hint">Set by AIM_ADMIN_TOKEN: change it to retire this key</span>
                  ) : !t.revokedAt ? (
                    <button type="button" className="secondary small" onClick={() => revoke(t)} aria-label={`Revoke the key ${t.label}`}>
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </>
  );
}

function InvitationList({ invitations, onChanged, onError }: { invitations: Invitation[] | null; onChanged: () => void; onError: (e: unknown) => void }) {
  const id = useId();
  const [status, setStatus] = useState('');
  async function revoke(i: Invitation) {
    try {
      await api.revokeInvitation(i.id);
      setStatus(`Revoked the invitation for "${i.label}".`);
      onChanged();
    } catch (e) {
      onError(e);
    }
  }
  const STATUS: Record<Invitation['status'], string> = { pending: 'Waiting', accepted: 'Accepted', expired: 'Expired', revoked: 'Revoked' };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Invitations</h2>
      <p role="status" className="hint">
        {status}
      </p>
      {!invitations ? (
        <p aria-busy="true">Loading…</p>
      ) : invitations.length === 0 ? (
        <p>No invitations yet.</p>
      ) : (
        <DataTable
          className="invitations"
          labelledBy={`${id}-title`}
          columns={[{ label: 'For' }, { label: 'Role' }, { label: 'Status' }, { label: <span className="visually-hidden">Actions</span> }]}
        >
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.label}</th>
                <td>
                  {i.role}, {i.actorType === 'agent' ? 'agent' : 'person'}
                </td>
                <td>
                  {STATUS[i.status]}
                  {i.status === 'pending' ? `, link valid until ${formatDate(i.expiresAt)}` : i.acceptedAt ? ` ${formatDate(i.acceptedAt)}` : ''}
                </td>
                <td>
                  {i.status === 'pending' ? (
                    <button type="button" className="secondary small" onClick={() => revoke(i)} aria-label={`Revoke the invitation for ${i.label}`}>
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
