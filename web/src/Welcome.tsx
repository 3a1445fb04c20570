import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, bodyFieldErrors, type IssuedToken, type Role, type Taxonomy } from './api';
import { choiceLabel } from './format';
import { ProblemNotice } from './ProblemNotice';
import { SecretOnce } from './SecretOnce';
import { detectRole, KeyRejected } from './session';
import { useAction } from './useAction';

export { choiceLabel };

type Field = 'name' | 'industry' | 'sizeBand' | 'region';
const FIELD_LABELS: Record<Exclude<Field, 'name'>, string> = { industry: 'Industry', sizeBand: 'Size', region: 'Region' };

export function Welcome({ notice, onSignedIn }: { notice: string | null; onSignedIn: (secret: string, role: Role) => void }) {
  const [issued, setIssued] = useState<{ name: string; token: IssuedToken } | null>(null);
  if (issued) return <KeyOnce title={`${issued.name} is registered`} token={issued.token} onContinue={() => onSignedIn(issued.token.secret, 'owner')} />;
  return (
    <>
      <h1 tabIndex={-1}>Assess your AI agents' identity governance</h1>
      <p className="lead">
        Answer a short questionnaire about how your organisation identifies, authorises and audits its AI agents, and get a maturity score for each area with a
        PDF report.
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="columns">
        <RegisterForm onRegistered={(name, token) => setIssued({ name, token })} />
        <ResumeForm onSignedIn={onSignedIn} />
      </div>
    </>
  );
}

function RegisterForm({ onRegistered }: { onRegistered: (name: string, token: IssuedToken) => void }) {
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  const [values, setValues] = useState<Record<Field, string>>({ name: '', industry: '', sizeBand: '', region: '' });
  const { busy, error, setError, run } = useAction();
  const id = useId();

  useEffect(() => {
    api.taxonomy().then(setTaxonomy, setError);
  }, [setError]);

  const fieldErrors = bodyFieldErrors(error);
  // An empty choice gets a plain sentence rather than the validator's list of allowed values.
  for (const field of Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]) {
    if (fieldErrors[field] && !values[field]) fieldErrors[field] = `Choose a ${FIELD_LABELS[field].toLowerCase()}.`;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { organisation, token } = await api.register({ ...values, name: values.name.trim() });
      onRegistered(organisation.name, token);
    });
  };

  const describedBy = (field: Field) => (fieldErrors[field] ? `${id}-${field}-error` : undefined);
  const fieldError = (field: Field) =>
    fieldErrors[field] ? (
      <p className="field-error" id={`${id}-${field}-error`}>
        {fieldErrors[field]}
      </p>
    ) : null;

  return (
    <section aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>Register your organisation</h2>
      <form onSubmit={submit}>
        <ProblemNotice error={error} />
        <div className="field">
          <label htmlFor={`${id}-name`}>Organisation name</label>
          <input
            id={`${id}-name`}
            name="name"
            autoComplete="organization"
            required
            maxLength={200}
            value={values.name}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={describedBy('name')}
            onChange={(e) => setValues({ ...values, name: e.target.value })}
          />
          {fieldError('name')}
        </div>
        {(Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]).map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{FIELD_LABELS[field]}</label>
            <select
              id={`${id}-${field}`}
              name={field}
              required
              value={values[field]}
              aria-invalid={fieldErrors[field] ? true : undefined}
              aria-describedby={describedBy(field)}
              onChange={(e) => setValues({ ...values, [field]: e.target.value })}
            >
              <option value="">{taxonomy ? 'Choose…' : 'Loading…'}</option>
              {(taxonomy?.[field] ?? []).map((v) => (
                <option key={v} value={v}>
                  {choiceLabel(v)}
                </option>
              ))}
            </select>
            {fieldError(field)}
          </div>
        ))}
        <button type="submit" disabled={busy}>
          {busy ? 'Registering…' : 'Register'}
        </button>
      </form>
    </section>
  );
}

const plainKeyRejection = (e: unknown) => (e instanceof KeyRejected ? new Error(e.message) : e);

function ResumeForm({ onSignedIn }: { onSignedIn: (secret: string, role: Role) => void }) {
  const [secret, setSecret] = useState('');
  const { busy, error, run } = useAction({ explain: plainKeyRejection });
  const id = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = secret.trim();
    if (!value) return;
    // Detecting the role also proves the key works before we keep it.
    void run(async () => onSignedIn(value, await detectRole(value)));
  }

  return (
    <section aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>I have a key</h2>
      <form onSubmit={submit}>
        <ProblemNotice error={error} />
        <div className="field">
          <label htmlFor={`${id}-secret`}>Access key</label>
          <input
            id={`${id}-secret`}
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Continue'}
        </button>
      </form>
    </section>
  );
}

/** A newly issued key, shown once. */
export function KeyOnce({ title, token, onContinue }: { title: string; token: IssuedToken; onContinue: () => void }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h1 tabIndex={-1} id={`${id}-title`}>
        {title}
      </h1>
      <p>
        This is your access key ({token.role}). It is shown <strong>only once</strong>: keep it somewhere safe, such as a password manager. You need it to come
        back from another browser or after signing out.
      </p>
      <SecretOnce
        label="Access key"
        value={token.secret}
        hint={
          token.expiresAt
            ? `Valid until ${new Date(token.expiresAt).toLocaleDateString(undefined, { dateStyle: 'long' })}. Every key expires: ${token.role === 'owner' ? 'issue yourself a new one on the Access page' : 'ask an owner of your organisation for a new one'} before then.`
            : undefined
        }
      />
      <div className="actions">
        <button type="button" onClick={onContinue}>
          I have saved my key, continue
        </button>
      </div>
    </section>
  );
}
