/** The KMS signer against a stand-in for KMS that signs as KMS does (DER ECDSA over a SHA-256 digest). */
import { generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { kmsSigner } from './kms-signer';

function fakeKms() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const calls: string[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof GetPublicKeyCommand) {
        calls.push('GetPublicKey');
        return { PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) };
      }
      if (command instanceof SignCommand) {
        calls.push('Sign');
        const { Message, MessageType, SigningAlgorithm } = command.input;
        expect({ MessageType, SigningAlgorithm }).toEqual({ MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
        // As KMS: SHA-256 of the raw message, ECDSA P-256, the signature DER-encoded.
        const der = sign('sha256', Buffer.from(Message!), { key: privateKey, dsaEncoding: 'der' });
        return { Signature: new Uint8Array(der) };
      }
      throw new Error('unexpected command');
    },
  };
  return { client: client as unknown as KMSClient, calls };
}

describe('kmsSigner', () => {
  it('signs ES256 access tokens that verify against its JWK Set, reading the public key once', async () => {
    const { client, calls } = fakeKms();
    const signer = kmsSigner(client, 'arn:aws:kms:eu-west-1:123456789012:key/test');
    const jwks = await signer.jwks();
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    for (let i = 0; i < 20; i++) {
      const token = await signer.sign({ sub: `agent-${i}`, iss: 'https://aim.example' });
      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks as { keys: JWK[] }), { algorithms: ['ES256'], typ: 'at+jwt' });
      expect(payload.sub).toBe(`agent-${i}`);
      expect(protectedHeader.kid).toBe(jwks.keys[0]!.kid);
    }
    expect(calls.filter((c) => c === 'GetPublicKey')).toHaveLength(1);
  });
});
