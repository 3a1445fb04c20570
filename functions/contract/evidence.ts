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

const FactReading = z.object({ numerator: count, denominator: count, value: z.number().nullable() });

export const ImportChangesSchema = z
  .object({
    importId: z.string().describe('the earlier import compared with: the latest one of the same format for the same scope'),
    assessmentId: z.string(),
    fileName: z.string(),
    importedAt: z.string(),
    sameFile: z.boolean().describe('whether the two files had the same SHA-256'),
    identities: z
      .array(z.object({ kind: z.enum(['agent', 'human', 'workload', 'unknown']), before: count, after: count }))
      .describe('the identity counts that changed'),
    facts: z
      .array(z.object({ id: z.enum(EVIDENCE_FACT_IDS), unit: z.enum(['ratio', 'days']), before: FactReading.nullable(), after: FactReading.nullable() }))
      .describe('the facts whose numerator, denominator or value changed'),
    proposals: z
      .array(z.object({ questionId: z.string(), before: z.string().nullable(), after: z.string().nullable() }))
      .describe('the questions whose proposed option changed (null: no proposal on that side)'),
  })
  .meta({ id: 'EvidenceImportChanges' });
export type ImportChanges = z.infer<typeof ImportChangesSchema>;

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
    scopeId: z.string().optional().describe("the assessment's scope (absent for the whole organisation): re-imports are compared within one scope"),
    rulesRevision: count
      .optional()
      .describe(
        "the revision of the organisation's classification rules the identities were classified with (0: none set yet); absent on imports made before the rules were stored",
      ),
    sinceLastImport: ImportChangesSchema.nullable()
      .optional()
      .describe('what changed since the latest earlier import of the same format for the same scope; null for the first one'),
  })
  .meta({ id: 'EvidenceImport' });
export type EvidenceImport = z.infer<typeof EvidenceImportSchema>;

/** The most identities a preview lists (functions/core/evidence/classification-review.ts, MAX_REVIEW_IDENTITIES). */
export const MAX_PREVIEW_IDENTITIES = 2000;

export const EvidencePreviewIdentitySchema = z
  .object({
    key: z.string().describe("the identity's key, as a correction names it (an IAM user's or role's ARN, an Entra object id, the template's identity)"),
    name: z.string().describe('its name in the file'),
    detail: z.string().describe('a short description for the reviewer (type, credentials, owner, tags, rights), at most 200 characters'),
    kind: z.enum(['agent', 'human', 'workload', 'unknown']).describe("the kind the organisation's current rules give it"),
    reason: z.string().describe('why: the rule that decided the kind (a correction, the template, a tag, a naming rule or a default)'),
    rows: count.describe("how many of the file's entries name it: more than 1 only when several template rows (agents) share the identity"),
  })
  .meta({ id: 'EvidencePreviewIdentity' });

export const EvidencePreviewSchema = z
  .object({
    format: EvidenceFormat,
    fileName: z.string(),
    sha256: z.string().describe('SHA-256 (hex) of the bytes received: the same file imported later has the same one'),
    bytes: count,
    rulesRevision: count.describe("the revision of the organisation's classification rules the identities were classified with (0: none set yet)"),
    counts: z
      .object({ agent: count, human: count, workload: count, unknown: count })
      .describe("the identities of each kind in the whole file, as an import would count them now (the import record's `identities`)"),
    total: count.describe('the distinct identities in the file'),
    truncated: z.boolean().describe('true when the file has more distinct identities than are listed (at most 2,000)'),
    identities: z
      .array(EvidencePreviewIdentitySchema)
      .max(MAX_PREVIEW_IDENTITIES)
      .describe('at most 2,000 distinct identities: agents and unclassified ones first, then people and other workloads, each group in file order'),
  })
  .meta({ id: 'EvidencePreview' });
export type EvidencePreview = z.infer<typeof EvidencePreviewSchema>;

export const EvidenceImportListSchema = z.object({ imports: z.array(EvidenceImportSchema).describe('newest first') }).meta({ id: 'EvidenceImportList' });

export const IDENTITY_KINDS = ['agent', 'human', 'workload'] as const;
/** The most corrections an organisation keeps, and the longest identity key one names. */
export const MAX_CORRECTIONS = 1000;
export const MAX_CORRECTION_IDENTITY_LENGTH = 512;
export const DEFAULT_CLASSIFICATION_TAG_KEY = 'aim:kind';

const ClassifiedKind = z.enum(IDENTITY_KINDS).describe('agent, human or workload');
const noControlCharacters = (text: string) => ![...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

export const NamingRuleSchema = z
  .object({
    pattern: z
      .string()
      .describe(
        'a glob matched case-insensitively against the whole name or key of an identity: `*` any run of characters, `?` one; not empty, at most 200 characters',
      ),
    kind: ClassifiedKind,
  })
  .meta({ id: 'ClassificationNamingRule' });

export const ClassificationCorrectionSchema = z
  .object({
    identity: z
      .string()
      .min(1)
      .max(MAX_CORRECTION_IDENTITY_LENGTH)
      .refine(noControlCharacters, { message: 'an identity key without control characters' })
      .describe("the identity's key as the import reads it (an AWS user's or role's ARN, an Entra object id, the template's agent id)"),
    kind: ClassifiedKind,
  })
  .meta({ id: 'ClassificationCorrection' });

const TagKey = z
  .string()
  .min(1)
  .max(128)
  .refine(noControlCharacters, { message: 'a tag key without control characters' })
  .describe("the tag whose value (agent, human or workload) declares an identity's kind, compared case-insensitively");

const Corrections = z
  .array(ClassificationCorrectionSchema)
  .max(MAX_CORRECTIONS)
  .superRefine((corrections, ctx) => {
    const seen = new Set<string>();
    corrections.forEach((correction, i) => {
      if (seen.has(correction.identity))
        ctx.addIssue({ code: 'custom', path: [i, 'identity'], message: 'this identity is corrected twice; keep one correction per identity' });
      seen.add(correction.identity);
    });
  });

export const ClassificationRulesSchema = z
  .object({
    revision: count.describe('1 for the first rules set, one more with every change; 0 when the organisation never set any'),
    tagKey: TagKey,
    namingRules: z.array(NamingRuleSchema).describe('in their order: the first whose pattern matches decides'),
    corrections: z
      .array(ClassificationCorrectionSchema)
      .describe("the organisation's corrections from its review: they override the file, tags and naming rules"),
    updatedAt: z.string().optional().describe('when this revision was set (ISO 8601); absent when none was set'),
    updatedBy: ActorSchema.optional().describe('who set this revision; absent when none was set'),
  })
  .meta({ id: 'ClassificationRules' });
export type ClassificationRulesRecord = z.infer<typeof ClassificationRulesSchema>;

export const SetClassificationRulesRequest = z
  .strictObject({
    revision: count.describe('the revision the caller last saw: 0 when none is set yet; another change since answers 409 `revision_conflict`'),
    tagKey: TagKey.optional().describe('the tag that declares a kind; `aim:kind` when left out'),
    namingRules: z.array(NamingRuleSchema).describe('at most 100 rules, in the order they are tried; each pattern not empty and at most 200 characters'),
    corrections: Corrections.describe('at most 1,000 corrections, one per identity key (1 to 512 characters)'),
  })
  .meta({ id: 'SetClassificationRulesRequest' });
export type SetClassificationRulesRequest = z.infer<typeof SetClassificationRulesRequest>;
