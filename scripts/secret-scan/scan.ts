/**
 * `npm run lint:secrets` (part of `npm run lint`, so of `npm test` and CI): scans every
 * file git tracks, and the data directory's secrets by name, then every line any commit
 * added (git history), for leaked secrets (functions/core/secrets/patterns.ts). Findings
 * name the file, line, kind (and commit), never the value, and fail the run; known test
 * samples are allowed in allowlist.ts. With AIM_LEAK_REPORT_URL (a deployment's API base
 * URL), the AIM keys and invitation codes found are reported to it and so revoked (leak-report.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { withoutAllowed } from './allowlist';
import { COMMIT_MARKER, findSecretsInLog } from './history';
import { reportLeaks, secretsToReport } from './leak-report';
import { findSecrets, type Finding } from './patterns';

/** Files the data directory holds secrets in: never to be committed, whatever they contain. */
const SECRET_FILES = [
  /(^|\/)admin-token$/,
  /(^|\/)oidc-client-secret$/,
  /(^|\/)agent-token-key\.jwk$/,
  /(^|\/)identity-provider\/(accounts|jwks|cookie-keys)\.json$/,
];
/** Larger files are data (lock files, generated documents), read anyway up to this size. */
const MAX_BYTES = 5_000_000;

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 30 });

function scanTrackedFiles(): { findings: Finding[]; count: number } {
  const tracked = git('ls-files', '-z').split('\0').filter(Boolean);
  const findings: Finding[] = [];
  for (const file of tracked) {
    if (SECRET_FILES.some((p) => p.test(file))) {
      findings.push({ file, line: 0, kind: 'a secret file of the data directory' });
      continue;
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      continue; // deleted in the working tree
    }
    if (size > MAX_BYTES) continue;
    const text = readFileSync(file, 'utf8');
    if (text.includes('\u0000')) continue; // binary (fonts, images)
    findings.push(...findSecrets(file, text));
  }
  return { findings, count: tracked.length };
}

/** Every commit's added lines, reachable from HEAD; undefined (and why) when history is not there to scan. */
function scanHistory(): { findings: Finding[]; commits: number } | { unavailable: string } {
  if (git('rev-parse', '--is-shallow-repository').trim() === 'true')
    return { unavailable: 'this is a shallow clone: git history was NOT scanned (clone with full history, e.g. fetch-depth: 0, to scan it)' };
  const commits = Number(git('rev-list', '--count', 'HEAD').trim());
  // One `git log -p` for all commits (a fraction of a second here); --unified=0: added lines only, no context.
  const log = git(
    '-c',
    'core.quotePath=false',
    'log',
    '-p',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--unified=0',
    `--format=${COMMIT_MARKER}%H`,
    'HEAD',
  );
  return { findings: findSecretsInLog(log), commits };
}

const started = Date.now();
const files = scanTrackedFiles();
const history = scanHistory();
const findings = withoutAllowed([...files.findings, ...('findings' in history ? history.findings : [])]);
const seconds = ((Date.now() - started) / 1000).toFixed(1);

if (findings.length) {
  for (const f of findings) console.error(`${f.commit ? `${f.commit.slice(0, 12)} ` : ''}${f.file}:${f.line}: ${f.kind}`);
  console.error(
    `${findings.length} possible secret(s) in tracked files or git history: remove them and rotate them if they were real; a finding in history stays in every clone (rewrite history, or allow a known sample in scripts/secret-scan/allowlist.ts).`,
  );
  const reportUrl = process.env.AIM_LEAK_REPORT_URL;
  const secrets = secretsToReport(findings);
  if (reportUrl && secrets.length) {
    const { sent, problems } = await reportLeaks(reportUrl, secrets);
    for (const problem of problems) console.error(`leak report: ${problem}`);
    console.error(`leak report: ${sent} of ${secrets.length} AIM key(s) and invitation code(s) reported to ${reportUrl}, which revokes the live ones`);
  }
  process.exit(1);
}
if ('unavailable' in history) console.warn(`secret scan: ${history.unavailable}`);
console.log(`no secrets in ${files.count} tracked files${'commits' in history ? ` or in the added lines of ${history.commits} commits` : ''} (${seconds} s)`);
