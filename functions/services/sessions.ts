/**
 * People's sessions (the backend-for-frontend of docs/security.md, "People"): sign-in
 * through the OpenID Provider with the authorization code flow and PKCE, a session found
 * by the SHA-256 of its cookie's secret, idle and absolute limits, an anti-forgery token
 * for state-changing requests, and the membership the person acts under.
 */
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';
import type { Membership, SignedInSession } from '../contract';
import type { MembershipRecord, PersonRecord, SessionRecord } from './entities';
import { sha256 } from './hashing';
import { personIdOf } from './people';
import type { Clock, IdentityProviderClient, IdSource, MembershipStore, OrganisationStore, PersonStore, SessionStore } from './ports';

export interface SessionServiceDeps {
  sessions: SessionStore;
  people: PersonStore;
  memberships: MembershipStore;
  organisations: Pick<OrganisationStore, 'get'>;
  /** Absent where no provider is configured: signing in answers 501 `sign_in_unavailable`. */
  provider: () => IdentityProviderClient | undefined;
  idleMinutes: number;
  maxHours: number;
  clock: Clock;
  ids: IdSource;
}

/** The session's last use is written at most this often (the idle limit is in minutes). */
const TOUCH_INTERVAL_MS = 60_000;
const MINUTE_MS = 60_000;
/** A sign-in under way must come back from the provider within this time. */
export const SIGN_IN_MINUTES = 10;

/** What a request brings: the cookie's secret, its method, and the X-AIM-CSRF header. */
export interface SessionCredential {
  secret: string;
  method: string;
  csrfToken: string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  private provider(): IdentityProviderClient {
    const provider = this.deps.provider();
    if (!provider) throw new DomainError('sign_in_unavailable', 'no OpenID Provider is configured (AIM_OIDC_ISSUER)');
    return provider;
  }

  /** Starts a sign-in: the provider's address to send the browser to, and the state that binds the callback to this browser. */
  async begin(request: { returnTo?: string; signUp?: boolean }): Promise<{ state: string; url: string }> {
    const provider = this.provider();
    const signIn = {
      state: this.deps.ids.secret(),
      nonce: this.deps.ids.secret(),
      // 43 characters of base64url: a valid PKCE verifier (RFC 7636 §4.1).
      codeVerifier: this.deps.ids.secret(),
      returnTo: request.returnTo ?? '/',
      createdAt: this.deps.clock.now().toISOString(),
    };
    const url = await provider.authorizationUrl({ ...signIn, signUp: request.signUp ?? false });
    await this.deps.sessions.beginSignIn(signIn);
    return { state: signIn.state, url };
  }

  /**
   * Finishes a sign-in at the callback: the state must be the one this browser started
   * (its cookie) and is spent; the provider's code is exchanged and its ID token verified.
   * Returns the new session's secret (for the cookie) and where the web app continues.
   */
  async finish(callbackUrl: string, browserState: string | undefined): Promise<{ secret: string; returnTo: string }> {
    const state = new URL(callbackUrl).searchParams.get('state');
    const error = new URL(callbackUrl).searchParams.get('error');
    if (error) throw new DomainError('sign_in_failed', `the identity provider answered ${error.slice(0, 80)}`);
    if (!state || !browserState || state !== browserState)
      throw new DomainError('sign_in_failed', 'this sign-in was not started in this browser, or it was already finished');
    const signIn = await this.deps.sessions.takeSignIn(state);
    const tooOld = signIn && this.deps.clock.now().getTime() - Date.parse(signIn.createdAt) > SIGN_IN_MINUTES * MINUTE_MS;
    if (!signIn || tooOld) throw new DomainError('sign_in_failed', 'this sign-in has expired or was already finished; start again');
    const identity = await this.provider().finish(callbackUrl, signIn);
    const now = this.deps.clock.now();
    const person = await this.deps.people.signedIn({
      id: personIdOf(identity.issuer, identity.subject),
      issuer: identity.issuer,
      subject: identity.subject,
      name: identity.name ?? identity.email ?? identity.subject,
      email: identity.email,
      createdAt: now.toISOString(),
      lastSignInAt: now.toISOString(),
    });
    const memberships = await this.deps.memberships.listForPerson(person.id);
    const secret = this.deps.ids.secret();
    await this.deps.sessions.create({
      hash: sha256(secret),
      personId: person.id,
      // The first organisation (or the platform role) until the person picks another.
      ...(memberships[0] ? { activeOrganisationId: memberships[0].organisationId } : {}),
      csrfToken: this.deps.ids.secret(),
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      endsAt: new Date(now.getTime() + this.deps.maxHours * 60 * MINUTE_MS).toISOString(),
      idToken: identity.idToken,
    });
    return { secret, returnTo: signIn.returnTo };
  }

