/**
 * AIM as an OpenID Connect relying party (openid-client): discovery, the authorization
 * code flow with PKCE (S256), and RP-initiated logout. The ID token of every sign-in is
 * verified against the issuer's JWKS with jose (signature, iss, aud, exp, nonce) on top
 * of openid-client's own checks, which skip the signature for tokens that came straight
 * from the token endpoint over TLS (OpenID Connect Core §3.1.3.7).
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { DomainError } from '../../core/errors';
import type { IdentityProviderClient, VerifiedIdentity } from '../../services/ports';

export interface RelyingPartySettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `<AIM's public origin>/auth/callback`. */
  redirectUri: string;
  /** Where the provider sends the browser after signing out there. */
  postLogoutRedirectUri: string;
  scopes: string;
}

/** Plain http only for a provider on this machine (the embedded one of `npm start`). */
const isLoopback = (url: URL) => url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/** The algorithms AIM accepts for ID tokens: asymmetric only (no `none`, no HMAC with a guessable key). */
const ID_TOKEN_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

const signInFailed = (error: unknown) =>
  error instanceof DomainError
    ? error
    : new DomainError('sign_in_failed', `the identity provider's answer was not accepted: ${(error as Error)?.message ?? String(error)}`.slice(0, 300));

/** The token endpoint refused AIM's client authentication: the secret AIM holds was rotated. */
function clientRefused(error: unknown): boolean {
  if (error instanceof oidc.ResponseBodyError) return error.error === 'invalid_client';
  if (error instanceof oidc.WWWAuthenticateChallengeError) return error.cause.some((c) => c.parameters.error === 'invalid_client');
  return false;
}

export interface RelyingPartyOptions {
  /** Reads the client secret again (AWS: from Secrets Manager) before `settings` is read anew. */
  refreshClientSecret?: () => Promise<void>;
}

/**
 * The relying party for one provider; `settings` is read at first use (locally the
 * addresses are known only once the servers listen). Discovery is retried on the next
 * sign-in when the provider could not be reached. When the provider refuses the client
 * secret (`invalid_client`: it was rotated), the secret is read again once and the code
 * exchanged again (a refused client authentication does not use up the code).
 */
export function openIdRelyingParty(settings: () => RelyingPartySettings, options: RelyingPartyOptions = {}): IdentityProviderClient {
  let configuration: Promise<{ config: oidc.Configuration; keys: ReturnType<typeof createRemoteJWKSet>; s: RelyingPartySettings }> | undefined;
  const configured = () => {
    configuration ??= (async () => {
      const s = settings();
      const issuer = new URL(s.issuer);
      const config = await oidc.discovery(issuer, s.clientId, { client_secret: s.clientSecret }, undefined, {
        execute: [oidc.enableNonRepudiationChecks, ...(isLoopback(issuer) ? [oidc.allowInsecureRequests] : [])],
      });
      const jwksUri = config.serverMetadata().jwks_uri;
      if (!jwksUri) throw new Error(`${s.issuer} publishes no jwks_uri`);
      return { config, keys: createRemoteJWKSet(new URL(jwksUri)), s };
    })().catch((error) => {
      configuration = undefined;
      throw new DomainError(
        'sign_in_unavailable',
        `the identity provider ${settings().issuer} could not be reached: ${(error as Error).message}`.slice(0, 300),
      );
    });
    return configuration;
  };

  return {
    async authorizationUrl({ state, nonce, codeVerifier, signUp }) {
      const { config, s } = await configured();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: s.redirectUri,
        scope: s.scopes.split(' ').includes('openid') ? s.scopes : `openid ${s.scopes}`,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        // Initiating User Registration via OpenID Connect 1.0; providers without it show their sign-in page.
        ...(signUp ? { prompt: 'create' } : {}),
      });
      return url.href;
    },

    async finish(callbackUrl, expected): Promise<VerifiedIdentity> {
      let { config, keys, s } = await configured();
      const exchange = () => {
        // The callback arrives on AIM's own address; the redirect_uri sent must be the registered one.
        const registered = new URL(s.redirectUri);
        registered.search = new URL(callbackUrl).search;
        return oidc.authorizationCodeGrant(config, registered, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
      };
      try {
        let tokens: Awaited<ReturnType<typeof exchange>>;
        try {
          tokens = await exchange();
        } catch (error) {
          if (!clientRefused(error)) throw error;
          configuration = undefined;
          await options.refreshClientSecret?.();
          ({ config, keys, s } = await configured());
          tokens = await exchange();
        }
        const idToken = tokens.id_token;
        if (!idToken) throw new Error('no ID token');
        const { payload } = await jwtVerify(idToken, keys, {
          issuer: config.serverMetadata().issuer,
          audience: s.clientId,
          algorithms: ID_TOKEN_ALGORITHMS,
          requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
        });
        if (payload.nonce !== expected.nonce) throw new Error('the ID token nonce does not match');
        const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : null);
        return {
          issuer: payload.iss!,
          subject: payload.sub!,
          name: text(payload.name) ?? text([payload.given_name, payload.family_name].filter(Boolean).join(' ')),
          email: text(payload.email),
          idToken,
        };
      } catch (error) {
        throw signInFailed(error);
      }
    },

    async endSessionUrl(idToken) {
      const { config, s } = await configured();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: s.postLogoutRedirectUri,
        client_id: s.clientId,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).href;
    },
  };
}
