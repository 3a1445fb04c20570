import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { findSecrets } from './patterns';

const random43 = () => randomBytes(32).toString('base64url');

describe('the secret scanner', () => {
  it('finds AIM keys and invitation codes as AIM makes them, by line, without their value', () => {
    const key = `aim_${random43()}`;
    const text = ['const ok = 1;', `TOKEN=${key}`, `open /#/join/inv_${random43()}`].join('\n');
    const findings = findSecrets('notes.md', text);
    expect(findings).toEqual([
      { file: 'notes.md', line: 2, kind: 'AIM key (aim_…)' },
      { file: 'notes.md', line: 3, kind: 'AIM invitation code (inv_…)' },
    ]);
    expect(JSON.stringify(findings)).not.toContain(key);
  });

  it('finds private keys: PEM, and a JWK with its private part', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    // Samples are assembled at run time, so that the scan of this very file finds nothing.
    expect(findSecrets('k.pem', `${'-----BEGIN'} PRIVATE KEY-----\nMIGH…`)).toHaveLength(1);
    expect(findSecrets('k.json', JSON.stringify(await exportJWK(privateKey)))).toEqual([{ file: 'k.json', line: 1, kind: 'private JWK' }]);
    // The public half is not a secret.
    expect(findSecrets('k.json', JSON.stringify(await exportJWK(publicKey)))).toEqual([]);
  });

  it('finds AWS access key ids, and leaves look-alikes alone', () => {
    expect(findSecrets('a', `${'AKIA'}ABCDEFGHIJKLMNOP`)).toHaveLength(1);
    // Too short to be a key, a prefix in prose, an example in the docs' form.
    expect(findSecrets('b', ['aim_short', 'the aim_ prefix', 'Bearer aim_…', 'inv_abc'].join('\n'))).toEqual([]);
  });
});
