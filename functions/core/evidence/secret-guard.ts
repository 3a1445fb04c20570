/**
 * An inventory file must never carry a secret into AIM: every field of every row is checked
 * before it is read, and a file with anything that looks like one is rejected, naming the row
 * and column (never the value). The shared patterns (../secrets/patterns.ts: AIM keys, private
 * keys, AWS access key ids) are joined by the secrets an identity inventory tends to hold.
 */
import { findSecrets, secretLabel } from '../secrets/patterns';
import type { ImportProblem } from './inventory';

interface ExtraPattern {
  label: string;
  pattern: RegExp;
}

/**
 * Kept here rather than in ../secrets/patterns.ts: those also scan the repository and mask log
 * lines, where the looser context rules below (a bare 40-character cell) would misfire.
 */
const EXTRA_PATTERNS: readonly ExtraPattern[] = [
  // An AWS secret access key is 40 characters of base64 with nothing to mark it, so it counts
  // only beside a word that names it: `aws_secret_access_key=…`, `"SecretAccessKey": "…"`.
  {
    label: 'AWS secret access key',
    pattern: /secret[\w -]{0,20}["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/i,
  },
  // Microsoft Entra client secrets: three characters, a digit, `Q~`, then 31 to 34 more.
  { label: 'Microsoft Entra client secret', pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/ },
  { label: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{50,})\b/ },
  { label: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  // Model provider keys (`sk-…`, `sk-proj-…`, `sk-ant-…`): random, so upper case and digits both occur,
  // which tells them from a hyphenated name such as sk-learn-training-pipeline-agent.
  { label: 'model provider API key', pattern: /\bsk-(?:proj-|ant-[a-z0-9]+-)?(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{32,}/ },
  { label: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  // A bearer token (a JWT): three base64url parts, the first two JSON objects.
  { label: 'bearer token (JWT)', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/**
 * A cell that is nothing but 40 characters of base64 with upper case, lower case and digits is
 * an AWS secret access key pasted on its own (an ARN, a path or a name never is).
 */
function bareSecretAccessKey(value: string): boolean {
  const v = value.trim();
  return v.length === 40 && /^[A-Za-z0-9/+]{40}$/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v);
}

/** What kind of secret a text looks like it holds, by label, each once; empty when none. */
export function secretKindsIn(value: string): string[] {
  const labels = new Set<string>();
  for (const span of findSecrets(value)) labels.add(secretLabel(span.kind));
  for (const { label, pattern } of EXTRA_PATTERNS) if (pattern.test(value)) labels.add(label);
  if (bareSecretAccessKey(value)) labels.add('AWS secret access key');
  return [...labels];
}

/** The problem for a CSV field that holds what looks like a secret, or null. The message never quotes the value. */
export function secretInField(value: string, row: number, column: string): ImportProblem | null {
  const kinds = secretKindsIn(value);
  if (!kinds.length) return null;
  return {
    at: { row, column },
    message: `looks like it holds a secret (${kinds.join(', ')}): remove it and upload the file again; AIM never keeps secrets, and the value is not shown here`,
  };
}

/** The same for a JSON string at a JSON pointer (the JSON formats). */
export function secretAtPointer(value: string, pointer: string): ImportProblem | null {
  const kinds = secretKindsIn(value);
  if (!kinds.length) return null;
  return {
    at: { pointer },
    message: `looks like it holds a secret (${kinds.join(', ')}): remove it and upload the file again; AIM never keeps secrets, and the value is not shown here`,
  };
}
