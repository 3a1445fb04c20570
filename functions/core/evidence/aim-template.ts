/**
 * AIM's agent inventory template (docs/evidence.md): one CSV row per agent, for the agents no
 * cloud inventory lists, or to say what one cannot (owner, purpose, how the identity is held).
 * Every row is an agent: the template declares it.
 */
import { type CsvFormat, type CsvRow, parseDate } from './csv-rows';
import type { CredentialKind, DataSensitivity, IdentityUse, ImportProblem, InventoryIdentity } from './inventory';

export const TEMPLATE_COLUMNS = [
  'agent',
  'owner',
  'purpose',
  'identity',
  'identity_type',
  'credential_type',
  'max_lifetime_days',
  'last_rotated',
  'environments',
  'data_sensitivity',
  'acts_for_users',
  'approvals_required',
] as const;

export const IDENTITY_TYPES = ['dedicated', 'shared', 'personal'] as const satisfies readonly IdentityUse[];

/** The template's credential types and what each is: static until rotated, or issued per use. */
export const TEMPLATE_CREDENTIAL_TYPES: Record<string, { kind: CredentialKind; static: boolean }> = {
  'static-key': { kind: 'access-key', static: true },
  'client-secret': { kind: 'client-secret', static: true },
  certificate: { kind: 'certificate', static: true },
  password: { kind: 'password', static: true },
  federated: { kind: 'federated', static: false },
};

export const DATA_SENSITIVITIES = ['public', 'internal', 'confidential', 'restricted'] as const satisfies readonly DataSensitivity[];

/** The longest max_lifetime_days accepted (ten years): beyond that, write `never`. */
const MAX_LIFETIME_DAYS = 3650;

export const TEMPLATE_EXAMPLE: Record<(typeof TEMPLATE_COLUMNS)[number], string> = {
  agent: 'invoice-triage-agent',
  owner: 'jane.doe@example.com',
  purpose: 'Sorts incoming supplier invoices and drafts payment runs',
  identity: 'arn:aws:iam::123456789012:role/invoice-triage-agent',
  identity_type: 'dedicated',
  credential_type: 'federated',
  max_lifetime_days: '0.0417',
  last_rotated: '',
  environments: 'prod',
  data_sensitivity: 'confidential',
  acts_for_users: 'no',
  approvals_required: 'yes',
};

const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The template to download: the header and one example row, CRLF line ends as spreadsheets write them. */
export function emptyTemplate(): string {
  return `${TEMPLATE_COLUMNS.join(',')}\r\n${TEMPLATE_COLUMNS.map((c) => quote(TEMPLATE_EXAMPLE[c])).join(',')}\r\n`;
}

function yesNo(row: CsvRow, column: string, problems: ImportProblem[]): boolean | null {
  const v = row.get(column).toLowerCase();
  if (v === '') return null;
  if (v === 'yes') return true;
  if (v === 'no') return false;
  problems.push({ at: { row: row.row, column }, message: 'is not yes or no' });
  return null;
}

function oneOf<T extends string>(row: CsvRow, column: string, allowed: readonly T[], problems: ImportProblem[], required: boolean): T | null {
  const v = row.get(column).toLowerCase();
  if (v === '' && !required) return null;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  problems.push({ at: { row: row.row, column }, message: v === '' ? `is empty; write one of ${allowed.join(', ')}` : `is not one of ${allowed.join(', ')}` });
  return null;
}

/** Days as a decimal (`0.0417` is an hour), hours with `h` (`1h`), or `never`; empty when unknown. */
function lifetime(row: CsvRow, problems: ImportProblem[]): number | 'never' | null {
  const v = row.get('max_lifetime_days').toLowerCase();
  if (v === '') return null;
  if (v === 'never') return 'never';
  const m = /^(\d{1,5}(?:\.\d{1,6})?)(h?)$/.exec(v);
  const days = m ? Number(m[1]) / (m[2] ? 24 : 1) : Number.NaN;
  if (!(days > 0 && days <= MAX_LIFETIME_DAYS)) {
    problems.push({
      at: { row: row.row, column: 'max_lifetime_days' },
      message: `is not a number of days above 0 and up to ${MAX_LIFETIME_DAYS} (decimals allowed, or hours as 12h), or never`,
    });
    return null;
  }
  return days;
}

export function readTemplateRow(row: CsvRow): InventoryIdentity | ImportProblem[] {
  const problems: ImportProblem[] = [];
  const required = (column: string) => {
    const v = row.get(column);
    if (!v) problems.push({ at: { row: row.row, column }, message: 'is empty' });
    return v;
  };
  const agent = required('agent');
  const identity = required('identity');
  const use = oneOf(row, 'identity_type', IDENTITY_TYPES, problems, true);
  const credentialType = oneOf(row, 'credential_type', Object.keys(TEMPLATE_CREDENTIAL_TYPES), problems, true);
  const maxLifetime = lifetime(row, problems);
  const lastRotatedText = row.get('last_rotated');
  const lastRotated = lastRotatedText ? parseDate(lastRotatedText) : null;
  if (lastRotatedText && !lastRotated) problems.push({ at: { row: row.row, column: 'last_rotated' }, message: 'is not a date written YYYY-MM-DD' });
  const environments = row
    .get('environments')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const dataSensitivity = oneOf(row, 'data_sensitivity', DATA_SENSITIVITIES, problems, false);
  const actsForUsers = yesNo(row, 'acts_for_users', problems);
  const approvalsRequired = yesNo(row, 'approvals_required', problems);
  if (problems.length || !use || !credentialType) return problems;

  const credential = TEMPLATE_CREDENTIAL_TYPES[credentialType] ?? { kind: 'access-key', static: true };
  const owner = row.get('owner');
  return {
    source: 'aim-template',
    key: identity,
    name: identity,
    declaredKind: 'agent',
    tags: {},
    owner: owner || null,
    use,
    credentials: [
      {
        kind: credential.kind,
        static: credential.static,
        active: true,
        createdAt: null,
        lastRotatedAt: lastRotated,
        lastUsedAt: null,
        expiresAt: null,
        noExpiry: maxLifetime === 'never',
        maxLifetimeDays: typeof maxLifetime === 'number' ? maxLifetime : null,
      },
    ],
    lastUsedAt: null,
    environments: [...new Set(environments)],
    wildcard: null,
    admin: null,
    // The template says so outright: the agent runs on a person's own account.
    automationOnHumanAccount: use === 'personal',
    declaration: { agent, purpose: row.get('purpose') || null, dataSensitivity, actsForUsers, approvalsRequired },
  };
}

export const TEMPLATE_FORMAT: CsvFormat = {
  name: 'AIM agent inventory template',
  columns: TEMPLATE_COLUMNS,
  read: readTemplateRow,
};
