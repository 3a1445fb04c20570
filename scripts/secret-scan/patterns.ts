/**
 * The repository scan's view of the one pattern set (functions/core/secrets/patterns.ts):
 * findings by file and line, named by kind, never by value. Pure: the scanner (scan.ts)
 * feeds it files and history; the tests feed it samples.
 */
import { aimKeysIn, invitationCodesIn, findSecrets as secretsIn, secretLabel } from '../../functions/core/secrets/patterns';

export interface Finding {
  file: string;
  line: number;
  kind: string;
  /** The commit that added it, for findings in git history. */
  commit?: string;
}

/**
 * The AIM keys and invitation codes of each finding, for the leak report to revoke them
 * (leak-report.ts): kept beside the findings, never on them, so that printing or
 * serialising a finding cannot show a value.
 */
const revocable = new WeakMap<Finding, string[]>();

/** The AIM keys and invitation codes on a finding's line (none for other kinds). */
export const revocableSecretsOf = (finding: Finding): string[] => revocable.get(finding) ?? [];

/** A copy of the finding at another place (a commit's line), its revocable secrets carried along. */
export function placed(finding: Finding, place: Partial<Finding>): Finding {
  const copy = { ...finding, ...place };
  revocable.set(copy, revocableSecretsOf(finding));
  return copy;
}

/** The secrets in one file's text, by line (the value itself is never reported); each kind once per line. */
export function findSecrets(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((content, index) => {
    for (const kind of new Set(secretsIn(content).map((s) => s.kind))) {
      const finding = { file, line: index + 1, kind: secretLabel(kind) };
      const values = kind === 'aim-key' ? aimKeysIn(content) : kind === 'aim-invitation' ? invitationCodesIn(content) : [];
      if (values.length) revocable.set(finding, values);
      findings.push(finding);
    }
  });
  return findings;
}
