/**
 * How long audit records are kept (docs/security.md, "Retention"): a defined period, at
 * least a year, so that an investigation can look back over twelve months of history (the
 * span common audit-log obligations ask for, e.g. PCI DSS v4.0 requirement 10.5.1) with
 * room to spare; 400 days by default, the same as the ledger's Object Lock retention.
 */
export const AUDIT_RETENTION_DAYS = { min: 365, default: 400 } as const;

const SECONDS_PER_DAY = 86_400;

/** When a record written at `at` may go: epoch seconds, the table's TTL attribute (`expiresAt`). */
export const auditExpiresAt = (at: string, retentionDays: number): number => Math.floor(Date.parse(at) / 1000) + retentionDays * SECONDS_PER_DAY;
