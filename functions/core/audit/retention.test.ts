/** The audit records' retention: when a record may go, and a period of at least a year in the configuration. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { AUDIT_RETENTION_DAYS, auditExpiresAt } from './retention';

describe('audit retention', () => {
  it('ends the configured number of days after the record, in epoch seconds (the TTL attribute)', () => {
    expect(auditExpiresAt('2026-01-01T00:00:00.500Z', 400)).toBe(Date.parse('2027-02-05T00:00:00Z') / 1000);
  });

  it('is 400 days unless configured, and refuses less than a year', () => {
    expect(loadConfig({}).AIM_AUDIT_RETENTION_DAYS).toBe(AUDIT_RETENTION_DAYS.default);
    expect(loadConfig({ AIM_AUDIT_RETENTION_DAYS: '730' }).AIM_AUDIT_RETENTION_DAYS).toBe(730);
    expect(() => loadConfig({ AIM_AUDIT_RETENTION_DAYS: '364' })).toThrow(/AIM_AUDIT_RETENTION_DAYS/);
    expect(() => loadConfig({ AIM_AUDIT_RETENTION_DAYS: 'a year' })).toThrow(/AIM_AUDIT_RETENTION_DAYS/);
  });
});
