/**
 * Who is signed in. People sign in through OpenID Connect via the server (a
 * backend-for-frontend): the server keeps the session in an HttpOnly cookie, and the app
 * only reads it (GET /auth/session), holding its anti-forgery token in memory for the
 * requests that change something. The app never sees, stores or asks for a key.
 */
import { roleMay } from '../../functions/contract/rules';
import { api, ApiError, setCsrfToken, type Role, type SignedInSession } from './api';

/** The signed-in session, or `null` when no one is signed in (401). Other failures are thrown. */
export async function loadSession(): Promise<SignedInSession | null> {
  try {
    return remember(await api.signedInSession());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

/** A session the server answered with (after loading it or switching organisation), kept for the next requests. */
export function remember(session: SignedInSession): SignedInSession {
  setCsrfToken(session.csrfToken);
  return session;
}

/** Switches the organisation requests act for; `null` for a platform role. */
export async function switchMembership(organisationId: string | null): Promise<SignedInSession> {
  return remember(await api.selectMembership(organisationId));
}

/** The role requests act under: the active membership's, none before the person belongs somewhere. */
export const roleOf = (session: SignedInSession | null | undefined): Role | null => session?.active?.role ?? null;

/** Ends the session here and at the identity provider, then leaves the app (a full page load). */
export async function signOut(): Promise<void> {
  let endSessionUrl: string | null = null;
  try {
    endSessionUrl = (await api.signOut()).endSessionUrl;
  } catch {
    // Already ended (or unreachable): leaving the app is all that is left to do.
  }
  setCsrfToken(null);
  window.location.assign(endSessionUrl ?? '/');
}

/** The path to come back to after signing in: where the person is now. */
export const currentPath = () => `${window.location.pathname}${window.location.hash}`;

/**
 * The server's sign-in address (a browser navigation, not a fetch): it sends the browser to
 * the identity provider and back to `returnTo`, which must be a path of this site.
 */
export function signInUrl({ returnTo = currentPath(), signUp = false }: { returnTo?: string; signUp?: boolean } = {}): string {
  const safe = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  const q = new URLSearchParams();
  if (signUp) q.set('screen', 'signup');
  q.set('returnTo', safe);
  return `/auth/login?${q.toString()}`;
}

/**
 * What each role sees in the app: the server's own policy (functions/core/access/policy.ts),
 * each entry the operation the part of the app it shows performs.
 */
export const can = {
  answer: (r: Role | null) => roleMay(r, 'assessments.answer'),
  importEvidence: (r: Role | null) => roleMay(r, 'evidence.import'),
  readResults: (r: Role | null) => roleMay(r, 'assessments.report'),
  readAudit: (r: Role | null) => roleMay(r, 'audit.read'),
  manageAccess: (r: Role | null) => roleMay(r, 'tokens.list'),
  invite: (r: Role | null) => roleMay(r, 'invitations.create'),
  manageMembers: (r: Role | null) => roleMay(r, 'members.list'),
  compareCohorts: (r: Role | null) => roleMay(r, 'benchmarks.read'),
  listAssessments: (r: Role | null) => roleMay(r, 'assessments.list'),
  verifyOrganisations: (r: Role | null) => roleMay(r, 'organisations.verify'),
  /** The organisation's verification decides whether its submissions count in the benchmarks it reads. */
  seeVerification: (r: Role | null) => roleMay(r, 'assessments.benchmark'),
};
