import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { ApiError, type SignedInSession } from './api';
import { AssessmentPage } from './AssessmentPage';
import { Home } from './Home';
import { ProblemNotice } from './ProblemNotice';
import { PROGRAMME_PAGES } from './ProgrammeNav';
import { parseHash, type Route } from './route';
import { can, loadSession, roleOf, signOut, switchMembership } from './session';
import { NoMembership, SignInFailed, Welcome } from './Welcome';

// Pages that only some roles open are loaded on demand, keeping the first download small.
const AuditPage = lazy(() => import('./AuditPage'));
const AccessPage = lazy(() => import('./AccessPage'));
const AnalystPage = lazy(() => import('./AnalystPage'));
const Join = lazy(() => import('./Join'));
const VerificationPage = lazy(() => import('./VerificationPage'));
const TargetsPage = lazy(() => import('./TargetsPage'));
const PlanPage = lazy(() => import('./PlanPage'));
const ProgressPage = lazy(() => import('./ProgressPage'));
const ScopesPage = lazy(() => import('./ScopesPage'));

const PAGE_TITLES: Partial<Record<Route['page'], string>> = {
  audit: 'Audit trail',
  access: 'Access',
  cohorts: 'Compare cohorts',
  verification: 'Verification',
  targets: 'Targets',
  plan: 'Improvement plan',
  progress: 'Progress',
  scopes: 'Scopes',
  'sign-in-failed': 'Signing in did not succeed',
};

/** How the header names the role the person acts with. */
const ROLE_NAMES: Record<string, string> = { owner: 'Owner', leader: 'Leader', respondent: 'Respondent' };

const SESSION_ENDED = 'Your session has ended. Sign in again.';

/** The name a membership goes by: its organisation's, or the platform role's. */
const membershipName = (m: { organisationName: string | null; role: string }) => m.organisationName ?? `Platform (${m.role})`;

