/**
 * Findings known not to be secrets, each with why. Test samples are assembled at run time
 * where possible (so nothing matches in the file); what history already holds cannot be
 * changed, so a sample once committed whole is allowed here by commit, file and kind.
 * A real secret never goes here: rotate it (and rewrite history if it must go).
 */
import type { Finding } from './patterns';

export interface Allowed {
  /** The commit that added it (history findings); absent: the tracked file as it is now. */
  commit?: string;
  file: string;
  kind: string;
  why: string;
}

export const ALLOWED: readonly Allowed[] = [
  {
    commit: 'e69820e44c9f55e5365419c8a05267a4a8398317',
    file: 'scripts/secret-scan/patterns.test.ts',
    kind: 'PEM private key',
    why: 'the scanner test sample: a PEM header without a key',
  },
  {
    commit: 'e69820e44c9f55e5365419c8a05267a4a8398317',
    file: 'scripts/secret-scan/patterns.test.ts',
    kind: 'AWS access key id',
    why: "the scanner test sample: AKIA and the alphabet, nobody's key",
  },
  {
    commit: 'd95bed2af420e5cf5c55957349e63d4143d1c2b3',
    file: 'functions/adapters/s3/evidence-upload-bucket.test.ts',
    kind: 'AWS access key id',
    why: "AWS's documentation sample key id (AKIA…EXAMPLE), used to sign a URL in a unit test; assembled at run time since",
  },
];

/** The findings no entry allows. */
export function withoutAllowed(findings: readonly Finding[], allowed: readonly Allowed[] = ALLOWED): Finding[] {
  return findings.filter((f) => !allowed.some((a) => a.file === f.file && a.kind === f.kind && a.commit === f.commit));
}
