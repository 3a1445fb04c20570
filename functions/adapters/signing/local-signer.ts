/**
 * AIM's key for agents' access tokens, kept locally: an EC P-256 private key as a JWK
 * file in the data directory (created on first use, mode 0600), or in memory (tests, and
 * `npm start` without a data directory). In AWS no key is configured yet: see
 * docs/security.md, "Agents".
 */
import { readFile, writeFile } from 'node:fs/promises';
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

function signerOf(load: () => Promise<KeyPair>): AccessTokenSigner {
  let pair: Promise<KeyPair> | undefined;
  const key = () => {
    pair ??= load().catch((error) => {
      pair = undefined;
      throw error;
    });
    return pair;
  };
  return {
    async sign(claims) {
      const { privateKey, publicJwk } = await key();
      return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: publicJwk.kid }).sign(privateKey);
    },
    async jwks() {
      return { keys: [{ ...(await key()).publicJwk }] };
    },
  };
}

/** A key that lives as long as the process. */
export function memorySigner(): AccessTokenSigner {
  return signerOf(async () => (await newKey()).pair);
}

/** A key kept in `file` (a private JWK, mode 0600), made on first use. */
export function fileSigner(file: string): AccessTokenSigner {
  return signerOf(async () => {
    try {
      return await fromPrivateJwk(JSON.parse(await readFile(file, 'utf8')) as JWK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { pair, privateJwk } = await newKey();
    try {
      // `wx`: of two processes starting at once, one writes; the other reads what it wrote.
      await writeFile(file, `${JSON.stringify(privateJwk)}\n`, { mode: 0o600, flag: 'wx' });
      return pair;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return fromPrivateJwk(JSON.parse(await readFile(file, 'utf8')) as JWK);
    }
  });
}
