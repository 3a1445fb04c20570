/**
 * Private keys found leaked (docs/security.md, "Leaked secrets"): a PEM private key or a
 * JWK with its private `d`, read from the text around a finding, and the RFC 7638
 * thumbprint of its public key, by which the agents registered with it are found. Whether
 * a key really is an agent's is proven by a signature, never taken from the public
 * members a pasted JWK claims: a made-up `d` beside someone else's `x` and `y` revokes nothing.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** A whole PEM private key (PKCS #8, or PKCS #1 and SEC 1); encrypted, OpenSSH and PGP keys cannot be read without more. */
const PEM_BLOCK = /-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----[A-Za-z0-9+/=\s\\n]{16,8000}?-----END \1-----/g;
/** A flat JSON object (a JWK has no nested members) holding a `d`. */
const JWK_OBJECT = /\{[^{}]{0,8000}"d"\s*:\s*"[A-Za-z0-9_-]{20,}"[^{}]{0,8000}\}/g;
/** Keys read per text at most: each costs a parse and a signature, and a text is small. */
const MAX_KEYS = 10;

export interface LeakedPrivateKey {
  /** The RFC 7638 thumbprint (SHA-256, base64url) of its public key. */
  jkt: string;
  key: KeyObject;
}

function pemKey(block: string): KeyObject | undefined {
  try {
    // A PEM copied out of JSON or a log line may carry its line breaks as `\n`.
    return createPrivateKey({ key: block.replaceAll('\\n', '\n'), format: 'pem' });
  } catch {
    return undefined;
  }
}

function jwkKey(candidate: string): KeyObject | undefined {
  try {
    const jwk = JSON.parse(candidate) as Record<string, unknown>;
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string' || typeof jwk.d !== 'string') return undefined;
    return createPrivateKey({ key: jwk as NodeJwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** The private keys in a text that can be read, each once, with their public key's thumbprint. */
export async function privateKeysIn(text: string): Promise<LeakedPrivateKey[]> {
  // A JWK quoted inside a JSON string (a log line, a stringified body) has its quotes escaped.
  const unescaped = text.includes('\\"') ? text.replaceAll('\\"', '"') : text;
  const candidates = [
    ...[...text.matchAll(PEM_BLOCK)].map((m) => pemKey(m[0])),
    ...[...new Set([text, unescaped])].flatMap((t) => [...t.matchAll(JWK_OBJECT)].map((m) => jwkKey(m[0]))),
  ].filter((key): key is KeyObject => key !== undefined);
  const found = new Map<string, LeakedPrivateKey>();
  for (const key of candidates.slice(0, MAX_KEYS)) {
    try {
      const jkt = await calculateJwkThumbprint(createPublicKey(key).export({ format: 'jwk' }) as JWK, 'sha256');
      found.set(jkt, { jkt, key });
    } catch {
      // A key type without a JWK form (e.g. DSA) is no agent's key.
    }
  }
  return [...found.values()];
}

/** True when the private key signs what the public JWK verifies: the leaked key is that key's private half. */
export function isPrivateHalfOf(key: KeyObject, publicJwk: Record<string, unknown>): boolean {
  try {
    const challenge = randomBytes(32);
    // Ed25519 and Ed448 take no digest; the others sign a SHA-256 digest.
    const digest = key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
    return verify(digest, challenge, createPublicKey({ key: publicJwk as NodeJwk, format: 'jwk' }), sign(digest, challenge, key));
  } catch {
    return false;
  }
}
