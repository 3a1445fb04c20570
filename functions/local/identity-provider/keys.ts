import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { readJsonFile, writeJsonFileAtomically } from './json-files';

export interface ProviderKeys {
  /** Private signing keys (RS256, the OpenID Connect default for ID tokens). */
  jwks: { keys: JWK[] };
  /** Keys that sign the provider's cookies (the first one signs, all verify). */
  cookieKeys: string[];
}

async function generateKeys(): Promise<ProviderKeys> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  return { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString('base64url')] };
}

/**
 * Generated once and kept in `<directory>/jwks.json` and `<directory>/cookie-keys.json` (owner-only),
 * so ID tokens and session cookies issued before a restart stay valid after it. In memory without a directory.
 */
export async function loadOrCreateKeys(directory: string | undefined): Promise<ProviderKeys> {
  if (!directory) return generateKeys();
  const jwksFile = join(directory, 'jwks.json');
  const cookieKeysFile = join(directory, 'cookie-keys.json');
  const jwks = await readJsonFile<{ keys: JWK[] }>(jwksFile);
  const cookieKeys = await readJsonFile<{ keys: string[] }>(cookieKeysFile);
  const fresh = jwks?.keys.length && cookieKeys?.keys.length ? undefined : await generateKeys();
  const keys: ProviderKeys = {
    jwks: jwks?.keys.length ? jwks : fresh!.jwks,
    cookieKeys: cookieKeys?.keys.length ? cookieKeys.keys : fresh!.cookieKeys,
  };
  if (!jwks?.keys.length) await writeJsonFileAtomically(jwksFile, keys.jwks);
  if (!cookieKeys?.keys.length) await writeJsonFileAtomically(cookieKeysFile, { keys: keys.cookieKeys });
  return keys;
}