  /** The live session of a cookie: ended sessions (signed out, idle too long, past their end) are refused with 401 `session_expired`. */
  private async live(secret: string): Promise<SessionRecord> {
    const hash = sha256(secret);
    const session = await this.deps.sessions.get(hash);
    if (!session) throw new DomainError('session_expired', 'you are signed out; sign in again');
    const now = this.deps.clock.now().getTime();
    const idleEnd = Date.parse(session.lastSeenAt) + this.deps.idleMinutes * MINUTE_MS;
    if (now >= Date.parse(session.endsAt) || now >= idleEnd) {
      await this.deps.sessions.delete(hash);
      throw new DomainError('session_expired', 'your session has ended; sign in again');
    }
    if (now - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
      const lastSeenAt = new Date(now).toISOString();
      await this.deps.sessions.update(hash, { lastSeenAt });
      return { ...session, lastSeenAt };
    }
    return session;
  }

  private async person(session: SessionRecord): Promise<PersonRecord> {
    const person = await this.deps.people.get(session.personId);
    if (!person) throw new DomainError('session_expired', 'you are signed out; sign in again');
    return person;
  }

  /**
   * The caller behind a session cookie. A state-changing request must carry the session's
   * anti-forgery token (X-AIM-CSRF): a page on another site cannot read it, so it cannot
   * make the browser act for the person even where the cookie would be sent.
   */
  async authenticate(credential: SessionCredential): Promise<{ principal: Principal | undefined; person: PersonRecord }> {
    const session = await this.live(credential.secret);
    if (!SAFE_METHODS.has(credential.method.toUpperCase()) && credential.csrfToken !== session.csrfToken)
      throw new DomainError('csrf_failed', 'state-changing requests made with a session must carry its X-AIM-CSRF token (GET /auth/session)');
    const person = await this.person(session);
    const membership = await this.activeMembership(credential.secret, session, person.id);
    return { person, principal: membership ? principalOf(person, membership) : undefined };
  }

  /**
   * The membership the session acts under: the one chosen, while it exists; otherwise the
   * person's first (after registering an organisation, accepting an invitation, or losing
   * the chosen membership), which the session then remembers.
   */
  private async activeMembership(secret: string, session: SessionRecord, personId: string): Promise<MembershipRecord | undefined> {
    const chosen = session.activeOrganisationId === undefined ? undefined : await this.deps.memberships.get(session.activeOrganisationId, personId);
    if (chosen) return chosen;
    const first = (await this.deps.memberships.listForPerson(personId))[0];
    if (first) await this.deps.sessions.update(sha256(secret), { activeOrganisationId: first.organisationId });
    return first;
  }

  /** What the web app shows about who is signed in. */
  async view(secret: string): Promise<SignedInSession> {
    const session = await this.live(secret);
    const person = await this.person(session);
    const chosen = await this.activeMembership(secret, session, person.id);
    const memberships = await this.membershipsOf(person.id);
    const active = memberships.find((m) => chosen && m.organisationId === chosen.organisationId) ?? null;
    return {
      person,
      memberships,
      active,
      csrfToken: session.csrfToken,
      expiresAt: session.endsAt,
      idleExpiresAt: new Date(Date.parse(session.lastSeenAt) + this.deps.idleMinutes * MINUTE_MS).toISOString(),
    };
  }

  /** Acts for another of the person's organisations (or their platform role) from now on. */
  async select(credential: SessionCredential, organisationId: string | null): Promise<SignedInSession> {
    const { person } = await this.authenticate(credential);
    if (!(await this.deps.memberships.get(organisationId, person.id))) throw new DomainError('not_found', 'you have no membership there');
    await this.deps.sessions.update(sha256(credential.secret), { activeOrganisationId: organisationId });
    return this.view(credential.secret);
  }

  /** Ends the session here; the provider's end-session address (if any) ends the sign-in there too. */
  async signOut(credential: SessionCredential): Promise<{ endSessionUrl: string | null }> {
    const hash = sha256(credential.secret);
    const session = await this.deps.sessions.get(hash);
    if (!session) return { endSessionUrl: null };
    if (credential.csrfToken !== session.csrfToken) throw new DomainError('csrf_failed', 'signing out needs the X-AIM-CSRF token of the session');
    await this.deps.sessions.delete(hash);
    return { endSessionUrl: (await this.deps.provider()?.endSessionUrl(session.idToken)) ?? null };
  }

  async membershipsOf(personId: string): Promise<Membership[]> {
    const records = await this.deps.memberships.listForPerson(personId);
    return Promise.all(
      records.map(async (m) => ({ ...m, organisationName: m.organisationId ? ((await this.deps.organisations.get(m.organisationId))?.name ?? null) : null })),
    );
  }
}

/** A signed-in person acting under one membership: the same principal the policy table authorizes for keys and agents. */
export function principalOf(person: PersonRecord, membership: MembershipRecord): Principal {
  return {
    tokenId: person.id,
    label: person.name,
    role: membership.role,
    actorType: 'human',
    organisationId: membership.organisationId,
    personId: person.id,
    // Only respondents are restricted: an owner or leader sees the whole organisation even if once restricted.
    ...(membership.scopeId && membership.role === 'respondent' ? { scopeId: membership.scopeId } : {}),
  };
}