export function App() {
  /** `undefined` while the session loads, `null` when no one is signed in. */
  const [session, setSession] = useState<SignedInSession | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [switchError, setSwitchError] = useState<unknown>(null);
  const [switching, setSwitching] = useState(false);
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  const [notice, setNotice] = useState<string | null>(null);
  const role = roleOf(session);

  useEffect(() => {
    const onHash = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const reloadSession = useCallback(async () => {
    setLoadError(null);
    try {
      setSession(await loadSession());
    } catch (e) {
      setLoadError(e);
    }
  }, []);

  useEffect(() => {
    void reloadSession();
  }, [reloadSession]);

  // Move focus to the main heading when the page changes, for screen-reader and keyboard users.
  const who = session === undefined ? 'loading' : `${session?.person.id ?? ''}|${session?.active?.organisationId ?? ''}|${session?.active?.role ?? ''}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: who is a deliberate trigger; signing in or out, or switching organisation, swaps the page without changing route.page, and the new page's heading must get focus
  useEffect(() => {
    if (route.page !== 'assessment') document.querySelector<HTMLElement>('main h1')?.focus();
    const title = PAGE_TITLES[route.page];
    if (title) document.title = `${title} · AIM`;
    return () => {
      document.title = 'AIM · Agent Identity Maturity';
    };
  }, [route.page, who]);

  /** A 401 from any call means the session has ended: back to the start page, saying why. */
  const onAuthError = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      setSession(null);
      setNotice(SESSION_ENDED);
      return true;
    }
    return false;
  }, []);

  /** After joining or registering an organisation: act for it, and start at its home page. */
  const enterOrganisation = useCallback(async (organisationId: string | null) => {
    let next: SignedInSession | null;
    try {
      next = organisationId ? await switchMembership(organisationId) : await loadSession();
    } catch {
      next = await loadSession();
    }
    setNotice(null);
    setSession(next);
    if (window.location.hash !== '#/') window.location.hash = '/';
    setRoute({ page: 'home' });
  }, []);

  const switchTo = async (value: string) => {
    setSwitching(true);
    setSwitchError(null);
    try {
      setSession(await switchMembership(value || null));
      if (window.location.hash !== '#/') window.location.hash = '/';
      setRoute({ page: 'home' });
    } catch (e) {
      if (!onAuthError(e)) setSwitchError(e);
    } finally {
      setSwitching(false);
    }
  };

  const links: { href: string; label: string; page: Route['page']; show: boolean }[] = [
    { href: '#/', label: 'Assessments', page: 'home', show: can.listAssessments(role) },
    { href: '#/targets', label: 'Programme', page: 'targets', show: roleMay(role, 'targets.read') },
    { href: '#/cohorts', label: 'Cohorts', page: 'cohorts', show: can.compareCohorts(role) },
    { href: '#/audit', label: 'Audit trail', page: 'audit', show: can.readAudit(role) },
    { href: '#/access', label: 'Access', page: 'access', show: can.manageAccess(role) },
    { href: '#/verification', label: 'Verification', page: 'verification', show: can.verifyOrganisations(role) },
  ];

  /** The Programme link (targets) is current on every programme page. */
  const isCurrent = (page: Route['page']) => route.page === page || (page === 'targets' && PROGRAMME_PAGES.includes(route.page));

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
        {session ? (
          <>
            {session.active ? (
              <nav aria-label="Main" className="main-nav">
                <ul>
                  {links
                    .filter((l) => l.show)
                    .map((l) => (
                      <li key={l.href}>
                        <a href={l.href} aria-current={isCurrent(l.page) ? 'page' : undefined}>
                          {l.label}
                        </a>
                      </li>
                    ))}
                </ul>
              </nav>
            ) : null}
            <div className="account">
              <span className="account-person" data-testid="signed-in-person">
                {session.person.name}
              </span>
              {session.memberships.length >= 2 ? (
                <span className="account-switcher">
                  <label htmlFor="organisation-switcher">Organisation</label>
                  <select
                    id="organisation-switcher"
                    value={session.active?.organisationId ?? (session.active ? '' : '-')}
                    disabled={switching}
                    aria-busy={switching || undefined}
                    onChange={(e) => void switchTo(e.target.value)}
                  >
                    {session.active ? null : (
                      <option value="-" disabled>
                        Choose…
                      </option>
                    )}
                    {session.memberships.map((m) => (
                      <option key={m.organisationId ?? `platform-${m.role}`} value={m.organisationId ?? ''}>
                        {membershipName(m)}
                      </option>
                    ))}
                  </select>
                </span>
              ) : session.active ? (
                <span className="account-organisation" data-testid="active-organisation">
                  {membershipName(session.active)}
                </span>
              ) : null}
              {/* The role the person acts with in that organisation (a platform role is in its name already). */}
              {session.active?.organisationId ? (
                <span className="account-role" data-testid="active-role">
                  <span className="visually-hidden">your role: </span>
                  {ROLE_NAMES[session.active.role] ?? session.active.role}
                </span>
              ) : null}
              <button type="button" className="link-button" onClick={() => void signOut()}>
                Sign out
                <span className="visually-hidden">
                  {' '}
                  ({session.person.name}
                  {role ? `, ${role}` : ''})
                </span>
              </button>
            </div>
          </>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        <ProblemNotice error={switchError} />
        {/* Keyed by who is signed in and for which organisation: switching starts the page afresh, with that organisation's data. */}
        <Suspense key={who} fallback={<p aria-busy="true">Loading…</p>}>
          {page()}
        </Suspense>
      </main>
    </>
  );

  function page() {
    if (session === undefined) {
      if (!loadError) return <p aria-busy="true">Loading…</p>;
      return (
        <>
          <h1 tabIndex={-1}>AIM is not available right now</h1>
          <ProblemNotice error={loadError} />
          <div className="actions">
            <button type="button" onClick={() => void reloadSession()}>
              Try again
            </button>
          </div>
        </>
      );
    }
    if (route.page === 'sign-in-failed') return <SignInFailed code={route.code} />;
    if (route.page === 'join') return <Join code={route.code} signedIn={!!session} onJoined={enterOrganisation} onAuthError={onAuthError} />;
    if (!session) return <Welcome notice={notice} />;
    if (!session.active) return <NoMembership session={session} onRegistered={enterOrganisation} onAuthError={onAuthError} />;
    switch (route.page) {
      case 'assessment':
        return (
          <AssessmentPage
            key={route.id}
            id={route.id}
            domain={route.domain}
            question={route.question}
            role={role}
            me={session.person.id}
            onAuthError={onAuthError}
          />
        );
      case 'audit':
        return can.readAudit(role) ? <AuditPage onAuthError={onAuthError} /> : <NotForRole />;
      case 'access':
        return can.manageAccess(role) ? (
          <AccessPage role={role} me={session.person.id} onMembershipChanged={reloadSession} onAuthError={onAuthError} />
        ) : (
          <NotForRole />
        );
      case 'cohorts':
        return can.compareCohorts(role) ? <AnalystPage onAuthError={onAuthError} /> : <NotForRole />;
      case 'verification':
        return can.verifyOrganisations(role) ? <VerificationPage onAuthError={onAuthError} /> : <NotForRole />;
      case 'targets':
        return roleMay(role, 'targets.read') ? <TargetsPage role={role} onAuthError={onAuthError} /> : <NotForRole />;
      case 'plan':
        return roleMay(role, 'plan.read') ? (
          <PlanPage role={role} me={session.person.id} restrictedScopeId={session.active.scopeId} onAuthError={onAuthError} />
        ) : (
          <NotForRole />
        );
      case 'progress':
        return roleMay(role, 'milestones.read') ? (
          <ProgressPage role={role} compare={route.compare} restrictedScopeId={session.active.scopeId} onAuthError={onAuthError} />
        ) : (
          <NotForRole />
        );
      case 'scopes':
        return roleMay(role, 'scopes.read') ? <ScopesPage role={role} onAuthError={onAuthError} /> : <NotForRole />;
      default:
        if (!role) return <p aria-busy="true">Loading…</p>;
        return can.compareCohorts(role) && !can.listAssessments(role) ? (
          <AnalystPage onAuthError={onAuthError} />
        ) : (
          <Home role={role} restrictedScopeId={session.active.scopeId} onAuthError={onAuthError} />
        );
    }
  }
}

function NotForRole() {
  return (
    <>
      <h1 tabIndex={-1}>Not available with your role</h1>
      <p>
        Your role in this organisation does not include this page. <a href="#/">Go to the start page</a>.
      </p>
    </>
  );
}
