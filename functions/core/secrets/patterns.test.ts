import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aimKeysIn, findSecrets, maskMarker, maskSecrets } from './patterns';

const random43 = () => randomBytes(32).toString('base64url');
// Samples are assembled at run time, so that the repository's own scan of this file finds nothing.
const PEM = `${'-----BEGIN'} PRIVATE KEY-----`;
const AWS_ID = `${'AKIA'}ABCDEFGHIJKLMNOP`;

describe('findSecrets', () => {
  it('finds AIM keys exactly as AIM makes them (aim_ and 43 base64url characters), with their span', () => {
    const key = `aim_${random43()}`;
    const text = `my key is ${key}, keep it`;
    expect(findSecrets(text)).toEqual([{ kind: 'aim-key', start: 10, end: 10 + key.length }]);
    expect(text.slice(10, 10 + key.length)).toBe(key);
    // In a URL, a header or JSON: still found.
    expect(findSecrets(`https://x.example/?k=${key}&a=1`)).toHaveLength(1);
    expect(findSecrets(`Authorization: Bearer ${key}`)).toHaveLength(1);
    expect(findSecrets(JSON.stringify({ secret: key }))).toHaveLength(1);
  });

  it('leaves look-alikes alone: too short, too long, a prefix in prose, part of a longer word', () => {
    const body = random43();
    for (const text of ['aim_short', 'the aim_ prefix', 'Bearer aim_…', `aim_${body}x`, `xaim_${body}`, `aim_${body.slice(1)}`, 'inv_abc', 'AKIA1234'])
      expect(findSecrets(text), text).toEqual([]);
  });

  it('finds invitation codes, PEM and PGP private keys, private JWKs and AWS access key ids', () => {
    expect(findSecrets(`join with inv_${random43()}`).map((s) => s.kind)).toEqual(['aim-invitation']);
    expect(findSecrets(`${PEM}\nMIGH…`).map((s) => s.kind)).toEqual(['pem-private-key']);
    expect(findSecrets(`${'-----BEGIN'} OPENSSH PRIVATE KEY-----`).map((s) => s.kind)).toEqual(['pem-private-key']);
    expect(findSecrets(`${'-----BEGIN'} PGP PRIVATE KEY BLOCK-----`).map((s) => s.kind)).toEqual(['pem-private-key']);
    expect(findSecrets(`{"kty":"EC","d":"${random43()}"}`).map((s) => s.kind)).toEqual(['private-jwk']);
    expect(findSecrets(`id ${AWS_ID} here`).map((s) => s.kind)).toEqual(['aws-access-key-id']);
    // A public key is not a secret.
    expect(findSecrets(`${'-----BEGIN'} PUBLIC KEY-----`)).toEqual([]);
  });

  it('is safe to call again and again (no state carried between calls)', () => {
    const key = `aim_${random43()}`;
    for (let i = 0; i < 3; i++) expect(findSecrets(key)).toHaveLength(1);
  });
});

describe('maskSecrets', () => {
  it('replaces every secret by a marker naming its kind, and keeps the rest', () => {
    const key = `aim_${random43()}`;
    const masked = maskSecrets(`token ${key} and ${AWS_ID}.`);
    expect(masked).toBe(`token ${maskMarker('aim-key')} and ${maskMarker('aws-access-key-id')}.`);
    expect(masked).not.toContain(key);
    expect(maskSecrets('nothing here')).toBe('nothing here');
  });
});

describe('aimKeysIn', () => {
  it('gives the AIM keys of a text, each once, and nothing else', () => {
    const [a, b] = [`aim_${random43()}`, `aim_${random43()}`];
    expect(aimKeysIn(`${a} ${b} ${a} ${AWS_ID} inv_${random43()}`)).toEqual([a, b]);
  });
});
