/** An organisation as the API shows it, and the dimensions its cohorts are cut by. */
import { z } from 'zod';
import { DisplayName } from '../core/display-text';
import { Industry, Region, SizeBand } from '../core/taxonomy';
import { VerificationDecision, VerificationStatus } from '../core/verification/verification';

export const OrganisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    industry: z.string(),
    sizeBand: z.string(),
    region: z.string(),
    createdAt: z.string(),
    contributesToBenchmarks: z.boolean().describe('whether its submissions count in peer benchmarks (owners control it)'),
    synthetic: z.boolean().describe('demo data, never mixed with real data unless asked'),
    verification: VerificationStatus.describe('unverified until a platform admin approves it; only verified organisations count in benchmarks'),
    verificationDecidedAt: z
      .string()
      .optional()
      .describe("when an admin last decided on the organisation's verification; absent while it waits for the first time"),
  })
  .meta({ id: 'Organisation' });

export const TaxonomySchema = z.object({ industry: z.array(z.string()), sizeBand: z.array(z.string()), region: z.array(z.string()) }).meta({ id: 'Taxonomy' });

/** One organisation in the admins' verification queue (docs/benchmarks.md, "Verification"). */
export const VerificationQueueEntrySchema = OrganisationSchema.pick({
  id: true,
  name: true,
  industry: true,
  sizeBand: true,
  region: true,
  synthetic: true,
  verification: true,
  verificationDecidedAt: true,
})
  .extend({
    createdAt: z.string().describe('registration time; the queue is sorted by it, oldest first'),
    submissions: z.number().int().describe('submitted assessments the organisation holds'),
  })
  .meta({ id: 'VerificationQueueEntry' });

export type Organisation = z.infer<typeof OrganisationSchema>;
export type Taxonomy = z.infer<typeof TaxonomySchema>;
export type VerificationQueueEntry = z.infer<typeof VerificationQueueEntrySchema>;

export const RegisterOrganisationRequest = z.strictObject({
  name: DisplayName(200),
  industry: Industry,
  sizeBand: SizeBand,
  region: Region,
});

export type RegisterOrganisationRequest = z.infer<typeof RegisterOrganisationRequest>;

/**
 * `confirm` is compared, not stored or shown, so it is not refused for characters that names
 * may not contain: it must still match a name stored before those rules. Both sides are
 * compared neutralised (NFC, trimmed, without control, bidirectional or invisible
 * characters), so the name as it reads confirms the deletion.
 */
export const DeleteOrganisationRequest = z.strictObject({
  confirm: z.string().min(1).max(200).describe("the organisation's exact name, to confirm"),
});

/** The position after the last entry of a page: `<registration time>#<organisation id>`. */
const QueueCursor = z
  .string()
  .max(200)
  .regex(/^[0-9A-Za-z:.+-]+#[0-9A-Za-z-]+$/, 'a cursor from the previous page');

export const VerificationQueueQuery = z.strictObject({
  status: VerificationStatus.default('unverified').describe('which queue (default unverified)'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('page size, at most 100'),
  cursor: QueueCursor.optional().describe('`next` of the previous page'),
});

export const VerificationRequest = z.strictObject({
  decision: VerificationDecision.describe('verified (approve), rejected (turn down) or unverified (back to the queue)'),
});

export const OrganisationIdParam = z.object({ id: z.string().min(1).max(80) });
