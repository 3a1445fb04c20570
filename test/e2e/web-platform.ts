/**
 * The platform serving the built web app for one browser test file, and signing in the
 * way a person does: at the embedded OpenID Provider, through its real pages. The web
 * app never sees a key: a test that holds an `aim_` key signs in as a new person whom a
 * platform admin granted the key's role (and organisation).
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { PlatformOptions } from '../../functions/local/platform';
import { apiClient } from '../support/api-client';
import { startTestPlatform } from '../support/platform-fixture';
import { check, WEB_DIR } from './browser';

export type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;

/** Starts the platform before the file's tests and stops it after; call inside `describe`. `options`: a clock, reports on submission. */
export function servedWebApp(env: Record<string, string> = {}, options: Pick<PlatformOptions, 'clock' | 'reportsOnSubmit'> = {}): () => TestPlatform {
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    if (!existsSync(`${WEB_DIR}index.html`)) throw new Error(`The web app is not built: run \`npm run build:web\` first (${WEB_DIR}index.html is missing).`);
    if (!existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing at /usr/bin/chromium (Debian package `chromium`).');
    platform = await startTestPlatform({ ...options, webDir: WEB_DIR, env });
  });
  afterAll(async () => {
    await platform?.stop();
  });
  return () => {
    if (!platform) throw new Error('the platform is not started yet');
    return platform;
  };
}

export interface Person {
  name: string;
  email: string;
  password: string;
}

let people = 0;
/** A new person's details: a unique email in this run, a password long enough for the provider. */
export function newPerson(name: string, kind = 'person'): Person {
  people += 1;
  const slug = kind.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { name, email: `${slug}-${people}-${process.pid}@example.test`, password: `correct horse ${people} battery staple` };
}

function identityProviderOf(platform: TestPlatform) {
  check(platform.identityProvider, 'the test platform runs the embedded OpenID Provider (no AIM_OIDC_ISSUER set)');
  return platform.identityProvider;
}

/**
 * A person who holds what `key` holds: created at the embedded provider, then granted the
 * key's role in the key's organisation (a platform role for analyst and admin keys) with
 * the bootstrap admin credential (`platform.adminToken`, which may grant memberships).
 */
export async function personFor(platform: TestPlatform, key: string): Promise<Person & { subject: string; role: string; organisationId: string | null }> {
  const api = apiClient(platform.url);
  const session = await api.get('/v1/session', key);
  check(session.status === 200, `GET /v1/session with the key answers 200 (${session.status}: ${JSON.stringify(session.body).slice(0, 200)})`);
  const { role, organisationId, label } = session.body as { role: string; organisationId: string | null; label: string };
  const idp = identityProviderOf(platform);
  const person = newPerson(label || role, role);
  const { subject } = await idp.accounts.create(person);
  const platformRole = role === 'analyst' || role === 'admin';
  const granted = await api.post(
    '/v1/memberships',
    {
      issuer: idp.issuer,
      subject,
      organisationId: platformRole ? null : organisationId,
      role,
      name: person.name,
      reason: 'browser test: signs in with the role of a key',
    },
    platform.adminToken,
  );
  check(granted.status === 201, `the admin grants the membership (${granted.status}: ${JSON.stringify(granted.body).slice(0, 300)})`);
  return { ...person, subject, role, organisationId: platformRole ? null : organisationId };
}

const signOutButton = (page: Page) => page.getByRole('button', { name: /^Sign out/ });
const signInLink = (page: Page) => page.getByRole('link', { name: 'Sign in', exact: true }).first();

/** Waits until the app has worked out whether someone is signed in; true when someone is. */
async function settled(page: Page): Promise<boolean> {
  await signOutButton(page).or(signInLink(page)).first().waitFor();
  return signOutButton(page).isVisible();
}

/**
 * Signs out through the app's header button, confirming at the provider when it asks
 * ("Sign out of AIM?"), and comes back to the app signed out. Returns whether the
 * provider's own sign-in was ended too (it asked, and was answered "Yes, sign out").
 */
