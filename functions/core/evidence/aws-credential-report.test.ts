import { describe, expect, it } from 'vitest';
import { automationOnHumanAccount, CREDENTIAL_REPORT_COLUMNS, CREDENTIAL_REPORT_FORMAT } from './aws-credential-report';
import { CsvRowReader, EvidenceImportError } from './csv-rows';
import type { InventoryCredential, InventoryIdentity } from './inventory';

type Column = (typeof CREDENTIAL_REPORT_COLUMNS)[number];

/** A user with nothing but its name; `values` sets the columns a test cares about. */
function row(user: string, values: Partial<Record<Column, string>> = {}): string[] {
  const base: Record<string, string> = Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((c) => [c, 'N/A']));
  Object.assign(base, {
    user,
    arn: `arn:aws:iam::111122223333:user/${user}`,
    user_creation_time: '2024-01-01T00:00:00+00:00',
    password_enabled: 'false',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_2_active: 'false',
    cert_1_active: 'false',
    cert_2_active: 'false',
    ...values,
  });
  return CREDENTIAL_REPORT_COLUMNS.map((c) => base[c] as string);
}

function read(...rows: string[][]): InventoryIdentity[] {
  const reader = new CsvRowReader(CREDENTIAL_REPORT_FORMAT);
  const out: InventoryIdentity[] = [];
  for (const record of [[...CREDENTIAL_REPORT_COLUMNS], ...rows]) {
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

describe('AWS IAM credential report', () => {
  it('reads a user with a console password and two access keys', () => {
    const [user] = read(
      row('ana', {
        password_enabled: 'true',
        password_last_used: '2026-05-01T10:00:00+00:00',
        password_last_changed: '2025-01-01T00:00:00+00:00',
        mfa_active: 'true',
        access_key_1_active: 'true',
        access_key_1_last_rotated: '2025-03-01T00:00:00+00:00',
        access_key_1_last_used_date: '2026-05-02T00:00:00+00:00',
        access_key_1_last_used_region: 'eu-west-1',
        access_key_1_last_used_service: 's3',
        access_key_2_active: 'false',
        access_key_2_last_rotated: '2024-02-01T00:00:00+00:00',
      }),
    );
    expect(user).toMatchObject({
      source: 'aws-credential-report',
      key: 'arn:aws:iam::111122223333:user/ana',
      name: 'ana',
      declaredKind: 'unknown',
      owner: null,
      lastUsedAt: '2026-05-01T10:00:00.000Z',
      createdAt: '2024-01-01T00:00:00.000Z',
      wildcard: null,
      admin: null,
      automationOnHumanAccount: false,
    });
    expect(user?.credentials.map((c) => [c.kind, c.active, c.lastRotatedAt, c.lastUsedAt])).toEqual([
      ['password', true, '2025-01-01T00:00:00.000Z', '2026-05-01T10:00:00.000Z'],
      ['access-key', true, '2025-03-01T00:00:00.000Z', '2026-05-02T00:00:00.000Z'],
      ['access-key', false, '2024-02-01T00:00:00.000Z', null],
    ]);
    expect(user?.credentials[1]).toMatchObject({ static: true, noExpiry: true, expiresAt: null });
  });

  it('reads the root account, whose password fields say not_supported', () => {
    const [root] = read(
      row('<root_account>', {
        arn: 'arn:aws:iam::111122223333:root',
        password_enabled: 'not_supported',
        password_last_used: 'no_information',
        password_last_changed: 'not_supported',
        password_next_rotation: 'not_supported',
      }),
    );
    expect(root?.key).toBe('arn:aws:iam::111122223333:root');
    expect(root?.credentials.map((c) => c.kind)).toEqual(['password']);
  });

  it('lists only the keys and certificates that exist', () => {
    const [user] = read(row('svc', { cert_1_active: 'true', cert_1_last_rotated: '2025-01-01T00:00:00+00:00' }));
    expect(user?.credentials.map((c) => c.kind)).toEqual(['certificate']);
  });

  it('names the column of each bad value, and never accepts not_supported outside the root account', () => {
    expect(
      problems(
        row('a', { user_creation_time: '2024-01-01' }),
        row('b', { mfa_active: 'yes' }),
        row('c', { password_enabled: 'not_supported' }),
        row('d', { arn: 'arn:aws:iam::111122223333:role/d' }),
        row('', {}),
      ),
    ).toEqual([
      { at: { row: 2, column: 'user_creation_time' }, message: 'is not an ISO 8601 date and time, N/A or no_information' },
      { at: { row: 3, column: 'mfa_active' }, message: 'is not true or false' },
      { at: { row: 4, column: 'password_enabled' }, message: 'is not true or false' },
      { at: { row: 5, column: 'arn' }, message: 'is not an IAM user ARN' },
      { at: { row: 6, column: 'user' }, message: 'is empty' },
      { at: { row: 6, column: 'arn' }, message: 'is not an IAM user ARN' },
    ]);
  });

  it('names every missing column', () => {
    const reader = new CsvRowReader(CREDENTIAL_REPORT_FORMAT);
    const header = CREDENTIAL_REPORT_COLUMNS.filter((c) => c !== 'mfa_active' && c !== 'cert_2_last_rotated');
    expect(() => reader.push(header)).toThrow(/lacks the columns mfa_active, cert_2_last_rotated/);
  });
});

describe('a person’s account used by automation', () => {
  const key = (lastUsedAt: string | null): InventoryCredential => ({
    kind: 'access-key',
    static: true,
    active: true,
    createdAt: null,
    lastRotatedAt: null,
    lastUsedAt,
    expiresAt: null,
  });

  it('is a password that was never used beside a key that was', () => {
    expect(automationOnHumanAccount(true, null, [key('2026-01-01T00:00:00.000Z')])).toBe(true);
    expect(automationOnHumanAccount(true, null, [key(null)])).toBe(false);
    expect(automationOnHumanAccount(false, null, [key('2026-01-01T00:00:00.000Z')])).toBe(false);
  });

  it('or a password idle for more than 90 days before the key’s latest use', () => {
    expect(automationOnHumanAccount(true, '2025-09-01T00:00:00.000Z', [key('2026-01-01T00:00:00.000Z')])).toBe(true);
    expect(automationOnHumanAccount(true, '2025-12-01T00:00:00.000Z', [key('2026-01-01T00:00:00.000Z')])).toBe(false);
  });

  it('is flagged on the row that shows it', () => {
    const [user] = read(
      row('bob', {
        password_enabled: 'true',
        password_last_used: 'N/A',
        access_key_1_active: 'true',
        access_key_1_last_rotated: '2025-03-01T00:00:00+00:00',
        access_key_1_last_used_date: '2026-05-02T00:00:00+00:00',
      }),
    );
    expect(user?.automationOnHumanAccount).toBe(true);
  });
});
