/**
 * The signing keys of workload identity issuers (GitHub Actions, Kubernetes, AWS, Entra,
 * Google…): OpenID discovery at `<issuer>/.well-known/openid-configuration`, then its
 * `jwks_uri` through jose's remote JWK Set (docs/security.md, "Workload identity federation").
 * Issuers are chosen by organisations' owners, so every fetch is bounded: https only
 * (http on this machine where allowed), no redirects, short timeouts, small responses.
 */
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { issuerProblems } from '../../core/access/federation';
import type { WorkloadIssuerKeys } from '../../services/ports';

export interface WorkloadIssuerOptions {
  /** Plain http for issuers on this machine (local use, tests). */
  allowHttpLoopback: boolean;
  /** Per request (discovery, keys). */
  timeoutMs?: number;
  /** The largest discovery document or key set read. */
  maxBytes?: number;
  /** How long one issuer's discovery is reused before it is read again. */
  discoveryMaxAgeMs?: number;
}

/** Issuers remembered at once; the oldest is forgotten beyond this. */
const MAX_ISSUERS = 200;

/** A fetch that follows no redirect and reads at most `maxBytes` of the body. */
function boundedFetch(maxBytes: number) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const response = await fetch(url, { ...init, redirect: 'manual' });
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new Error(`${url} answered with more than ${maxBytes} bytes`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        total += read.value.byteLength;
        if (total > maxBytes) {
          await reader.cancel();
          throw new Error(`${url} answered with more than ${maxBytes} bytes`);
        }
        chunks.push(read.value);
      }
    }
    return new Response(Buffer.concat(chunks), { status: response.status, headers: response.headers });
  };
}

export function remoteWorkloadIssuers(options: WorkloadIssuerOptions): WorkloadIssuerKeys {
  const timeoutMs = options.timeoutMs ?? 3000;
  const maxAgeMs = options.discoveryMaxAgeMs ?? 10 * 60_000;
  const fetchBounded = boundedFetch(options.maxBytes ?? 131_072);
  const allowed = (url: string, what: string) => {
    const problem = issuerProblems(url, { allowHttpLoopback: options.allowHttpLoopback }, [])[0];
    if (problem) throw new Error(`${what} ${url}: ${problem.message}`);
  };

  async function discover(issuer: string): Promise<JWTVerifyGetKey> {
    allowed(issuer, 'the issuer');
    const address = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetchBounded(address, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200) throw new Error(`${address} answered ${response.status}`);
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      document = (await response.json()) as typeof document;
    } catch {
      throw new Error(`${address} is not JSON`);
    }
    // OpenID Connect Discovery §4.3: the document names the issuer it was fetched for.
    if (document?.issuer !== issuer) throw new Error(`${address} names another issuer`);
    if (typeof document.jwks_uri !== 'string') throw new Error(`${address} names no jwks_uri`);
    allowed(document.jwks_uri, 'the jwks_uri');
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      timeoutDuration: timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: maxAgeMs,
      [customFetch]: fetchBounded,
    });
  }

  const cache = new Map<string, { at: number; keys: Promise<JWTVerifyGetKey> }>();
  return {
    keysOf(issuer) {
      const cached = cache.get(issuer);
      if (cached && Date.now() - cached.at < maxAgeMs) return cached.keys;
      // A failed discovery is forgotten: the next token request tries again.
      const keys = discover(issuer).catch((error: unknown) => {
        if (cache.get(issuer)?.keys === keys) cache.delete(issuer);
        throw error;
      });
      cache.delete(issuer);
      cache.set(issuer, { at: Date.now(), keys });
      if (cache.size > MAX_ISSUERS) cache.delete(cache.keys().next().value!);
      return keys;
    },
  };
}
