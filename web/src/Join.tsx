import { useEffect, useState } from 'react';
import { api, ApiError, type InvitationPreview } from './api';
import { formatDateTime } from './format';
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

/** What each role may do, in the words the access page uses. */
const ROLE_MEANING: Record<InvitationPreview['role'], string> = {
  respondent: 'Respondent: answers and submits assessments',
  leader: 'Leader: reads results, reports and the audit trail',
  owner: 'Owner: everything, including people, invitations and keys',
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
  const { busy, error, setError, run } = useAction({ explain: explainRefusal, onAuthError });
  /** What the invitation offers, once the signed-in person's preview answers; `null` while it loads or when it cannot be used. */
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  useEffect(() => {
    if (!signedIn) return;
    let current = true;
    api.previewInvitation(code).then(
      (p) => {
        if (current) setPreview(p);
      },
      (e) => {
        if (current && !onAuthError(e)) setError(explainRefusal(e));
      },
    );
    return () => {
      current = false;
    };
  }, [code, signedIn, onAuthError, setError]);
  const accept = () =>
    run(async () => {
      const { membership } = await api.acceptInvitation(code);
      await onJoined(membership?.organisationId ?? null);
    });

  const returnTo = `/#/join/${encodeURIComponent(code)}`;
  return (
    <>
      <h1 tabIndex={-1}>{preview ? `Join ${preview.organisationName} on AIM` : 'You have been invited to AIM'}</h1>
      {preview ? (
        <>
          <p className="lead">
            {preview.invitedBy} invited you to {preview.organisationName}'s agent identity self-assessment.
          </p>
          <dl className="invitation-facts" data-testid="invitation-preview">
            <dt>Organisation</dt>
            <dd>{preview.organisationName}</dd>
            <dt>Invited by</dt>
            <dd>{preview.invitedBy}</dd>
            <dt>Your role</dt>
            <dd>{ROLE_MEANING[preview.role]}</dd>
            <dt>Invitation expires</dt>
            <dd>{formatDateTime(preview.expiresAt)}</dd>
          </dl>
          {preview.alreadyMember ? (
            <p className="notice">You are already a member of {preview.organisationName}; the invitation stays unused for someone else.</p>
          ) : null}
        </>
      ) : (
        <p className="lead">
          A colleague invited you to their organisation's agent identity self-assessment.{' '}
          {signedIn ? null : 'Once you are signed in, this page says who invited you, to which organisation and with which role, before you accept.'}
        </p>
      )}
      <ProblemNotice error={error} />
      {signedIn ? (
        preview && !preview.alreadyMember ? (
          <div className="actions">
            <button type="button" onClick={accept} disabled={busy}>
              {busy ? 'Accepting…' : 'Accept invitation'}
            </button>
            <a href="#/">Not now</a>
          </div>
        ) : preview || error ? (
          <p>
            <a href="#/">Go to the start page</a>
          </p>
        ) : (
          <p aria-busy="true">Loading the invitation…</p>
        )
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
