import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, bodyFieldErrors, type SignedInSession, type Taxonomy } from './api';
import { choiceLabel } from './format';
import { ProblemNotice } from './ProblemNotice';
import { QuestionnaireEstimate } from './QuestionnaireEstimate';
import { signInUrl } from './session';
import { useAction } from './useAction';

export { choiceLabel };

type Field = 'name' | 'industry' | 'sizeBand' | 'region';
const FIELD_LABELS: Record<Exclude<Field, 'name'>, string> = { industry: 'Industry', sizeBand: 'Size', region: 'Region' };

/** The two ways in, both through the server's OpenID Connect sign-in: links, since they leave the app for the identity provider. */
export function SignInLinks({
  returnTo,
  signInLabel = 'Sign in',
  signUpLabel = 'Create an account',
}: {
  returnTo?: string;
  signInLabel?: string;
  signUpLabel?: string;
}) {
  return (
    <div className="actions">
      <a className="button" href={signInUrl({ returnTo })}>
        {signInLabel}
      </a>
      <a className="button secondary" href={signInUrl({ returnTo, signUp: true })}>
        {signUpLabel}
      </a>
    </div>
  );
}

/** Where sign-in goes, in one sentence. */
export function IdentityProviderNote() {
  return (
    <p className="hint">
      Signing in goes through your organisation's identity provider (when AIM runs locally, its built-in one). AIM never asks for your password.
    </p>
  );
}

/** The signed-out start page. */
export function Welcome({ notice }: { notice: string | null }) {
  return (
    <>
      <h1 tabIndex={-1}>Assess your AI agents' identity governance</h1>
      <p className="lead">
        Answer a short questionnaire about how your organisation identifies, authorises and audits its AI agents, and get a maturity score for each area with a
        PDF report.
      </p>
      <QuestionnaireEstimate />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <SignInLinks />
      <IdentityProviderNote />
    </>
  );
}

const FAILURES: Record<string, string> = {
  sign_in_failed: 'Your identity provider did not confirm who you are, or the sign-in was interrupted or took too long. Please try again.',
  sign_in_unavailable: 'Signing in is not available right now: AIM could not reach the identity provider. Please try again in a few minutes.',
};

/** `#/sign-in-failed/<code>`: where the server sends the browser when signing in did not work. */
export function SignInFailed({ code }: { code: string }) {
  return (
    <>
      <h1 tabIndex={-1}>Signing in did not succeed</h1>
      <p className="lead">{FAILURES[code] ?? 'Something went wrong while signing you in. Please try again.'}</p>
      <div className="actions">
        <a className="button" href={signInUrl({ returnTo: '/' })}>
          Sign in
        </a>
        <a href="#/">Back to the start page</a>
      </div>
    </>
  );
}

/** Signed in, but not yet a member of any organisation: register one (or open an invitation link). */
export function NoMembership({
  session,
  onRegistered,
  onAuthError,
}: {
  session: SignedInSession;
  onRegistered: (organisationId: string) => Promise<void>;
  onAuthError: (e: unknown) => boolean;
}) {
  return (
    <>
      <h1 tabIndex={-1}>Welcome, {session.person.name}</h1>
      <p className="lead">
        You are signed in, but you do not belong to an organisation in AIM yet. Register your organisation to start assessing it: you become its owner and can
        invite your colleagues. If a colleague has invited you, open the invitation link they sent you instead.
      </p>
      <QuestionnaireEstimate />
      <RegisterForm onRegistered={onRegistered} onAuthError={onAuthError} />
    </>
  );
}

function RegisterForm({ onRegistered, onAuthError }: { onRegistered: (organisationId: string) => Promise<void>; onAuthError: (e: unknown) => boolean }) {
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  const [values, setValues] = useState<Record<Field, string>>({ name: '', industry: '', sizeBand: '', region: '' });
  const { busy, error, setError, run } = useAction({ onAuthError });
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
      const { organisation, membership } = await api.register({ ...values, name: values.name.trim() });
      await onRegistered(membership?.organisationId ?? organisation.id);
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
