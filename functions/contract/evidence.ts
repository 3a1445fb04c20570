/**
 * Evidence imports through the API (issue 20, docs/evidence.md): an inventory file read as it
 * arrives, its facts measured over the agent identities it lists, and the answers they
 * propose. Only the import record is kept: facts, counts, proposals and the file's SHA-256,
 * never an identity, a name or a row.
 */
import { z } from 'zod';
import { ActorSchema } from './identity';

export const EVIDENCE_FORMATS = ['aws-credential-report', 'aws-authorization-details', 'entra', 'aim-template'] as const;
export const EvidenceFormat = z.enum(EVIDENCE_FORMATS).meta({ id: 'EvidenceFormat' });
export type EvidenceFormat = z.infer<typeof EvidenceFormat>;

export const EVIDENCE_FACT_IDS = [
  'dedicated-identity',
  'named-owner',
  'static-credentials',
  'static-credential-over-90-days',
  'credential-age-max',
  'credential-age-p90',
  'unused-90-days',
  'shared-identity',
  'shared-across-agents',
  'personal-account',
  'shared-across-environments',
  'wildcard-or-admin',
  'credential-without-expiry',
  'credential-lifetime-max',
  'acts-for-users',
  'automation-on-human-accounts',
] as const;

export const EvidenceFactSchema = z
  .object({
    id: z.enum(EVIDENCE_FACT_IDS),
    unit: z.enum(['ratio', 'days']),
    numerator: z.number().int().min(0).describe('for a ratio, the identities that have the property; for days, those at or above the value'),
    denominator: z.number().int().min(0).describe('the identities the fact is measured over (those whose source can tell)'),
    value: z.number().nullable().describe('numerator / denominator, or days; null when the denominator is 0 (the file cannot say)'),
    description: z.string(),
  })
  .meta({ id: 'EvidenceFact' });

export const EvidenceProposalSchema = z
  .object({
    questionId: z.string(),
    value: z.string().describe('the proposed option'),
    consistent: z.array(z.string()).describe('the options the facts leave open; an answer outside them contradicts the import'),
    evidence: z.string().describe('the sentence behind the proposal, naming the file, the import date and the short SHA-256'),
    facts: z.array(z.enum(EVIDENCE_FACT_IDS)),
  })
  .meta({ id: 'EvidenceProposal' });

const count = z.number().int().min(0);

export const EvidenceImportSchema = z
  .object({
    id: z.string(),
    assessmentId: z.string(),
    format: EvidenceFormat,
    fileName: z.string(),
    sha256: z.string().describe('SHA-256 (hex) of the bytes received'),
    bytes: count.describe('the size of the file received'),
    importedAt: z.string(),
    importedBy: ActorSchema,
    identities: z
      .object({ agent: count, human: count, workload: count, unknown: count })
      .describe('how many identities of each kind the file listed (the identities themselves are never kept)'),
    facts: z.array(EvidenceFactSchema),
    proposals: z.array(EvidenceProposalSchema),
  })
  .meta({ id: 'EvidenceImport' });
export type EvidenceImport = z.infer<typeof EvidenceImportSchema>;

export const EvidenceImportListSchema = z.object({ imports: z.array(EvidenceImportSchema).describe('newest first') }).meta({ id: 'EvidenceImportList' });
