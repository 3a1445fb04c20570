/**
 * The AWS IAM credential report (`aws iam generate-credential-report`, then
 * `get-credential-report`): one CSV row per IAM user plus `<root_account>`, with the columns
 * AWS documents (IAM User Guide, "Getting credential reports"). Dates are ISO 8601; a missing
 * value is `N/A`; `no_information` means AWS has no record (a password not used since October
 * 2014, when tracking began); `not_supported` appears on the root account's password fields.
 */
import { type CsvFormat, type CsvRow, parseInstant } from './csv-rows';
import type { ImportProblem, InventoryCredential, InventoryIdentity } from './inventory';

const KEY_COLUMNS = (n: 1 | 2) =>
  [
    `access_key_${n}_active`,
    `access_key_${n}_last_rotated`,
    `access_key_${n}_last_used_date`,
    `access_key_${n}_last_used_region`,
    `access_key_${n}_last_used_service`,
  ] as const;

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  ...KEY_COLUMNS(1),
  ...KEY_COLUMNS(2),
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/**
 * A console password used more than this long before the latest access-key use counts as not
 * used by the person any more (see `automationOnHumanAccount` below).
 */
export const PASSWORD_IDLE_DAYS = 90;
const DAY_MS = 86_400_000;

const ROOT_USER = '<root_account>';

/** Reads one column's value with the report's vocabulary, collecting problems. */
class Cells {
  readonly problems: ImportProblem[] = [];
  constructor(private readonly row: CsvRow) {}

  text(column: string): string {
    return this.row.get(column);
  }

  /** `true`/`false`; `not_supported` (the root account) when allowed, read as null. */
  flag(column: string, notSupported = false): boolean | null {
    const v = this.row.get(column).toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
    if (notSupported && v === 'not_supported') return null;
    this.problems.push({ at: { row: this.row.row, column }, message: `is not true or false` });
    return null;
  }

  /** An ISO 8601 instant, or null for `N/A`, `no_information`, `not_supported` (and an empty cell). */
  instant(column: string): string | null {
    const v = this.row.get(column);
    if (v === '' || v === 'N/A' || v === 'no_information' || v === 'not_supported') return null;
    const at = parseInstant(v);
    if (!at) this.problems.push({ at: { row: this.row.row, column }, message: 'is not an ISO 8601 date and time, N/A or no_information' });
    return at;
  }
}

function accessKey(cells: Cells, n: 1 | 2): InventoryCredential | null {
  const active = cells.flag(`access_key_${n}_active`);
  const rotated = cells.instant(`access_key_${n}_last_rotated`);
  const used = cells.instant(`access_key_${n}_last_used_date`);
  // A key exists when it is active or AWS dates its creation; N/A everywhere means no key.
  if (!active && !rotated) return null;
  return {
    kind: 'access-key',
    static: true,
    active: active === true,
    createdAt: rotated,
    lastRotatedAt: rotated,
    lastUsedAt: used,
    expiresAt: null,
    noExpiry: true,
  };
}

function certificate(cells: Cells, n: 1 | 2): InventoryCredential | null {
  const active = cells.flag(`cert_${n}_active`);
  const rotated = cells.instant(`cert_${n}_last_rotated`);
  if (!active && !rotated) return null;
  // The report gives no certificate expiry (the certificate itself holds it).
  return { kind: 'certificate', static: true, active: active === true, createdAt: rotated, lastRotatedAt: rotated, lastUsedAt: null, expiresAt: null };
}

/**
 * A person's account used by automation: the account has a console password (what makes an
 * IAM user a person's), an access key has been used, and the password has either never been
 * used or was last used more than PASSWORD_IDLE_DAYS before the latest key use. A person who
 * works in the console and now and then from the CLI is not flagged; keys that work daily
 * while nobody signs in are. Decided from the row alone: no clock.
 */
export function automationOnHumanAccount(passwordEnabled: boolean, passwordLastUsed: string | null, keys: InventoryCredential[]): boolean {
  if (!passwordEnabled) return false;
  const keyUses = keys.map((k) => k.lastUsedAt).filter((at): at is string => at !== null);
  if (!keyUses.length) return false;
  if (passwordLastUsed === null) return true;
  const latestKeyUse = Math.max(...keyUses.map((at) => Date.parse(at)));
  return latestKeyUse - Date.parse(passwordLastUsed) > PASSWORD_IDLE_DAYS * DAY_MS;
}

export function readCredentialReportRow(row: CsvRow): InventoryIdentity | ImportProblem[] {
  const cells = new Cells(row);
  const user = cells.text('user');
  const arn = cells.text('arn');
  const root = user === ROOT_USER;
  if (!user) cells.problems.push({ at: { row: row.row, column: 'user' }, message: 'is empty' });
  if (!/^arn:aws[a-z-]*:iam::\d{12}:(?:root|user\/.+)$/.test(arn))
    cells.problems.push({ at: { row: row.row, column: 'arn' }, message: 'is not an IAM user ARN' });
  const createdAt = cells.instant('user_creation_time');
  // The root account always has a password; the report says not_supported.
  const passwordEnabled = cells.flag('password_enabled', root) ?? root;
  const passwordLastUsed = cells.instant('password_last_used');
  const passwordChanged = cells.instant('password_last_changed');
  const passwordNextRotation = cells.instant('password_next_rotation');
  cells.flag('mfa_active');
  const keys = [accessKey(cells, 1), accessKey(cells, 2)].filter((c): c is InventoryCredential => c !== null);
  const certs = [certificate(cells, 1), certificate(cells, 2)].filter((c): c is InventoryCredential => c !== null);
  if (cells.problems.length) return cells.problems;

  const credentials: InventoryCredential[] = [];
  if (passwordEnabled) {
    credentials.push({
      kind: 'password',
      static: true,
      active: true,
      createdAt: null,
      lastRotatedAt: passwordChanged,
      lastUsedAt: passwordLastUsed,
      expiresAt: passwordNextRotation,
      noExpiry: passwordNextRotation === null,
    });
  }
  credentials.push(...keys, ...certs);
  return {
    source: 'aws-credential-report',
    key: arn,
    name: user,
    declaredKind: 'unknown',
    tags: {},
    owner: null,
    use: null,
    credentials,
    lastUsedAt: passwordLastUsed,
    environments: [],
    wildcard: null,
    admin: null,
    automationOnHumanAccount: automationOnHumanAccount(passwordEnabled, passwordLastUsed, keys),
    createdAt,
  };
}

export const CREDENTIAL_REPORT_FORMAT: CsvFormat = {
  name: 'AWS IAM credential report',
  columns: CREDENTIAL_REPORT_COLUMNS,
  read: readCredentialReportRow,
};

/** Whether an identity is the account's root user (the report's `<root_account>` row). */
export const isRootAccount = (identity: InventoryIdentity) => identity.source === 'aws-credential-report' && /:root$/.test(identity.key);
