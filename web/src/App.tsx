import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError, tokenStore, type Role } from './api';
import { AssessmentPage } from './AssessmentPage';
import { Home } from './Home';
import { parseHash, type Route } from './route';
import { can, detectRole, roleStore, signIn, signOut } from './session';
import { Welcome } from './Welcome';

// Pages that only some roles open are loaded on demand, keeping the first download small.
const AuditPage = lazy(() => import('./AuditPage'));
const AccessPage = lazy(() => import('./AccessPage'));
const AnalystPage = lazy(() => import('./AnalystPage'));
const Join = lazy(() => import('./Join'));
const VerificationPage = lazy(() => import('./VerificationPage'));

const PAGE_TITLES: Partial<Record<Route['page'], string>> = {
  audit: 'Audit trail',
  access: 'Access',
  cohorts: 'Compare cohorts',
  verification: 'Verification',
};

export function App() {
  const [token, setToken] = useState(() => tokenStore.get());
  const [role, setRole] = useState<Role | null>(() => roleStore.get());
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // A key stored by an older version of the app has no role yet: work it out once.
  useEffect(() => {
    if (token && !role)
      detectRole(token).then(
        (r) => {
          roleStore.set(r);
          setRole(r);
        },
        () => undefined,
      );
  }, [token, role]);

  // Move focus to the main heading when the page changes, for screen-reader and keyboard users.
  // biome-ignore lint/correctness/useExhaustiveDependencies: token is a deliberate trigger; signing in or out swaps the page (Welcome ↔ Home) without changing route.page, and the new page's heading must get focus
  useEffect(() => {
    if (route.page !== 'assessment') document.querySelector<HTMLElement>('main h1')?.focus();
    const title = PAGE_TITLES[route.page];
    if (title) document.title = `${title} · AIM`;
    return () => {
      document.title = 'AIM · Agent Identity Maturity';
    };
  }, [route.page, token]);

  const leave = useCallback((message: string | null = null) => {
    signOut();
    setToken(null);
    setRole(null);
    setNotice(message);
  }, []);

  /** A key that the API no longer accepts signs the user out with a reason. */
  const onAuthError = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        leave(`${error.problem.title}${error.problem.detail ? `: ${error.problem.detail}` : ''}. Paste a valid key to continue.`);
        return true;
      }
      return false;
    },
    [leave],
  );

  const enter = useCallback((secret: string, r: Role) => {
    signIn(secret, r);
    setNotice(null);
    setToken(secret);
    setRole(r);
    if (window.location.hash.startsWith('#/join/')) window.location.hash = '/';
  }, []);

  const links: { href: string; label: string; page: Route['page']; show: boolean }[] = [
    { href: '#/', label: 'Assessments', page: 'home', show: can.listAssessments(role) },
    { href: '#/cohorts', label: 'Cohorts', page: 'cohorts', show: can.compareCohorts(role) },
    { href: '#/audit', label: 'Audit trail', page: 'audit', show: can.readAudit(role) },
    { href: '#/access', label: 'Access', page: 'access', show: can.manageAccess(role) },
    { href: '#/verification', label: 'Verification', page: 'verification', show: can.verifyOrganisations(role) },
  ];

  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a same-page link by convention; the click handler only stops the hash router from reading #main as a route (which would leave the current page) and moves focus itself */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href="#/">
          AIM <span>Agent Identity Maturity</span>
        </a>
        {token ? (
          <nav aria-label="Main" className="main-nav">
            <ul>
              {links
                .filter((l) => l.show)
                .map((l) => (
                  <li key={l.href}>
                    <a href={l.href} aria-current={route.page === l.page ? 'page' : undefined}>
                      {l.label}
                    </a>
                  </li>
                ))}
              <li>
                <button type="button" className="link-button" onClick={() => leave()}>
                  Sign out{role ? <span className="visually-hidden"> ({role})</span> : null}
                </button>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>{page()}</Suspense>
      </main>
    </>
  );

  function page() {
    if (route.page === 'join') return <Join code={route.code} signedIn={!!token} onSignedIn={enter} />;
    if (!token) return <Welcome notice={notice} onSignedIn={enter} />;
    switch (route.page) {
      case 'assessment':
        return <AssessmentPage key={route.id} id={route.id} domain={route.domain} question={route.question} role={role} onAuthError={onAuthError} />;
      case 'audit':
        return can.readAudit(role) ? <AuditPage onAuthError={onAuthError} /> : <NotForRole />;
      case 'access':
        return can.manageAccess(role) ? <AccessPage role={role} onAuthError={onAuthError} /> : <NotForRole />;
      case 'cohorts':
        return can.compareCohorts(role) ? <AnalystPage onAuthError={onAuthError} /> : <NotForRole />;
      case 'verification':
        return can.verifyOrganisations(role) ? <VerificationPage onAuthError={onAuthError} /> : <NotForRole />;
      default:
        if (!role) return <p aria-busy="true">Loading…</p>;
        return can.compareCohorts(role) && !can.listAssessments(role) ? (
          <AnalystPage onAuthError={onAuthError} />
        ) : (
          <Home role={role} onAuthError={onAuthError} />
        );
    }
  }
}

function NotForRole() {
  return (
    <>
      <h1 tabIndex={-1}>Not available with this key</h1>
      <p>
        Your key's role does not include this page. <a href="#/">Go to the start page</a>.
      </p>
    </>
  );
}
