/**
 * AIM's key for agents' access tokens, kept locally: an EC P-256 private key as a JWK
 * file in the data directory (created on first use, mode 0600), or in memory (tests, and
 * `npm start` without a data directory), replaced after AIM_AGENT_KEY_ROTATION_DAYS. In AWS
 * the key is in KMS (kms-signer.ts): see docs/security.md, "Agents".
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { AccessTokenSigner } from '../../services/ports';

interface KeyPair {
  privateKey: CryptoKey | Uint8Array;
  publicJwk: JWK & { kid: string };
}

async function newKey(): Promise<{ pair: KeyPair; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');
  return { pair: await fromPrivateJwk({ ...privateJwk, kid }), privateJwk: { ...privateJwk, kid, alg: 'ES256', use: 'sig' } };
}

async function fromPrivateJwk(jwk: JWK): Promise<KeyPair> {
  const { kty, crv, x, y, kid } = jwk;
  const kidOf = kid ?? (await calculateJwkThumbprint({ kty, crv, x, y } as JWK, 'sha256'));
  return {
    privateKey: await importJWK({ ...jwk, alg: 'ES256' }, 'ES256'),
    publicJwk: { kty: kty!, crv, x, y, kid: kidOf, alg: 'ES256', use: 'sig' } as JWK & { kid: string },
  };
}

/** A signer over the current key, publishing besides it the keys still needed to verify tokens signed earlier. */
function signerOf(load: () => Promise<{ current: KeyPair; retired: KeyPair[] }>, refresh?: { everyMs: number; now: () => number }): AccessTokenSigner {
  let keys: Promise<{ current: KeyPair; retired: KeyPair[] }> | undefined;
  let loadedAt = 0;
  const key = () => {
    // Read again now and then, so that a long-running process rotates too.
    if (keys && refresh && refresh.now() - loadedAt >= refresh.everyMs) keys = undefined;
    if (!keys) {
      loadedAt = refresh?.now() ?? 0;
      keys = load().catch((error) => {
        keys = undefined;
        throw error;
      });
    }
    return keys;
  };
  return {
    async sign(claims) {
      const { privateKey, publicJwk } = (await key()).current;
      return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: publicJwk.kid }).sign(privateKey);
    },
    async jwks() {
      const { current, retired } = await key();
      return { keys: [current, ...retired].map((pair) => ({ ...pair.publicJwk })) };
    },
  };
}

/** A key that lives as long as the process. */
export function memorySigner(): AccessTokenSigner {
  return signerOf(async () => ({ current: (await newKey()).pair, retired: [] }));
}

/** When the file's key was made: its `created` member (seconds), else the file's modification time. */
interface StoredKey {
  jwk: JWK & { created?: number };
  createdMs: number;
}

async function readKey(file: string): Promise<StoredKey | undefined> {
  try {
    const jwk = JSON.parse(await readFile(file, 'utf8')) as JWK & { created?: number };
    return { jwk, createdMs: typeof jwk.created === 'number' ? jwk.created * 1000 : (await stat(file)).mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeNewKey(file: string, nowMs: number, flag: 'wx' | 'w'): Promise<KeyPair> {
  const { pair, privateJwk } = await newKey();
  await writeFile(file, `${JSON.stringify({ ...privateJwk, created: Math.floor(nowMs / 1000) })}\n`, { mode: 0o600, flag });
  return pair;
}

export interface FileSignerOptions {
  /** Days after which the key is replaced by a new one at start-up (AIM_AGENT_KEY_ROTATION_DAYS). */
  rotateAfterDays?: number;
  /** How long a replaced key stays published for tokens it signed: at least their lifetime. */
  retiredKeyMinutes?: number;
  now?: () => number;
}

/**
 * A key kept in `file` (a private JWK, mode 0600), made on first use and replaced once it
 * is older than `rotateAfterDays`; the replaced key moves to `<file>.previous` and stays in
 * the JWK Set for `retiredKeyMinutes`, so tokens it signed verify until they expire.
 */
export function fileSigner(file: string, options: FileSignerOptions = {}): AccessTokenSigner {
  const now = options.now ?? Date.now;
  const rotateAfterMs = (options.rotateAfterDays ?? 30) * 86_400_000;
  const retiredMs = (options.retiredKeyMinutes ?? 60) * 60_000;
  const previousFile = `${file}.previous`;
  return signerOf(
    async () => {
      let stored = await readKey(file);
      if (!stored) {
        try {
          // `wx`: of two processes starting at once, one writes; the other reads what it wrote.
          return { current: await writeNewKey(file, now(), 'wx'), retired: [] };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          stored = (await readKey(file))!;
        }
      }
      if (now() - stored.createdMs >= rotateAfterMs) {
        // Rotation: the old key becomes the previous one (retired now), a new key signs from here on.
        await writeFile(previousFile, `${JSON.stringify({ ...stored.jwk, retired: Math.floor(now() / 1000) })}\n`, { mode: 0o600 });
        return { current: await writeNewKey(file, now(), 'w'), retired: [await fromPrivateJwk(stored.jwk)] };
      }
      const current = await fromPrivateJwk(stored.jwk);
      const previous = await readKey(previousFile);
      const retiredAt = (previous?.jwk as { retired?: number } | undefined)?.retired;
      if (previous && typeof retiredAt === 'number' && now() - retiredAt * 1000 < retiredMs) return { current, retired: [await fromPrivateJwk(previous.jwk)] };
      if (previous) await rm(previousFile, { force: true });
      return { current, retired: [] };
    },
    { everyMs: 60_000, now },
  );
}
