/**
 * AIM's key for agents' access tokens in AWS: an asymmetric KMS key (ECC_NIST_P256,
 * SIGN_VERIFY) that never leaves KMS. Tokens are signed with KMS Sign (ECDSA_SHA_256 over
 * the JWS signing input, which KMS hashes; an access token's is well under its 4 kB limit
 * for raw messages); each key's public half comes from GetPublicKey once per process.
 * With rotation, a pointer names the current and previous keys (core/access/signing-key-rotation.ts).
 */
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import type { SigningKeyPointer } from '../../core/access/signing-key-rotation';
import type { AccessTokenSigner } from '../../services/ports';
import { derToJose } from './der';

/** KMS Sign takes raw messages up to this size. */
const KMS_RAW_LIMIT = 4096;
/** How long a Lambda instance trusts the pointer it read (a rotation reaches every instance within this). */
export const POINTER_MAX_AGE_MS = 60_000;
/**
 * After a rotation the previous key keeps signing this long: by then every instance has read
 * the new pointer (twice the cache age, for slack), so none refuses a token for an unknown kid.
 */
export const ROTATION_GRACE_MS = 2 * POINTER_MAX_AGE_MS;

const b64url = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

type PublicJwk = JWK & { kid: string };

/** Public halves by key ARN, each read once; a failed read is retried on next use. */
function publicKeys(client: KMSClient) {
  const cache = new Map<string, Promise<PublicJwk>>();
  return (keyId: string) => {
    let jwk = cache.get(keyId);
    if (!jwk) {
      jwk = (async () => {
        const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
        if (!PublicKey) throw new Error('KMS returned no public key');
        const { kty, crv, x, y } = await exportJWK(createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }));
        if (kty !== 'EC' || crv !== 'P-256') throw new Error(`the agent token key must be ECC_NIST_P256, not ${kty} ${crv}`);
        const plain = { kty, crv, x, y } as JWK;
        return { ...plain, kid: await calculateJwkThumbprint(plain, 'sha256'), alg: 'ES256', use: 'sig' };
      })().catch((error) => {
        cache.delete(keyId);
        throw error;
      });
      cache.set(keyId, jwk);
    }
    return jwk;
  };
}

type KeyIds = Pick<SigningKeyPointer, 'current' | 'previous'> & { signing: string };

function signerOf(client: KMSClient, keys: () => Promise<KeyIds>): AccessTokenSigner {
  const publicKey = publicKeys(client);
  return {
    async sign(claims) {
      const { signing: current } = await keys();
      const { kid } = await publicKey(current);
      const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid }))}.${b64url(JSON.stringify(claims))}`;
      if (input.length > KMS_RAW_LIMIT) throw new Error(`a token's signing input is ${input.length} bytes, over KMS's ${KMS_RAW_LIMIT} for raw messages`);
      const { Signature } = await client.send(
        new SignCommand({
          KeyId: current,
          Message: Buffer.from(input),
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return `${input}.${b64url(derToJose(Signature))}`;
    },
    async jwks() {
      const { current, previous } = await keys();
      const published = [{ ...(await publicKey(current)) }];
      // The previous key may already be pending deletion (a pointer read just before a rotation): its absence must not stop the current one.
      if (previous && previous !== current) {
        const old = await publicKey(previous).catch(() => undefined);
        if (old) published.push({ ...old });
      }
      return { keys: published };
    },
  };
}

/** One fixed key (AIM_AGENT_SIGNING_KEY_ARN without a rotation pointer). */
export function kmsSigner(client: KMSClient, keyId: string): AccessTokenSigner {
  const keys = Promise.resolve({ current: keyId, previous: null, signing: keyId });
  return signerOf(client, () => keys);
}

export interface RotatingKmsSignerOptions {
  /** Reads the pointer (its store is the caller's: a Secrets Manager secret in AWS). */
  readPointer: () => Promise<SigningKeyPointer>;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

/**
 * Publishes the pointer's current and previous keys and signs with current, or with previous
 * for ROTATION_GRACE_MS after a rotation; the pointer is re-read after POINTER_MAX_AGE_MS.
 */
export function rotatingKmsSigner(client: KMSClient, options: RotatingKmsSignerOptions): AccessTokenSigner {
  const now = options.now ?? Date.now;
  let cached: { pointer: Promise<SigningKeyPointer>; at: number } | undefined;
  const keys = async (): Promise<KeyIds> => {
    if (!cached || now() - cached.at >= POINTER_MAX_AGE_MS) {
      const read = options.readPointer().catch((error) => {
        if (cached?.pointer === read) cached = undefined;
        throw error;
      });
      cached = { pointer: read, at: now() };
    }
    const { current, previous, rotatedAt } = await cached.pointer;
    const settling = previous && rotatedAt && now() - Date.parse(rotatedAt) < ROTATION_GRACE_MS;
    return { current, previous, signing: settling ? previous : current };
  };
  return signerOf(client, keys);
}
