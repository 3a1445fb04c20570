/**
 * Scopes (issue 19): a named part of an organisation (a business unit, a platform, a
 * workload) assessed on its own. An assessment without a scope covers the whole
 * organisation; only those count in benchmarks (docs/benchmarks.md, "One organisation, one vote").
 */
import { z } from 'zod';
import { DisplayName } from '../core/display-text';
import { ActorSchema } from './identity';

export const SCOPE_NAME_MAX = 80;
export const SCOPE_DESCRIPTION_MAX = 300;

export const ScopeKind = z.enum(['business_unit', 'platform', 'workload', 'other']).meta({ id: 'ScopeKind' });

export const ScopeSchema = z
  .object({
    id: z.string(),
    name: z.string().describe('e.g. "Payments", "Agent platform", "Claims triage agent"; unique in the organisation (case-insensitive)'),
    kind: ScopeKind,
    description: z.string().nullable(),
    createdAt: z.string(),
    createdBy: ActorSchema,
  })
  .meta({ id: 'Scope' });

export const CreateScopeRequest = z
  .strictObject({
    name: DisplayName(SCOPE_NAME_MAX),
    kind: ScopeKind,
    description: DisplayName(SCOPE_DESCRIPTION_MAX).optional(),
  })
  .meta({ id: 'CreateScopeRequest' });

export const ScopeListSchema = z.object({ scopes: z.array(ScopeSchema).describe('by name') }).meta({ id: 'ScopeList' });

export const SetMemberScopeRequest = z
  .strictObject({
    scopeId: z
      .string()
      .min(1)
      .max(80)
      .nullable()
      .describe("the scope a respondent is restricted to (they see and answer only that scope's assessments); null lifts the restriction"),
  })
  .meta({ id: 'SetMemberScopeRequest' });

const ScoreLevel = z.object({ score: z.number().min(0).max(5), level: z.number().int().min(1).max(5) });

export const RollUpRowSchema = z
  .object({
    scope: ScopeSchema.pick({ id: true, name: true, kind: true }).nullable().describe('null for the whole organisation'),
    latest: z
      .object({
        assessmentId: z.string(),
        version: z.string(),
        submittedAt: z.string(),
        overall: ScoreLevel,
        domains: z.record(z.string(), ScoreLevel).describe('by domain id'),
      })
      .nullable()
      .describe('the most recent submission of this scope; null when none'),
    drafts: z.number().int().describe('drafts under way in this scope'),
  })
  .meta({ id: 'RollUpRow' });

export const RollUpSchema = z
  .object({
    questionnaireId: z.string(),
    domains: z.array(z.object({ id: z.string(), title: z.string() })).describe("the domains of the questionnaire's latest version, in order"),
    rows: z.array(RollUpRowSchema).describe('the whole organisation first, then every scope by name (a respondent restricted to a scope sees only it)'),
  })
  .meta({ id: 'RollUp' });

export type ScopeKind = z.infer<typeof ScopeKind>;
export type Scope = z.infer<typeof ScopeSchema>;
export type CreateScopeRequest = z.infer<typeof CreateScopeRequest>;
export type SetMemberScopeRequest = z.infer<typeof SetMemberScopeRequest>;
export type RollUpRow = z.infer<typeof RollUpRowSchema>;
export type RollUp = z.infer<typeof RollUpSchema>;
