import { describe, expect, it } from 'vitest';
import { emptyTemplate, TEMPLATE_COLUMNS, TEMPLATE_FORMAT } from './aim-template';
import { CsvRowReader, EvidenceImportError } from './csv-rows';
import type { InventoryIdentity } from './inventory';

type Column = (typeof TEMPLATE_COLUMNS)[number];

const BASE: Record<Column, string> = {
  agent: 'billing-agent',
  owner: 'ana@example.com',
  purpose: 'Bills',
  identity: 'arn:aws:iam::111122223333:role/billing-agent',
  identity_type: 'dedicated',
  credential_type: 'static-key',
  max_lifetime_days: '90',
  last_rotated: '2026-03-01',
  environments: 'Prod; staging;prod',
  data_sensitivity: 'confidential',
  acts_for_users: 'no',
  approvals_required: 'yes',
};
const row = (values: Partial<Record<Column, string>> = {}) => TEMPLATE_COLUMNS.map((c) => ({ ...BASE, ...values })[c]);

function read(...rows: string[][]): InventoryIdentity[] {
  const reader = new CsvRowReader(TEMPLATE_FORMAT);
  const out: InventoryIdentity[] = [];
  for (const record of [[...TEMPLATE_COLUMNS], ...rows]) {
    const identity = reader.push(record);
    if (identity) out.push(identity);
  }
  reader.end();
  return out;
}

function problems(...rows: string[][]) {
  try {
    read(...rows);
  } catch (error) {
    if (error instanceof EvidenceImportError) return error.problems;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('AIM agent inventory template', () => {
  it('reads a row as a declared agent with its identity, credential and declaration', () => {
    const [agent] = read(row());
    expect(agent).toMatchObject({
      source: 'aim-template',
      key: 'arn:aws:iam::111122223333:role/billing-agent',
      declaredKind: 'agent',
      owner: 'ana@example.com',
      use: 'dedicated',
      environments: ['prod', 'staging'],
      automationOnHumanAccount: false,
      declaration: { agent: 'billing-agent', purpose: 'Bills', dataSensitivity: 'confidential', actsForUsers: false, approvalsRequired: true },
    });
    expect(agent?.credentials).toEqual([
      {
        kind: 'access-key',
        static: true,
        active: true,
        createdAt: null,
        lastRotatedAt: '2026-03-01T00:00:00.000Z',
        lastUsedAt: null,
        expiresAt: null,
        noExpiry: false,
        maxLifetimeDays: 90,
      },
    ]);
  });

  it('reads lifetimes in days, hours or never, and leaves optional cells empty', () => {
    const [a, b, c] = read(
      row({ credential_type: 'federated', max_lifetime_days: '1h', last_rotated: '' }),
      row({ max_lifetime_days: 'never', owner: '', data_sensitivity: '', acts_for_users: '', environments: '' }),
      row({ identity_type: 'personal', max_lifetime_days: '' }),
    );
    expect(a?.credentials[0]).toMatchObject({ kind: 'federated', static: false, maxLifetimeDays: 1 / 24, lastRotatedAt: null });
    expect(b?.credentials[0]).toMatchObject({ noExpiry: true, maxLifetimeDays: null });
    expect(b).toMatchObject({ owner: null, environments: [], declaration: { dataSensitivity: null, actsForUsers: null } });
    expect(c).toMatchObject({ use: 'personal', automationOnHumanAccount: true });
  });

  it('names the column of each bad value', () => {
    expect(
      problems(
        row({ identity_type: 'borrowed', credential_type: '' }),
        row({ max_lifetime_days: '-3', last_rotated: '2026-02-30' }),
        row({ data_sensitivity: 'secret', acts_for_users: 'maybe', agent: '' }),
      ),
    ).toEqual([
      { at: { row: 2, column: 'identity_type' }, message: 'is not one of dedicated, shared, personal' },
      { at: { row: 2, column: 'credential_type' }, message: 'is empty; write one of static-key, client-secret, certificate, password, federated' },
      { at: { row: 3, column: 'max_lifetime_days' }, message: 'is not a number of days above 0 and up to 3650 (decimals allowed, or hours as 12h), or never' },
      { at: { row: 3, column: 'last_rotated' }, message: 'is not a date written YYYY-MM-DD' },
      { at: { row: 4, column: 'agent' }, message: 'is empty' },
      { at: { row: 4, column: 'data_sensitivity' }, message: 'is not one of public, internal, confidential, restricted' },
      { at: { row: 4, column: 'acts_for_users' }, message: 'is not yes or no' },
    ]);
  });

  it('offers an empty template whose example row imports', () => {
    const lines = emptyTemplate().trimEnd().split('\r\n');
    expect(lines[0]).toBe(TEMPLATE_COLUMNS.join(','));
    expect(lines).toHaveLength(2);
    const [example] = read((lines[1] as string).split(','));
    expect(example?.declaration?.agent).toBe('invoice-triage-agent');
  });
});
