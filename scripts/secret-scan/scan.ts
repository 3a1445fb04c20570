/**
 * `npm run lint:secrets` (part of `npm run lint`, so of `npm test` and CI): scans every
 * file git tracks, and the data directory's secrets by name, for leaked secrets
 * (patterns.ts). Findings name the file, line and kind, never the value, and fail the run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
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

const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
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

if (findings.length) {
  for (const f of findings) console.error(`${f.file}:${f.line}: ${f.kind}`);
  console.error(`${findings.length} possible secret(s) in tracked files: remove them (and rotate them if they were real).`);
  process.exit(1);
}
console.log(`no secrets in ${tracked.length} tracked files`);
