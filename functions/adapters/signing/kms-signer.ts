/**
 * AIM's key for agents' access tokens in AWS: an asymmetric KMS key (ECC_NIST_P256,
 * SIGN_VERIFY) that never leaves KMS. Tokens are signed with KMS Sign (ECDSA_SHA_256 over
 * the JWS signing input, which KMS hashes; an access token's is well under its 4 kB limit
 * for raw messages); the public key comes from GetPublicKey once per process.
 */
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import type { AccessTokenSigner } from '../../services/ports';
import { derToJose } from './der';

/** KMS Sign takes raw messages up to this size. */
const KMS_RAW_LIMIT = 4096;

const b64url = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

export function kmsSigner(client: KMSClient, keyId: string): AccessTokenSigner {
  let publicJwk: Promise<JWK & { kid: string }> | undefined;
  const key = () => {
    publicJwk ??= (async () => {
      const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
      if (!PublicKey) throw new Error('KMS returned no public key');
      const { kty, crv, x, y } = await exportJWK(createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }));
      if (kty !== 'EC' || crv !== 'P-256') throw new Error(`the agent token key must be ECC_NIST_P256, not ${kty} ${crv}`);
      const jwk = { kty, crv, x, y } as JWK;
      return { ...jwk, kid: await calculateJwkThumbprint(jwk, 'sha256'), alg: 'ES256', use: 'sig' };
    })().catch((error) => {
      publicJwk = undefined;
      throw error;
    });
    return publicJwk;
  };
  return {
    async sign(claims) {
      const { kid } = await key();
      const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid }))}.${b64url(JSON.stringify(claims))}`;
      if (input.length > KMS_RAW_LIMIT) throw new Error(`a token's signing input is ${input.length} bytes, over KMS's ${KMS_RAW_LIMIT} for raw messages`);
      const { Signature } = await client.send(
        new SignCommand({
          KeyId: keyId,
          Message: Buffer.from(input),
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return `${input}.${b64url(derToJose(Signature))}`;
    },
    async jwks() {
      return { keys: [{ ...(await key()) }] };
    },
  };
}
