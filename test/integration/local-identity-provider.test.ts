/**
 * The embedded OpenID Provider of `npm start`, driven over real HTTP as a browser would
 * (manual redirects, a small cookie jar) and with openid-client as the relying party.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountInputError } from '../../functions/local/identity-provider/accounts';
import { type LocalIdentityProvider, startLocalIdentityProvider } from '../../functions/local/identity-provider/index';
import { SignInThrottle } from '../../functions/local/identity-provider/sign-in-throttle';

const CLIENT = {
  clientId: 'aim-web',
  clientSecret: 'a-local-client-secret-of-some-length',
  redirectUris: ['http://localhost:3999/auth/callback'],
  postLogoutRedirectUris: ['http://localhost:3999/'],
};
const REDIRECT_URI = CLIENT.redirectUris[0]!;
const PASSWORD = 'correct horse battery staple';

/** A browser enough for these pages: cookies by name and path, redirects followed by hand. */
class Browser {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = [...this.#cookies.entries()]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split('\u0000')[0]}=${c.value}`)
      .join('; ');
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin } : {}),
        ...init.headers,
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) this.#store(line);
    return response;
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
    const expired = attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()) || attributes.some((a) => /^max-age=0$/i.test(a));
    const key = `${name}\u0000${path}`;
    if (expired || value === '') this.#cookies.delete(key);
    else this.#cookies.set(key, { value, path });
  }

  /** Follows redirects until a page is shown, or the provider sends the browser back to the client. */
  async navigate(url: string, init: Parameters<Browser['request']>[1] = {}): Promise<{ url: string; response: Response }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops += 1) {
      current = new URL(response.headers.get('location')!, current).href;
      if (!current.startsWith(new URL(url).origin)) return { url: current, response };
      response = await this.request(current);
    }
    return { url: current, response };
  }
}

function attribute(html: string, pattern: RegExp): string {
  const match = pattern.exec(html);
  if (!match?.[1]) throw new Error(`not found in page: ${pattern}`);
  return match[1].replaceAll('&#38;', '&');
}
const formAction = (html: string) => attribute(html, /<form method="post" action="([^"]+)"/);
const linkTo = (html: string, text: string) => attribute(html, new RegExp(`<a href="([^"]+)">${text}</a>`));

let provider: LocalIdentityProvider;
let config: client.Configuration;

async function relyingParty(issuer: string): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), CLIENT.clientId, CLIENT.clientSecret, undefined, { execute: [client.allowInsecureRequests] });
}

/** Starts an authorization request with PKCE, state and nonce; returns what the callback needs. */
async function authorizationRequest(rp: client.Configuration, extra: Record<string, string> = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return {
    url: url.href,
    finish: (callback: string) =>
      client.authorizationCodeGrant(rp, new URL(callback), { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce }),
  };
}

/** Signs up through the real pages; returns the callback URL the browser is sent to. */
async function signUpThroughPages(browser: Browser, issuer: string, requestUrl: string, person: { name: string; email: string; password: string }) {
  const signIn = await browser.navigate(requestUrl);
  const signUp = await browser.navigate(new URL(linkTo(await signIn.response.text(), 'Create an account'), issuer).href);
  const page = await signUp.response.text();
  return browser.navigate(new URL(formAction(page), issuer).href, { form: person });
}

async function signInThroughPages(browser: Browser, issuer: string, requestUrl: string, credentials: { email: string; password: string }) {
  const signIn = await browser.navigate(requestUrl);
  const page = await signIn.response.text();
  return browser.navigate(new URL(formAction(page), issuer).href, { form: credentials });
}

beforeAll(async () => {
  provider = await startLocalIdentityProvider({ port: 0, clients: [CLIENT] });
  config = await relyingParty(provider.issuer);
});

afterAll(async () => {
  await provider?.stop();
});

describe('local identity provider: discovery', () => {
  it('publishes a code-flow-only, PKCE S256 provider on http://localhost with sign-out and prompt=create', () => {
    const metadata = config.serverMetadata();
    expect(provider.issuer).toMatch(/^http:\/\/localhost:\d+$/);
    expect(metadata.issuer).toBe(provider.issuer);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
    expect(metadata.end_session_endpoint).toBe(`${provider.issuer}/session/end`);
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'email', 'email_verified', 'name']));
    expect(metadata.prompt_values_supported).toContain('create');
  });
});

