/**
 * Workload identity federation, the pure parts (docs/security.md, "Workload identity
 * federation"): which issuers an agent may be registered with, and which claims of a
 * platform-issued token AIM accepts in place of a key the agent would have to keep.
 */
import type { FieldProblem } from '../errors';

/** What a federated registration names: the platform's issuer, the exact `sub`, and the `aud` expected. */
export interface Federation {
  issuer: string;
  subject: string;
  audience: string;
}

/** The asymmetric algorithms a platform's tokens may be signed with; never `none` nor HMAC (a shared secret). */
export const FEDERATION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** A platform token lives at most this long (`exp - iat`): longer-lived ones are not short-lived credentials. */
export const MAX_FEDERATED_TOKEN_LIFETIME_S = 3600;

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * What is wrong with an issuer: an https URL without credentials, query or fragment;
 * plain http only for this machine, and only where the deployment allows it (local use, tests).
 */
export function issuerProblems(
  issuer: string,
  options: { allowHttpLoopback: boolean },
  field: readonly (string | number)[] = ['federation', 'issuer'],
): FieldProblem[] {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return [{ field, message: 'expected an https URL' }];
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
  if (url.protocol !== 'https:' && !(loopbackHttp && options.allowHttpLoopback))
    return [{ field, message: loopbackHttp ? 'expected an https URL (http on this machine is not allowed by this deployment)' : 'expected an https URL' }];
  if (url.username || url.password || url.search || url.hash) return [{ field, message: 'an issuer URL has no credentials, query or fragment' }];
  return [];
}

/** Exactly one way to authenticate: a public key, or a platform's identity. */
export function credentialKindProblems(request: { jwk?: unknown; federation?: unknown }): FieldProblem[] {
  const both = request.jwk !== undefined && request.federation !== undefined;
  const neither = request.jwk === undefined && request.federation === undefined;
  if (!both && !neither) return [];
  const message = both ? 'give either jwk or federation, not both' : 'give either jwk (a public key) or federation (a workload identity)';
  return [
    { field: ['jwk'], message },
    { field: ['federation'], message },
  ];
}

/** The claims of a verified platform token beyond jose's checks: times that make it a short-lived credential. */
export function federatedTimeProblem(claims: { iat?: unknown; exp?: unknown }, nowSeconds: number, toleranceSeconds: number): string | undefined {
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') return 'the token needs iat and exp';
  if (iat > nowSeconds + toleranceSeconds) return 'the token was issued in the future (iat)';
  if (exp - iat > MAX_FEDERATED_TOKEN_LIFETIME_S)
    return `the token lives ${exp - iat} s (exp - iat): at most ${MAX_FEDERATED_TOKEN_LIFETIME_S} s, a short-lived token, is accepted`;
  return undefined;
}
