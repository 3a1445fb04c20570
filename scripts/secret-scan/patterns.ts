/**
 * What counts as a leaked secret in the repository: AIM's own keys and codes, private
 * keys (PEM, or a JWK with its private `d`), AWS access keys, and the secrets AIM keeps in
 * its data directory. Pure: the scanner (scan.ts) feeds it files; the test feeds it samples.
 */
export interface SecretPattern {
  name: string;
  pattern: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // AIM keys and invitation codes: a prefix and 32 random bytes in base64url (43 characters).
  { name: 'AIM key (aim_…)', pattern: /\baim_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  { name: 'AIM invitation code (inv_…)', pattern: /\binv_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  { name: 'PEM private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g },
  // A JWK with its private part: "d" next to a key type.
  { name: 'private JWK', pattern: /"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/g },
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
];

export interface Finding {
  file: string;
  line: number;
  kind: string;
}

/** The secrets in one file's text, by line (the value itself is never reported). */
export function findSecrets(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split('\n');
  lines.forEach((content, index) => {
    for (const { name, pattern } of SECRET_PATTERNS) {
      pattern.lastIndex = 0;
      if (pattern.test(content)) findings.push({ file, line: index + 1, kind: name });
    }
  });
  return findings;
}
