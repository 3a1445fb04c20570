/**
 * Findings of the content checks (option-checks.ts, wording-checks.ts) in versions that
 * were published before those checks existed. A published file never changes, so these
 * cannot be fixed in place: each is excused by exact file, code and pointer, and only
 * while the file still hashes to its lock entry. Every entry says where the fix goes
 * (issue 17: questionnaire 1.2.0). A new version gets no entry: its findings fail the check.
 */
import type { LockFile } from './lock-checks';
import type { AuthoringError, AuthoringErrorCode, AuthoringWarning, AuthoringWarningCode, KnownFinding, SourceFile } from './types';

interface Entry {
  file: string;
  code: AuthoringErrorCode | AuthoringWarningCode;
  pointer: string;
  why: string;
}

const V100 = 'agent-identity/1.0.0.json';
const V110 = 'agent-identity/1.1.0.json';

const inBoth = (code: Entry['code'], pointers: [string, string], why: string): Entry[] => [
  { file: V100, code, pointer: pointers[0], why },
  { file: V110, code, pointer: pointers[1], why },
];

export const KNOWN_FINDINGS: readonly Entry[] = [
  ...inBoth(
    'exclusive_option',
    ['/questions/27/options/0', '/questions/29/options/0'],
    'containment-actions: "none-prepared" can be ticked with other actions; 1.2.0 declares it exclusive (issue 17)',
  ),
  ...inBoth(
    'shared_level',
    ['/questions/0/options/1/level', '/questions/0/options/1/level'],
    'agent-credential-source: user-session and shared-human-account both show level 1 by design; 1.2.0 declares "sharesLevel" (issue 17)',
  ),
  ...inBoth(
    'double_barrelled_prompt',
    ['/questions/4/prompt', '/questions/4/prompt'],
    'identity-reuse asks about reuse across agents and across environments at once; 1.2.0 asks them separately (issue 17)',
  ),
  ...inBoth(
    'leading_help',
    ['/questions/10/help', '/questions/10/help'],
    'change-attribution quotes 68% of peers; 1.2.0 leaves peer figures out of its help (issue 17)',
  ),
  ...inBoth(
    'leading_help',
    ['/questions/14/help', '/questions/14/help'],
    'agent-inventory quotes 82% of peers; 1.2.0 leaves peer figures out of its help (issue 17)',
  ),
  ...inBoth(
    'leading_help',
    ['/questions/16/help', '/questions/17/help'],
    'shared-account-review quotes 43% of peers; 1.2.0 leaves peer figures out of its help (issue 17)',
  ),
  ...inBoth(
    'leading_help',
    ['/questions/17/help', '/questions/18/help'],
    'agent-decommissioning quotes 21% of peers; 1.2.0 leaves peer figures out of its help (issue 17)',
  ),
];

/** Whether the file is exactly what was locked as published (and so cannot change). */
const isLocked = (file: SourceFile | undefined, lock: LockFile | undefined) => file !== undefined && lock?.versions[file.path] === file.sha256;

/**
 * Splits findings into those still to fix and those excused by `entries`. Each finding of
 * a locked file is looked up by its exact file, code and pointer.
 */
export function separateKnown<F extends AuthoringError | AuthoringWarning>(
  findings: readonly F[],
  files: readonly SourceFile[],
  lock: LockFile | undefined,
  entries: readonly Entry[] = KNOWN_FINDINGS,
): { open: F[]; known: KnownFinding[] } {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const open: F[] = [];
  const known: KnownFinding[] = [];
  for (const finding of findings) {
    const entry = isLocked(byPath.get(finding.file), lock)
      ? entries.find((e) => e.file === finding.file && e.code === finding.code && e.pointer === finding.pointer)
      : undefined;
    if (entry) known.push({ finding, why: entry.why });
    else open.push(finding);
  }
  return { open, known };
}
