/**
 * What counts as a secret wherever AIM looks for one (tracked files and git history,
 * answers' free text, log entries): AIM's own keys and invitation codes, private keys
 * (PEM, or a JWK with its private `d`), AWS access key ids. Pure: callers feed it text
 * and get kinds and spans back, never the value in a message or a log.
 */

export type SecretKind = 'aim-key' | 'aim-invitation' | 'pem-private-key' | 'private-jwk' | 'aws-access-key-id';

export interface SecretPattern {
  kind: SecretKind;
  /** How findings name it to people. */
  label: string;
  pattern: RegExp;
}

/**
 * AIM keys are `aim_` and 32 random bytes in base64url: 43 characters (`aim_${ids.secret()}`,
 * composition.ts randomIds); invitation codes likewise with `inv_`. Exactly 43: a longer
 * run of the alphabet is something else (the lookarounds keep a look-alike inside one out).
 */
export const AIM_KEY = /(?<![A-Za-z0-9_-])aim_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'aim-key', label: 'AIM key (aim_…)', pattern: AIM_KEY },
  { kind: 'aim-invitation', label: 'AIM invitation code (inv_…)', pattern: /(?<![A-Za-z0-9_-])inv_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  { kind: 'pem-private-key', label: 'PEM private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g },
  // A JWK with its private part: "d" next to a key type.
  { kind: 'private-jwk', label: 'private JWK', pattern: /"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/g },
  { kind: 'aws-access-key-id', label: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
];

const LABELS = Object.fromEntries(SECRET_PATTERNS.map((p) => [p.kind, p.label])) as Record<SecretKind, string>;
export const secretLabel = (kind: SecretKind) => LABELS[kind];

/** One secret in a text: its kind and where it is (`text.slice(start, end)` is the value). */
export interface SecretSpan {
  kind: SecretKind;
  start: number;
  end: number;
}

/** The secrets in a text, in order of position; overlapping matches of different kinds are all kept. */
export function findSecrets(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const { kind, pattern } of SECRET_PATTERNS) {
    // A fresh regex per call: the shared ones are global and would carry lastIndex between callers.
    for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags))) spans.push({ kind, start: match.index, end: match.index + match[0].length });
  }
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The marker a masked secret leaves behind: it names the kind, never the value. */
export const maskMarker = (kind: SecretKind) => `[secret masked: ${kind}]`;

/** The text with every secret replaced by its marker (log entries, before they are written). */
export function maskSecrets(text: string): string {
  const spans = findSecrets(text);
  if (!spans.length) return text;
  let masked = '';
  let at = 0;
  for (const { kind, start, end } of spans) {
    if (end <= at) continue; // inside a span already masked
    masked += text.slice(at, Math.max(at, start)) + maskMarker(kind);
    at = end;
  }
  return masked + text.slice(at);
}

/** The secrets of one kind in a text (the values: to look up and revoke, never to show), each once. */
function valuesOf(text: string, kind: SecretKind): string[] {
  return [
    ...new Set(
      findSecrets(text)
        .filter((s) => s.kind === kind)
        .map((s) => text.slice(s.start, s.end)),
    ),
  ];
}

/** The AIM keys in a text, each once. */
export const aimKeysIn = (text: string): string[] => valuesOf(text, 'aim-key');

/** The AIM invitation codes in a text, each once. */
export const invitationCodesIn = (text: string): string[] => valuesOf(text, 'aim-invitation');
