/** The audit ledger's integrity check (GET /v1/audit/integrity; docs/security.md, "The audit ledger"). */
import { z } from 'zod';

const eventIds = (description: string) => z.array(z.string()).describe(description);

export const AuditIntegritySchema = z
  .object({
    verifiedEvents: z.number().int().min(0).describe('events in the table whose digest matches their ledger entry'),
    ledgerSegments: z.number().int().min(0).describe("segments of the organisation's hash chain that were read"),
    chainIntact: z.boolean().describe('every segment read hashes to its own hash and names its predecessor’s, with no hole'),
    chainProblems: z
      .array(
        z.object({
          sequence: z.number().int().min(1),
          problem: z.enum(['unreadable', 'hash_mismatch', 'link_mismatch', 'wrong_position', 'sequence_gap']),
        }),
      )
      .describe('where the chain is broken, and how'),
    altered: eventIds('events whose stored content no longer matches the digest the ledger recorded'),
    missing: eventIds('events in the ledger but no longer in the table, within their retention period'),
    expired: eventIds('events in the ledger removed from the table after their retention period ended (AIM_AUDIT_RETENTION_DAYS): as intended'),
    unledgered: eventIds('events in the table not (yet) in the ledger: normal for the last few seconds'),
    partial: z
      .boolean()
      .describe('true when the check stopped at its limits (segments or events read): only events up to where both reads reached were judged'),
    checkedAt: z.string(),
  })
  .meta({ id: 'AuditIntegrity' });

export type AuditIntegrity = z.infer<typeof AuditIntegritySchema>;