describe('local identity provider: sign-up and sign-in pages', () => {
  it('signs a new person up through the real form and issues an ID token with sub, email and name', async () => {
    const browser = new Browser();
    const request = await authorizationRequest(config);
    const signIn = await browser.navigate(request.url);
    expect(signIn.url).toMatch(new RegExp(`^${provider.issuer}/interaction/[\\w-]+$`));
    expect(signIn.response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:3999; frame-ancestors 'none'; base-uri 'none'",
    );
    const signInHtml = await signIn.response.text();
    expect(signInHtml).toContain('<html lang="en">');
    expect(signInHtml).toContain('AIM local sign-in (embedded OpenID Provider)</title>');
    expect(signInHtml).toContain('<label for="email">Email</label>');
    expect(signInHtml).toContain('autocomplete="current-password"');
    expect(signInHtml).toContain('<button type="submit">Sign in</button>');
    expect(signInHtml).not.toContain('<script');

    const signUp = await browser.navigate(new URL(linkTo(signInHtml, 'Create an account'), provider.issuer).href);
    const signUpHtml = await signUp.response.text();
    expect(signUpHtml).toContain('<label for="name">Name</label>');
    expect(signUpHtml).toContain('autocomplete="new-password"');
    expect(signUpHtml).toContain('<button type="submit">Create account</button>');

    const back = await browser.navigate(new URL(formAction(signUpHtml), provider.issuer).href, {
      form: { name: 'Ada Lovelace', email: '  Ada@Example.COM ', password: PASSWORD },
    });
    expect(back.url.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    const tokens = await request.finish(back.url);
    const claims = tokens.claims()!;
    const account = await provider.accounts.findByEmail('ada@example.com');
    expect(account).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(claims).toMatchObject({
      iss: provider.issuer,
      aud: CLIENT.clientId,
      sub: account!.subject,
      email: 'ada@example.com',
      email_verified: false,
      name: 'Ada Lovelace',
    });
  });

  it('signs an existing person in with the right password, and re-renders the page with one generic error for a wrong one', async () => {
    const { subject } = await provider.accounts.create({ email: 'grace@example.com', password: PASSWORD, name: 'Grace Hopper' });
    const browser = new Browser();

    const wrongRequest = await authorizationRequest(config);
    const wrong = await signInThroughPages(browser, provider.issuer, wrongRequest.url, { email: 'grace@example.com', password: 'not the password at all' });
    expect(wrong.response.status).toBe(200);
    expect(wrong.url.startsWith(provider.issuer)).toBe(true);
    const wrongHtml = await wrong.response.text();
    expect(wrongHtml).toContain('<p class="error" role="alert">The email or password is wrong.</p>');
    expect(wrongHtml).toContain('value="grace@example.com"');
    expect(wrongHtml).not.toContain('code=');

    const unknown = await browser.navigate(new URL(formAction(wrongHtml), provider.issuer).href, { form: { email: 'nobody@example.com', password: PASSWORD } });
    expect(await unknown.response.text()).toContain('The email or password is wrong.');

    const right = await browser.navigate(new URL(formAction(wrongHtml), provider.issuer).href, { form: { email: 'Grace@example.com', password: PASSWORD } });
    expect(right.url.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    const tokens = await wrongRequest.finish(right.url);
    expect(tokens.claims()).toMatchObject({ sub: subject, email: 'grace@example.com', name: 'Grace Hopper' });
  });

  it('refuses a sign-up with an email already taken, next to the email field, and issues no code', async () => {
    await provider.accounts.create({ email: 'taken@example.com', password: PASSWORD, name: 'First Person' });
    const browser = new Browser();
    const request = await authorizationRequest(config);
    const result = await signUpThroughPages(browser, provider.issuer, request.url, { name: 'Second Person', email: 'TAKEN@example.com', password: PASSWORD });
    expect(result.response.status).toBe(200);
    expect(result.url.startsWith(provider.issuer)).toBe(true);
    const html = await result.response.text();
    expect(html).toContain('<p class="error" id="email-error" role="alert">An account with this email already exists. Sign in instead.</p>');
    expect(html).toContain('value="Second Person"');
    expect((await provider.accounts.findByEmail('taken@example.com'))?.name).toBe('First Person');
  });

  it('shows each sign-up refusal next to its field: missing name, short password', async () => {
    const browser = new Browser();
    const request = await authorizationRequest(config);
    const result = await signUpThroughPages(browser, provider.issuer, request.url, { name: '  ', email: 'short@example.com', password: 'too short' });
    const html = await result.response.text();
    expect(html).toContain('id="name-error" role="alert">Enter your name.</p>');
    expect(html).toContain('id="password-error" role="alert">Use at least 12 characters for your password.</p>');
    expect(html).not.toContain('id="email-error"');
    expect(await provider.accounts.findByEmail('short@example.com')).toBeUndefined();
  });

  it('starts on the sign-up page when the client asks for prompt=create', async () => {
    const browser = new Browser();
    const request = await authorizationRequest(config, { prompt: 'create' });
    const signUp = await browser.navigate(request.url);
    const html = await signUp.response.text();
    expect(html).toContain('<button type="submit">Create account</button>');
    const back = await browser.navigate(new URL(formAction(html), provider.issuer).href, {
      form: { name: 'Katherine Johnson', email: 'katherine@example.com', password: PASSWORD },
    });
    expect(back.url.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    expect((await request.finish(back.url)).claims()).toMatchObject({ email: 'katherine@example.com', name: 'Katherine Johnson' });
  });

  it('refuses further sign-ins for an email after 10 failures, even with the right password', async () => {
    await provider.accounts.create({ email: 'locked@example.com', password: PASSWORD, name: 'Locked Out' });
    const browser = new Browser();
    const request = await authorizationRequest(config);
    const signIn = await browser.navigate(request.url);
    const action = new URL(formAction(await signIn.response.text()), provider.issuer).href;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await browser.navigate(action, { form: { email: 'locked@example.com', password: `wrong password ${attempt}` } });
      expect(await wrong.response.text()).toContain('The email or password is wrong.');
    }
    const right = await browser.navigate(action, { form: { email: 'locked@example.com', password: PASSWORD } });
    expect(right.url.startsWith(provider.issuer)).toBe(true);
    expect(await right.response.text()).toContain('Too many failed sign-ins for this email.');
  });

  it('refuses a form posted from another site, or without the interaction cookie', async () => {
    const browser = new Browser();
    const request = await authorizationRequest(config);
    const signIn = await browser.navigate(request.url);
    const action = new URL(formAction(await signIn.response.text()), provider.issuer).href;
    const crossSite = await browser.request(action, {
      form: { email: 'ada@example.com', password: PASSWORD },
      headers: { origin: 'https://attacker.example' },
    });
    expect(crossSite.status).toBe(403);
    const cookieless = await new Browser().request(action, { form: { email: 'ada@example.com', password: PASSWORD } });
    expect(cookieless.status).toBe(400);
    expect(await cookieless.text()).toContain('This sign-in page has expired');
  });
});

describe('local identity provider: protocol', () => {
  it('refuses an authorization request without PKCE', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid email profile', state: client.randomState() });
    const response = await new Browser().request(url.href);
    const location = new URL(response.headers.get('location')!);
    expect(location.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('renders errors it cannot send back to a client as a plain page without internals', async () => {
    const response = await fetch(`${provider.issuer}/auth?client_id=unknown&response_type=code&scope=openid`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('AIM local sign-in (embedded OpenID Provider)');
    expect(html).toContain('<code>invalid_client</code>');
    expect(html).not.toMatch(/at .*\.js:\d+/);
  });

  it('signs out through the end-session endpoint and comes back to the post-logout redirect URI', async () => {
    await provider.accounts.create({ email: 'leaving@example.com', password: PASSWORD, name: 'Leaving Soon' });
    const browser = new Browser();
    const request = await authorizationRequest(config);
    const signedIn = await signInThroughPages(browser, provider.issuer, request.url, { email: 'leaving@example.com', password: PASSWORD });
    const tokens = await request.finish(signedIn.url);

    const endSession = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: CLIENT.postLogoutRedirectUris[0]! });
    const confirm = await browser.navigate(endSession.href);
    const html = await confirm.response.text();
    expect(html).toContain('Sign out of AIM?');
    expect(confirm.response.headers.get('content-security-policy')).toContain("form-action 'self' http://localhost:3999");
    const xsrf = attribute(html, /name="xsrf" value="([^"]+)"/);
    const signedOut = await browser.navigate(new URL(attribute(html, /id="op.logoutForm" method="post" action="([^"]+)"/), provider.issuer).href, {
      form: { xsrf, logout: 'yes' },
    });
    expect(signedOut.url).toBe(CLIENT.postLogoutRedirectUris[0]);

    const again = await browser.navigate((await authorizationRequest(config)).url);
    expect(again.url.startsWith(`${provider.issuer}/interaction/`)).toBe(true);
  });
});

describe('local identity provider: accounts', () => {
  it('creates accounts programmatically with normalised, unique emails and checked input', async () => {
    const { subject } = await provider.accounts.create({ email: ' Someone@Example.com', password: PASSWORD, name: ' Some One ' });
    expect(subject).toMatch(/^[0-9a-f-]{36}$/);
    expect(await provider.accounts.findByEmail('someone@example.com')).toEqual({ subject, email: 'someone@example.com', name: 'Some One' });
    await expect(provider.accounts.create({ email: 'SOMEONE@example.com', password: PASSWORD, name: 'Twin' })).rejects.toBeInstanceOf(AccountInputError);
    await expect(provider.accounts.create({ email: 'new@example.com', password: 'x'.repeat(11), name: 'Short' })).rejects.toMatchObject({
      fieldErrors: { password: 'Use at least 12 characters for your password.' },
    });
    await expect(provider.accounts.create({ email: 'new@example.com', password: 'x'.repeat(201), name: 'Long' })).rejects.toMatchObject({
      fieldErrors: { password: expect.any(String) },
    });
    await expect(provider.accounts.create({ email: 'new@example.com', password: PASSWORD, name: 'n'.repeat(121) })).rejects.toMatchObject({
      fieldErrors: { name: expect.any(String) },
    });
    await expect(provider.accounts.create({ email: 'not-an-email', password: PASSWORD, name: 'Bad Email' })).rejects.toMatchObject({
      fieldErrors: { email: expect.any(String) },
    });
    expect(await provider.accounts.findByEmail('new@example.com')).toBeUndefined();
  });

  it('throttles per email for 15 minutes after 10 failures within 15 minutes', () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    for (let i = 0; i < 9; i += 1) throttle.recordFailure('a@example.com');
    expect(throttle.isLocked('a@example.com')).toBe(false);
    now += 16 * 60_000; // the nine failures age out of the window
    throttle.recordFailure('a@example.com');
    expect(throttle.isLocked('a@example.com')).toBe(false);
    for (let i = 0; i < 9; i += 1) throttle.recordFailure('a@example.com');
    expect(throttle.isLocked('a@example.com')).toBe(true);
    expect(throttle.isLocked('b@example.com')).toBe(false);
    now += 15 * 60_000 - 1;
    expect(throttle.isLocked('a@example.com')).toBe(true);
    now += 1;
    expect(throttle.isLocked('a@example.com')).toBe(false);
  });
});

