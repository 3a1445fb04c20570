/**
 * Secrets in git history: every line a commit added, as `git log -p` shows it. A secret
 * removed from the tree stays in every clone until history is rewritten, so the scan of
 * tracked files alone says too little. Pure parsing here; scan.ts runs git.
 */
import { findSecrets, placed, type Finding } from './patterns';

/** The line that starts each commit in the log scan.ts asks for (`--format=%x01%H`). */
export const COMMIT_MARKER = '\u0001';

/** The findings in the added lines of a `git log -p --unified=0 --format=%x01%H` output, by commit, file and line of that commit's version. */
export function findSecretsInLog(log: string): Finding[] {
  const findings: Finding[] = [];
  let commit = '';
  let file = '';
  let line = 0;
  let inHunk = false;
  for (const text of log.split('\n')) {
    if (text.startsWith(COMMIT_MARKER)) {
      commit = text.slice(1).trim();
      inHunk = false;
    } else if (text.startsWith('diff --git ')) {
      inHunk = false;
      file = '';
    } else if (!inHunk && text.startsWith('+++ ')) {
      const path = text.slice(4);
      file = path === '/dev/null' ? '' : path.replace(/^b\//, '');
    } else if (text.startsWith('@@ ')) {
      // @@ -a,b +c,d @@: added lines are numbered from c in the commit's version of the file.
      line = Number(/\+(\d+)/.exec(text)?.[1] ?? 0);
      inHunk = true;
    } else if (inHunk && text.startsWith('+')) {
      for (const finding of findSecrets(file, text.slice(1))) findings.push(placed(finding, { line, commit }));
      line++;
    }
  }
  return findings;
}
