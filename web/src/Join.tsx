import { api, ApiError } from './api';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';
import { IdentityProviderNote, SignInLinks } from './Welcome';

/** Unknown, used, revoked and expired invitations all answer 404; a member already answers 409: say what that means here. */
const explainRefusal = (e: unknown) => {
  if (e instanceof ApiError && e.status === 404)
    return new ApiError({
      ...e.problem,
      title: 'This invitation cannot be used',
      detail: 'It may have expired, been revoked or been used already. Ask the person who invited you for a new link.',
    });
  if (e instanceof ApiError && e.status === 409 && e.code === 'already_member')
    return new ApiError({ ...e.problem, title: 'You are already a member of this organisation.', detail: '' });
  return e;
};

/**
 * `#/join/<code>`: an invitation to an organisation. Signed out, the person signs in (or
 * creates an account) first and comes back here; signed in, accepting makes them a member.
 */
export default function Join({
  code,
  signedIn,
  onJoined,
  onAuthError,
}: {
  code: string;
  signedIn: boolean;
  /** Called with the organisation joined, once the invitation is accepted. */
  onJoined: (organisationId: string | null) => Promise<void>;
  onAuthError: (e: unknown) => boolean;
}) {
  const { busy, error, run } = useAction({ explain: explainRefusal, onAuthError });
  const accept = () =>
    run(async () => {
      const { membership } = await api.acceptInvitation(code);
      await onJoined(membership?.organisationId ?? null);
    });

  const returnTo = `/#/join/${encodeURIComponent(code)}`;
  return (
    <>
      <h1 tabIndex={-1}>You have been invited to AIM</h1>
      <p className="lead">
        A colleague invited you to their organisation's agent identity self-assessment. Accepting makes you a member of their organisation, with the role they
        chose for you.
      </p>
      <ProblemNotice error={error} />
      {signedIn ? (
        <div className="actions">
          <button type="button" onClick={accept} disabled={busy}>
            {busy ? 'Accepting…' : 'Accept invitation'}
          </button>
          <a href="#/">Not now</a>
        </div>
      ) : (
        <>
          <p>Sign in first, or create an account if you do not have one yet: you come back to this invitation afterwards.</p>
          <SignInLinks returnTo={returnTo} signInLabel="Sign in to accept" signUpLabel="Create an account to accept" />
          <IdentityProviderNote />
        </>
      )}
    </>
  );
}