export async function signOut(page: Page, url: string): Promise<{ atProvider: boolean }> {
  await signOutButton(page).click();
  const confirm = page.getByRole('button', { name: 'Yes, sign out' });
  const signedOut = page.getByRole('heading', { name: 'You are signed out' });
  await confirm.or(signedOut).or(signInLink(page)).first().waitFor();
  let atProvider = false;
  if (await confirm.isVisible()) {
    atProvider = true;
    await confirm.click();
    await signedOut.or(signInLink(page)).first().waitFor();
  }
  if (await signedOut.isVisible()) {
    atProvider = true;
    await page.goto(url);
  }
  await signInLink(page).waitFor();
  return { atProvider };
}

/** At the provider's sign-in page: fills Email and Password and signs in; back in the app, signed in. */
export async function signInAtProvider(page: Page, person: Pick<Person, 'email' | 'password'>) {
  await page.getByRole('heading', { name: 'Sign in to AIM' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** At the provider's sign-up page: fills Name, Email and Password and creates the account. */
export async function signUpAtProvider(page: Page, person: Person) {
  await page.getByRole('heading', { name: 'Create your AIM account' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
}

/**
 * Signs out whoever is signed in, then in, through the provider's pages, as a new person
 * holding `key`'s role and organisation; resolves once the app shows the signed-in header.
 */
export async function signIn(page: Page, platform: TestPlatform, key: string): Promise<Person> {
  const person = await personFor(platform, key);
  await signInAs(page, platform.url, person);
  return person;
}

/** Signs out whoever is signed in, then in as `person` (an account at the provider). */
export async function signInAs(page: Page, url: string, person: Pick<Person, 'email' | 'password'>) {
  await page.goto(url);
  if (await settled(page)) {
    const { atProvider } = await signOut(page, url);
    // Should the app not end the provider's sign-in, the provider would sign the previous
    // person straight back in: forget the provider's session (its cookies) instead.
    if (!atProvider) await page.context().clearCookies({ name: /^_(session|interaction)/ });
  }
  await signInLink(page).click();
  await signInAtProvider(page, person);
  await signOutButton(page).waitFor();
}

/**
 * A brand-new person signs up through the real pages: "Create an account" on the welcome
 * page, then Name, Email and Password at the provider. Back in the app, signed in (with no
 * membership yet, the app welcomes them by name).
 */
export async function signUp(page: Page, url: string, person: Person) {
  await page.goto(url);
  await page.getByRole('link', { name: 'Create an account', exact: true }).first().click();
  await signUpAtProvider(page, person);
  await page.getByRole('heading', { name: `Welcome, ${person.name}`, level: 1 }).waitFor();
}

/**
 * Registers an organisation through the welcome page's form as the signed-in person (who
 * becomes its owner), choosing the option at `option` in each select, and waits for home.
 */
export async function registerOrganisationInUi(page: Page, name: string, option = 1) {
  const register = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Register your organisation' }) });
  await register.getByLabel('Organisation name').fill(name);
  for (const field of ['Industry', 'Size', 'Region']) {
    const select = register.getByLabel(field, { exact: true });
    await page.waitForFunction((el) => (el as HTMLSelectElement).options.length > 1, await select.elementHandle());
    await select.selectOption({ index: option });
  }
  await register.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'Your assessments' }).waitFor();
}

/** A request from the page with the session's anti-forgery token; answers the status and body. */
export const fromPage = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const { csrfToken } = await (await fetch('/auth/session')).json();
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-aim-csrf': csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, path, body },
  );

/** The name of the session cookie: HttpOnly, so never readable by the page's scripts. */
export const SESSION_COOKIE = '__Host-aim-session';

/**
 * Where an `aim_` key shows in the page: its HTML, its readable cookies, and every value
 * of localStorage and sessionStorage. Also whether the session cookie is readable by
 * scripts (it must not be). Empty when the page holds no key.
 */
export async function keysInPage(page: Page): Promise<string[]> {
  return page.evaluate((sessionCookie) => {
    const places: [string, string][] = [
      ['document.documentElement.outerHTML', document.documentElement.outerHTML],
      ['document.cookie', document.cookie],
      ...Object.entries(localStorage).map(([k, v]): [string, string] => [`localStorage.${k}`, `${k}=${v}`]),
      ...Object.entries(sessionStorage).map(([k, v]): [string, string] => [`sessionStorage.${k}`, `${k}=${v}`]),
    ];
    const found = places.filter(([, value]) => value.includes('aim_')).map(([where]) => where);
    if (document.cookie.includes(sessionCookie)) found.push(`document.cookie holds ${sessionCookie}`);
    return found;
  }, SESSION_COOKIE);
}
