/**
 * The relying party when its client secret was rotated at the provider: a refused client
 * authentication (invalid_client) makes it read the secret again once and exchange the code again.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/core/errors';
import { openIdRelyingParty } from '../../functions/adapters/oidc/relying-party';
import { type FakeOpenIdProvider, startFakeOpenIdProvider } from '../support/fake-openid-provider';

const CLIENT_ID = 'aim-web';
const REDIRECT = 'http://localhost:3999/auth/callback';

let provider: FakeOpenIdProvider;
let issuer: string;
/** The secret the provider accepts now, and the secrets the token endpoint was sent. */
let accepted = 'secret-1';
let presented: string[] = [];
let nonce = '';

/** The client secret from client_secret_basic or client_secret_post. */
function secretOf(authorization: string | undefined, body: URLSearchParams): string | undefined {
  if (authorization?.startsWith('Basic ')) {
    const [, secret] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
    return decodeURIComponent(secret ?? '');
  }
  return body.get('client_secret') ?? undefined;
}

beforeAll(async () => {
  provider = await startFakeOpenIdProvider(async ({ authorization, body }) => {
    const secret = secretOf(authorization, body);
    presented.push(secret ?? '');
    // As Cognito answers a wrong secret.
    if (secret !== accepted) return { status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ iss: issuer, aud: CLIENT_ID, sub: 'person-1', nonce, iat: now, exp: now + 300 })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(provider.signing.privateKey);
    return { status: 200, body: { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken } };
  });
  issuer = provider.issuer;
});

afterAll(async () => {
  await provider.stop();
});

beforeEach(() => {
  accepted = 'secret-1';
  presented = [];
});

/** A relying party whose secret store holds `stored`; `refreshes` counts the re-reads. */
function party(stored: { secret: string; next?: string }) {
  let held = stored.secret;
  const counts = { refreshes: 0 };
  const rp = openIdRelyingParty(
    () => ({ issuer, clientId: CLIENT_ID, clientSecret: held, redirectUri: REDIRECT, postLogoutRedirectUri: 'http://localhost:3999/', scopes: 'openid' }),
    {
      refreshClientSecret: async () => {
        counts.refreshes += 1;
        held = stored.next ?? held;
      },
    },
  );
  const signIn = async () => {
    const expected = { state: 's', nonce: `n-${Math.random()}`, codeVerifier: 'v'.repeat(43) };
    nonce = new URL(await rp.authorizationUrl({ ...expected, signUp: false })).searchParams.get('nonce')!;
    return rp.finish(`${REDIRECT}?code=c1&state=s`, expected);
  };
  return { signIn, counts };
}

describe('a rotated client secret', () => {
  it('is read again once when the provider refuses the cached one, and the sign-in completes', async () => {
    const { signIn, counts } = party({ secret: 'secret-1', next: 'secret-2' });
    await signIn();
    // Rotated at the provider after the relying party cached secret-1 (a sign-in in flight).
    accepted = 'secret-2';
    expect(await signIn()).toMatchObject({ subject: 'person-1' });
    expect(counts.refreshes).toBe(1);
    expect(presented).toEqual(['secret-1', 'secret-1', 'secret-2']);
    // From then on the new secret is used straight away.
    await signIn();
    expect(presented.at(-1)).toBe('secret-2');
    expect(counts.refreshes).toBe(1);
  });

  it('is not read again when the provider accepts it', async () => {
    const { signIn, counts } = party({ secret: 'secret-1' });
    await signIn();
    expect(counts.refreshes).toBe(0);
  });

  it('ends in sign_in_failed, after one retry only, when the re-read secret is refused too', async () => {
    const { signIn, counts } = party({ secret: 'secret-1', next: 'secret-1' });
    accepted = 'secret-9';
    const error = await signIn().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('sign_in_failed');
    expect(counts.refreshes).toBe(1);
    expect(presented).toHaveLength(2);
  });
});
