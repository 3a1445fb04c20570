/**
 * AIM's relying party (functions/adapters/oidc/relying-party.ts) against a provider that
 * misbehaves on purpose: an ID token for another audience, with another nonce, expired,
 * from another issuer, signed by a key the provider does not publish, unsigned (`none`),
 * or HMAC-signed with the public key as secret. Each is refused with `sign_in_failed`;
 * the well-formed one is accepted.
 */
import { generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIdRelyingParty } from '../../functions/adapters/oidc/relying-party';
import { DomainError } from '../../functions/core/errors';
import { type FakeOpenIdProvider, startFakeOpenIdProvider } from '../support/fake-openid-provider';

const CLIENT_ID = 'aim-test-client';
const REDIRECT = 'http://localhost:3999/auth/callback';

let provider: FakeOpenIdProvider;
let issuer: string;
let signing: Awaited<ReturnType<typeof generateKeyPair>>;
let publicJwk: JWK;
/** What the token endpoint answers with next. */
let nextIdToken: (nonce: string) => Promise<string>;
/** The nonce of the authorization request, as the provider saw it. */
let seenNonce = '';

const now = () => Math.floor(Date.now() / 1000);

function goodClaims(nonce: string) {
  return { iss: issuer, aud: CLIENT_ID, sub: 'person-1', nonce, email: 'ada@example.test', name: 'Ada', iat: now(), exp: now() + 300 };
}

async function signed(claims: Record<string, unknown>, key = signing.privateKey, kid = 'k1') {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(key);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  provider = await startFakeOpenIdProvider(async () => ({
    status: 200,
    body: { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: await nextIdToken(seenNonce) },
  }));
  ({ issuer, signing, publicJwk } = provider);
});

afterAll(async () => {
  await provider.stop();
});

/** One sign-in through a fresh relying party: the authorization URL, then the callback with a code. */
async function signIn() {
  const party = openIdRelyingParty(() => ({
    issuer,
    clientId: CLIENT_ID,
    clientSecret: 'secret',
    redirectUri: REDIRECT,
    postLogoutRedirectUri: 'http://localhost:3999/',
    scopes: 'openid email profile',
  }));
  const expected = { state: 'state-1', nonce: `nonce-${Math.random()}`, codeVerifier: 'v'.repeat(43) };
  const authorize = new URL(await party.authorizationUrl({ ...expected, signUp: false }));
  seenNonce = authorize.searchParams.get('nonce')!;
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  return party.finish(`${REDIRECT}?code=c1&state=state-1`, expected);
}

async function refusal(): Promise<string> {
  const error = await signIn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('sign_in_failed');
  return (error as DomainError).message;
}

describe('ID tokens from the provider', () => {
  it('are accepted when signed by a published key, for AIM, with the nonce, in date', async () => {
    nextIdToken = (nonce) => signed(goodClaims(nonce));
    const identity = await signIn();
    expect(identity).toMatchObject({ issuer, subject: 'person-1', email: 'ada@example.test', name: 'Ada' });
  });

  it('are refused for another audience', async () => {
    nextIdToken = (nonce) => signed({ ...goodClaims(nonce), aud: 'someone-else' });
    await refusal();
  });

  it('are refused with another nonce', async () => {
    nextIdToken = (nonce) => signed({ ...goodClaims(nonce), nonce: `${nonce}-other` });
    await refusal();
  });

  it('are refused when expired', async () => {
    nextIdToken = (nonce) => signed({ ...goodClaims(nonce), iat: now() - 3600, exp: now() - 1800 });
    await refusal();
  });

  it('are refused from another issuer', async () => {
    nextIdToken = (nonce) => signed({ ...goodClaims(nonce), iss: 'https://impostor.example' });
    await refusal();
  });

  it('are refused when signed by a key the provider does not publish, under its key id', async () => {
    const other = await generateKeyPair('ES256');
    nextIdToken = (nonce) => signed(goodClaims(nonce), other.privateKey, 'k1');
    await refusal();
  });

  it('are refused unsigned (alg none)', async () => {
    nextIdToken = async (nonce) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(goodClaims(nonce))}.`;
    await refusal();
  });

  it('are refused HMAC-signed with the public key as the secret', async () => {
    nextIdToken = async (nonce) =>
      new SignJWT(goodClaims(nonce)).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    await refusal();
  });
});
