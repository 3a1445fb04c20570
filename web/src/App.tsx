import { useCallback, useEffect, useState } from 'react';
import { ApiError, tokenStore } from './api';
import { AssessmentPage } from './AssessmentPage';
import { Home } from './Home';
import { parseHash } from './route';
import { Welcome } from './Welcome';

export function App() {
  const [token, setToken] = useState(() => tokenStore.get());
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Move focus to the main heading when the page changes, for screen-reader and keyboard users.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route.page, token]);

  const signOut = useCallback((message: string | null = null) => {
    tokenStore.clear();
    setToken(null);
    setNotice(message);
  }, []);

  /** A token that the API no longer accepts signs the user out with a reason. */
  const onAuthError = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        signOut(`${error.problem.title}${error.problem.detail ? `: ${error.problem.detail}` : ''}. Paste a valid key to continue.`);
        return true;
      }
      return false;
    },
    [signOut],
  );

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href="#/">
          AIM <span>Agent Identity Maturity</span>
        </a>
        {token ? (
          <button type="button" className="link-button" onClick={() => signOut()}>
            Sign out
          </button>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {!token ? (
          <Welcome notice={notice} onSignedIn={(secret) => { tokenStore.set(secret); setNotice(null); setToken(secret); }} />
        ) : route.page === 'assessment' ? (
          <AssessmentPage key={route.id} id={route.id} onAuthError={onAuthError} />
        ) : (
          <Home onAuthError={onAuthError} />
        )}
      </main>
    </>
  );
}
