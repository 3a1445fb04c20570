/**
 * The repository scan's view of the one pattern set (functions/core/secrets/patterns.ts):
 * findings by file and line, named by kind, never by value. Pure: the scanner (scan.ts)
 * feeds it files and history; the tests feed it samples.
 */
import { findSecrets as secretsIn, secretLabel } from '../../functions/core/secrets/patterns';

export interface Finding {
  file: string;
  line: number;
  kind: string;
  /** The commit that added it, for findings in git history. */
  commit?: string;
}

/** The secrets in one file's text, by line (the value itself is never reported); each kind once per line. */
export function findSecrets(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((content, index) => {
    for (const kind of new Set(secretsIn(content).map((s) => s.kind))) findings.push({ file, line: index + 1, kind: secretLabel(kind) });
  });
  return findings;
}
