import { useState } from 'react';
import { api, ApiError, type IssuedToken, type Role } from './api';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';
import { KeyOnce } from './Welcome';

/** Unknown, used, revoked and expired invitations all answer 404: say what that means here. */
const explainRefusal = (e: unknown) =>
  e instanceof ApiError && e.status === 404
    ? new ApiError({
        ...e.problem,
        title: 'This invitation cannot be used',
        detail: 'It may have expired, been revoked or been used already. Ask the person who invited you for a new link.',
      })
    : e;

/** `#/join/<code>`: accepting an invitation gives this browser a key of the invited role. */
export default function Join({ code, signedIn, onSignedIn }: { code: string; signedIn: boolean; onSignedIn: (secret: string, role: Role) => void }) {
  const [token, setToken] = useState<IssuedToken | null>(null);
  const { busy, error, run } = useAction({ explain: explainRefusal });
  const accept = () =>
    run(async () => {
      setToken((await api.acceptInvitation(code)).token);
    });

  if (token) return <KeyOnce title="Welcome to AIM" token={token} onContinue={() => onSignedIn(token.secret, token.role)} />;
  return (
    <>
      <h1 tabIndex={-1}>You have been invited to AIM</h1>
      <p className="lead">A colleague invited you to their organisation's agent identity self-assessment. Accept to get your own access key.</p>
      {signedIn ? <p className="notice">You are signed in already: accepting signs this browser in with the new key instead.</p> : null}
      <ProblemNotice error={error} />
      <div className="actions">
        <button type="button" onClick={accept} disabled={busy}>
          {busy ? 'Accepting…' : 'Accept the invitation'}
        </button>
        <a href="#/">Not now</a>
      </div>
    </>
  );
}
