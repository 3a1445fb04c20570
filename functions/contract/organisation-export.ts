/** Everything an organisation holds in AIM, as its owner takes it away (GET /v1/organisation/export). */
import { z } from 'zod';
import { AssessmentSchema, SubmissionSchema } from './assessment';
import { ClassificationRulesSchema, EvidenceImportSchema } from './evidence';
import { AuditEventSchema, InvitationSchema, TokenSchema } from './identity';
import { OrganisationSchema } from './organisation';
import { MilestoneSchema } from './milestones';
import { PlanItemSchema, PlanSchema } from './plan';
import { ScopeSchema } from './scopes';
import { TargetsSchema } from './targets';

export const OrganisationExportSchema = z
  .object({
    exportedAt: z.string(),
    organisation: OrganisationSchema,
    tokens: z.array(TokenSchema).describe('every token, without secrets (only their hashes are stored, and those are left out too)'),
    invitations: z.array(InvitationSchema.omit({ status: true })).describe('every invitation, without its code'),
    assessments: z.array(AssessmentSchema),
    submissions: z.array(SubmissionSchema).describe('the snapshots submissions left behind, which benchmarks are built from'),
    targets: z.array(TargetsSchema).describe('every revision of the targets, by questionnaire, oldest first'),
    scopes: z.array(ScopeSchema).describe('the scopes assessments can be made in'),
    plans: z
      .array(PlanSchema.omit({ items: true, summary: true }).extend({ items: z.array(PlanItemSchema) }))
      .describe('every improvement plan with all of its items (the counts are left out: they are derived)'),
    milestones: z.array(MilestoneSchema).describe('the named submissions'),
    evidence: z
      .array(EvidenceImportSchema)
      .describe('every evidence import, oldest first: facts, counts and proposals (the files and their identities are never kept)'),
    classificationRules: ClassificationRulesSchema.nullable().describe(
      "the organisation's classification rules for evidence imports at their current revision; null when none were ever set",
    ),
    audit: z.array(AuditEventSchema).describe("the organisation's audit trail, oldest first"),
  })
  .meta({ id: 'OrganisationExport' });

export type OrganisationExport = z.infer<typeof OrganisationExportSchema>;
