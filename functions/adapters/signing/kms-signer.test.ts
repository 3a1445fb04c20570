/** The KMS signer against a stand-in for KMS that signs as KMS does (DER ECDSA over a SHA-256 digest). */
import { generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { kmsSigner, POINTER_MAX_AGE_MS, ROTATION_GRACE_MS, rotatingKmsSigner } from './kms-signer';

function fakeKms() {
  const pairs = new Map<string, ReturnType<typeof generateKeyPairSync>>();
  // One key pair per KeyId, as KMS holds one per key.
  const pairOf = (keyId: string | undefined) => {
    if (!pairs.has(keyId!)) pairs.set(keyId!, generateKeyPairSync('ec', { namedCurve: 'P-256' }));
    return pairs.get(keyId!)!;
  };
  const calls: string[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof GetPublicKeyCommand) {
        const { publicKey } = pairOf(command.input.KeyId);
        calls.push('GetPublicKey');
        return { PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) };
      }
      if (command instanceof SignCommand) {
        calls.push('Sign');
        const { privateKey } = pairOf(command.input.KeyId);
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

const arn = (id: string) => `arn:aws:kms:eu-west-1:123456789012:key/${id}`;
const verify = (token: string, jwks: { keys: Record<string, unknown>[] }) =>
  jwtVerify(token, createLocalJWKSet(jwks as { keys: JWK[] }), { algorithms: ['ES256'], typ: 'at+jwt' });

describe('rotatingKmsSigner', () => {
  it('signs with the current key, publishes current and previous, and re-reads the pointer after a minute', async () => {
    const { client } = fakeKms();
    let pointer = { current: arn('a'), previous: null as string | null, rotatedAt: null as string | null };
    let reads = 0;
    let clock = 0;
    const signer = rotatingKmsSigner(client, {
      readPointer: async () => {
        reads++;
        return pointer;
      },
      now: () => clock,
    });
    const before = await signer.sign({ sub: 'agent-1' });
    const jwksA = await signer.jwks();
    expect(jwksA.keys).toHaveLength(1);

    // Rotated at 1000: b is published at once, a stays; this instance sees it once its cached pointer is a minute old.
    pointer = { current: arn('b'), previous: arn('a'), rotatedAt: new Date(1000).toISOString() };
    clock = POINTER_MAX_AGE_MS - 1;
    expect((await signer.jwks()).keys).toEqual(jwksA.keys);
    clock = POINTER_MAX_AGE_MS;
    const jwks = await signer.jwks();
    // a still signs until every instance has had time to read the pointer, so none meets b's kid unpublished.
    const settling = await signer.sign({ sub: 'agent-settling' });
    expect((await verify(settling, jwksA)).protectedHeader.kid).toBe(jwksA.keys[0]!.kid);
    clock = 1000 + ROTATION_GRACE_MS;
    const after = await signer.sign({ sub: 'agent-2' });
    expect(jwks.keys.map((k) => k.kid)).toEqual([expect.any(String), jwksA.keys[0]!.kid]);
    expect(jwks.keys[0]!.kid).not.toBe(jwksA.keys[0]!.kid);
    expect(reads).toBe(3);

    // The token the previous key signed still verifies; the new one is signed with the new key.
    expect((await verify(before, jwks)).payload.sub).toBe('agent-1');
    const { payload, protectedHeader } = await verify(after, jwks);
    expect(payload.sub).toBe('agent-2');
    expect(protectedHeader.kid).toBe(jwks.keys[0]!.kid);
    await expect(verify(after, jwksA)).rejects.toThrow();
  });

  it('publishes the current key when the previous one can no longer be read (pending deletion)', async () => {
    const { client } = fakeKms();
    const send = client.send.bind(client);
    (client as unknown as { send: typeof send }).send = async (command) => {
      if (command instanceof GetPublicKeyCommand && command.input.KeyId === arn('gone')) throw new Error('KMSInvalidStateException');
      return send(command);
    };
    const signer = rotatingKmsSigner(client, { readPointer: async () => ({ current: arn('a'), previous: arn('gone'), rotatedAt: null }), now: () => 0 });
    const jwks = await signer.jwks();
    expect(jwks.keys).toHaveLength(1);
    expect((await verify(await signer.sign({ sub: 'agent-1' }), jwks)).payload.sub).toBe('agent-1');
  });

  it('retries a pointer read that failed', async () => {
    const { client } = fakeKms();
    let fail = true;
    const signer = rotatingKmsSigner(client, {
      readPointer: async () => {
        if (fail) throw new Error('unavailable');
        return { current: arn('a'), previous: null, rotatedAt: null };
      },
      now: () => 0,
    });
    await expect(signer.jwks()).rejects.toThrow('unavailable');
    fail = false;
    expect((await signer.jwks()).keys).toHaveLength(1);
  });
});
