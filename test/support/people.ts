/**
 * People for API tests: an account at the platform's embedded OpenID Provider, signed in
 * to AIM over plain HTTP exactly as a browser does (AIM's /auth/login, the provider's
 * sign-in form, AIM's callback), ending with the session cookie and its CSRF token.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../functions/local/platform';

/** A signed-in person as tests use them: the cookie header to send and the anti-forgery token. */
export interface SignedInPerson {
  email: string;
  subject: string;
  issuer: string;
  cookie: string;
  csrfToken: string;
  /** Headers for a request as this person (the CSRF header is harmless on reads). */
  headers: Record<string, string>;
  /** The Set-Cookie of AIM's callback, for checks of its attributes. */
  sessionSetCookie: string;
}

/** Cookies per origin; paths and expiry are ignored (each jar lives for one sign-in). */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  take(url: string, response: Response) {
    const origin = new URL(url).origin;
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(origin, jar);
  }

  header(url: string): string {
    return [...(this.cookies.get(new URL(url).origin) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).origin)?.get(name);
  }
}

/** One request with the jar's cookies, not following redirects. */
export async function send(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.take(url, response);
  return response;
}

/** Follows redirects (GET) until `stop` says so or a page answers. */
export async function follow(jar: CookieJar, url: string, stop: (url: string) => boolean = () => false): Promise<{ url: string; response: Response }> {
  let current = url;
  for (let hop = 0; hop < 20; hop++) {
    if (stop(current)) return { url: current, response: new Response(null) };
    const response = await send(jar, current);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
    await response.body?.cancel();
    current = new URL(location, current).href;
  }
  throw new Error(`too many redirects from ${url}`);
}

/** The action of the page's (first) form. */
const formAction = (html: string, pageUrl: string) => {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on ${pageUrl}`);
  return new URL(action.replaceAll('&amp;', '&'), pageUrl).href;
};

/** A new account at the embedded provider. */
export async function newAccount(platform: Platform, name = `Person ${randomUUID().slice(0, 6)}`) {
  const provider = platform.identityProvider;
  if (!provider) throw new Error('this platform has no embedded OpenID Provider');
  const email = `${randomUUID().slice(0, 12)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const { subject } = await provider.accounts.create({ email, password, name });
  return { email, password, name, subject, issuer: provider.issuer };
}

/**
 * Goes through AIM's /auth/login and the provider's form (sign-in, or sign-up with
 * `screen: 'signup'`) up to the callback; returns the callback's URL, not yet visited.
 * Signing in again with the provider's session in `jar` skips the form.
 */
export async function callbackUrlFor(baseUrl: string, jar: CookieJar, form: { screen?: 'signup'; fields: Record<string, string> }): Promise<string> {
  const callback = `${baseUrl}/auth/callback`;
  const atCallback = (url: string) => url.startsWith(callback);
  const { url, response } = await follow(jar, `${baseUrl}/auth/login?${form.screen ? `screen=${form.screen}&` : ''}returnTo=/`, atCallback);
  if (atCallback(url)) return url;
  const target = formAction(await response.text(), url);
  const posted = await send(jar, target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(target).origin },
    body: new URLSearchParams(form.fields).toString(),
  });
  const next = posted.headers.get('location');
  if (!next) throw new Error(`the provider did not accept the form (${posted.status}): ${(await posted.text()).slice(0, 300)}`);
  return (await follow(jar, new URL(next, target).href, atCallback)).url;
}

/** Visits the callback and reads the session it started. */
async function sessionFrom(baseUrl: string, jar: CookieJar, callbackUrl: string, email: string): Promise<SignedInPerson> {
  const finished = await send(jar, callbackUrl);
  const sessionSetCookie = finished.headers.getSetCookie().find((c) => c.startsWith('__Host-aim-session=')) ?? '';
  const value = jar.get(baseUrl, '__Host-aim-session');
  if (!value) throw new Error(`no session after the callback (${finished.status} → ${finished.headers.get('location')})`);
  const cookie = `__Host-aim-session=${value}`;
  const session = (await (await fetch(`${baseUrl}/auth/session`, { headers: { cookie } })).json()) as {
    csrfToken: string;
    person: { subject: string; issuer: string };
  };
  return {
    email,
    subject: session.person.subject,
    issuer: session.person.issuer,
    cookie,
    csrfToken: session.csrfToken,
    headers: { cookie, 'x-aim-csrf': session.csrfToken },
    sessionSetCookie,
  };
}

/** Signs in through AIM's /auth/login and the provider's sign-in form; returns the session. */
export async function signInAs(platform: Platform, account: { email: string; password: string }, jar = new CookieJar()): Promise<SignedInPerson> {
  const callbackUrl = await callbackUrlFor(platform.url, jar, { fields: { email: account.email, password: account.password } });
  return sessionFrom(platform.url, jar, callbackUrl, account.email);
}

/** A new account, signed in. */
export async function signedInPerson(platform: Platform, name?: string): Promise<SignedInPerson> {
  return signInAs(platform, await newAccount(platform, name));
}

/** Grants a person a membership with the bootstrap admin key (POST /v1/memberships). */
export async function grantMembership(
  platform: Platform,
  person: { issuer: string; subject: string },
  organisationId: string | null,
  role: string,
  reason = 'test setup',
): Promise<Response> {
  return fetch(`${platform.url}/v1/memberships`, {
    method: 'POST',
    headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ issuer: person.issuer, subject: person.subject, organisationId, role, reason }),
  });
}

/**
 * Signs up a new person through AIM's /auth/login?screen=signup and the provider's sign-up
 * form, over HTTP only (works for a platform in another process too); returns the session.
 */
export async function signUpOverHttp(baseUrl: string, name = 'New person'): Promise<SignedInPerson> {
  const jar = new CookieJar();
  const email = `${randomUUID().slice(0, 12)}@example.test`;
  const callbackUrl = await callbackUrlFor(baseUrl, jar, { screen: 'signup', fields: { name, email, password: `pw-${randomUUID()}` } });
  return sessionFrom(baseUrl, jar, callbackUrl, email);
}

/**
 * A platform admin key as an operator gets one: a person signs up, the bootstrap admin
 * credential grants them the platform admin membership (the one thing it may do), and
 * the signed-in admin mints a key for scripts.
 */
export async function mintPlatformAdminKey(baseUrl: string, bootstrapToken: string, label = 'platform admin key'): Promise<string> {
  const person = await signUpOverHttp(baseUrl, 'Platform admin');
  const granted = await fetch(`${baseUrl}/v1/memberships`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrapToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ issuer: person.issuer, subject: person.subject, organisationId: null, role: 'admin', reason: 'the platform admin of this run' }),
  });
  if (granted.status !== 201) throw new Error(`granting the platform admin: ${granted.status} ${await granted.text()}`);
  const minted = await fetch(`${baseUrl}/v1/tokens`, {
    method: 'POST',
    headers: { ...person.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'admin', label, exception: 'test scripts act as the platform admin of this run' }),
  });
  if (minted.status !== 201) throw new Error(`minting the platform admin key: ${minted.status} ${await minted.text()}`);
  return ((await minted.json()) as { token: { secret: string } }).token.secret;
}