describe('local identity provider: persistence', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'aim-idp-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signingKid(issuer: string): Promise<string> {
    const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys).toHaveLength(1);
    return jwks.keys[0]!.kid;
  }

  it('keeps accounts, signing keys and the signed-in session across a restart with the same data directory', async () => {
    const first = await startLocalIdentityProvider({ port: 0, dataDir, clients: [CLIENT] });
    const port = Number(new URL(first.issuer).port);
    const browser = new Browser();
    let kid: string;
    let subject: string;
    try {
      const rp = await relyingParty(first.issuer);
      const request = await authorizationRequest(rp);
      const back = await signUpThroughPages(browser, first.issuer, request.url, { name: 'Mary Jackson', email: 'mary@example.com', password: PASSWORD });
      subject = (await request.finish(back.url)).claims()!.sub;
      kid = await signingKid(first.issuer);
    } finally {
      await first.stop();
    }

    const directory = join(dataDir, 'identity-provider');
    for (const file of ['accounts.json', 'jwks.json', 'cookie-keys.json']) expect((await stat(join(directory, file))).mode & 0o777).toBe(0o600);
    const accountsFile = await readFile(join(directory, 'accounts.json'), 'utf8');
    expect(accountsFile).toContain('mary@example.com');
    expect(accountsFile).not.toContain(PASSWORD);

    const second = await startLocalIdentityProvider({ port, dataDir, clients: [CLIENT] });
    try {
      expect(second.issuer).toBe(`http://localhost:${port}`);
      expect(await signingKid(second.issuer)).toBe(kid);
      expect((await second.accounts.findByEmail('mary@example.com'))?.subject).toBe(subject);
      // The browser's session cookie still names a live session: no sign-in page this time.
      const rp = await relyingParty(second.issuer);
      const request = await authorizationRequest(rp);
      const back = await browser.navigate(request.url);
      expect(back.url.startsWith(`${REDIRECT_URI}?`)).toBe(true);
      expect((await request.finish(back.url)).claims()).toMatchObject({ sub: subject, email: 'mary@example.com', name: 'Mary Jackson' });
    } finally {
      await second.stop();
    }
  });

  it('keeps everything in memory without a data directory', async () => {
    const before = await import('node:fs/promises').then((fs) => fs.readdir(dataDir));
    const inMemory = await startLocalIdentityProvider({ port: 0, clients: [CLIENT] });
    try {
      await inMemory.accounts.create({ email: 'memory@example.com', password: PASSWORD, name: 'In Memory' });
    } finally {
      await inMemory.stop();
    }
    const restarted = await startLocalIdentityProvider({ port: 0, clients: [CLIENT] });
    try {
      expect(await restarted.accounts.findByEmail('memory@example.com')).toBeUndefined();
    } finally {
      await restarted.stop();
    }
    expect(await import('node:fs/promises').then((fs) => fs.readdir(dataDir))).toEqual(before);
  });
});
