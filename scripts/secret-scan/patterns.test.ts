import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { withoutAllowed } from './allowlist';
import { COMMIT_MARKER, findSecretsInLog } from './history';
import { secretsToReport } from './leak-report';
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

describe('the history scan', () => {
  // A `git log -p --unified=0 --format=%x01%H` output: two commits, one adding a key, one removing it.
  const key = `aim_${random43()}`;
  const log = [
    `${COMMIT_MARKER}2222222222222222222222222222222222222222`,
    '',
    'diff --git a/notes.md b/notes.md',
    'index 1..2 100644',
    '--- a/notes.md',
    '+++ b/notes.md',
    '@@ -4 +3,0 @@',
    `-TOKEN=${key}`,
    `${COMMIT_MARKER}1111111111111111111111111111111111111111`,
    '',
    'diff --git a/notes.md b/notes.md',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/notes.md',
    '@@ -0,0 +1,4 @@',
    '+# Notes',
    '+',
    '+a line',
    `+TOKEN=${key}`,
    'diff --git a/gone.txt b/gone.txt',
    'deleted file mode 100644',
    '--- a/gone.txt',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    `-${'AKIA'}ABCDEFGHIJKLMNOP`,
  ].join('\n');

  it("finds secrets in a commit's added lines, by commit, file and line, never in removed ones", () => {
    const findings = findSecretsInLog(log);
    expect(findings).toEqual([{ commit: '1111111111111111111111111111111111111111', file: 'notes.md', line: 4, kind: 'AIM key (aim_…)' }]);
    expect(JSON.stringify(findings)).not.toContain(key);
  });

  it('keeps the AIM keys it found beside the findings, for the leak report only, and none of an allowed finding', () => {
    const findings = findSecretsInLog(log);
    expect(secretsToReport(findings)).toEqual([key]);
    expect(JSON.stringify(findings)).not.toContain(key);
    const sample = { commit: '1111111111111111111111111111111111111111', file: 'notes.md', kind: 'AIM key (aim_…)', why: 'a test' };
    expect(secretsToReport(withoutAllowed(findings, [sample]))).toEqual([]);
    // Other kinds are not reported: AIM cannot revoke them.
    expect(secretsToReport(findSecrets('a', `${'AKIA'}ABCDEFGHIJKLMNOP`))).toEqual([]);
  });

  it('allows a known sample by commit, file and kind only', () => {
    const findings = findSecretsInLog(log);
    const sample = { commit: '1111111111111111111111111111111111111111', file: 'notes.md', kind: 'AIM key (aim_…)', why: 'a test' };
    expect(withoutAllowed(findings, [sample])).toEqual([]);
    expect(withoutAllowed(findings, [{ ...sample, commit: '3333333333333333333333333333333333333333' }])).toEqual(findings);
    expect(withoutAllowed(findings, [{ ...sample, file: 'other.md' }])).toEqual(findings);
  });
});
