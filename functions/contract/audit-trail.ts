/**
 * The audit trail as people read it (GET /v1/audit, GET /v1/audit/actors): each stored
 * event with the names of who acted and what it acted on, resolved when the page is read.
 */
import { z } from 'zod';
import { ActorSchema, AuditEventSchema } from './identity';

export const AuditTrailActorSchema = ActorSchema.extend({
  name: z
    .string()
    .describe(
      "who acted, in words: a person's display name, an agent's name or a key's label (the label recorded with the event when nothing newer is stored)",
    ),
  email: z.string().nullable().describe("a person's email as their sign-in gave it; null for agents and keys, and when the provider gave none"),
}).meta({ id: 'AuditTrailActor' });

export const AuditTrailTargetSchema = z
  .object({
    type: z.string(),
    id: z.string(),
    name: z
      .string()
      .nullable()
      .describe(
        'what the event was about, in words: an assessment by questionnaire title, version, status and date; a key, agent or invitation by label; a person by name; null when nothing is stored under the id',
      ),
  })
  .meta({ id: 'AuditTrailTarget' });

export const AuditTrailEventSchema = AuditEventSchema.extend({ actor: AuditTrailActorSchema, target: AuditTrailTargetSchema }).meta({ id: 'AuditTrailEvent' });

export const AuditTrailPageSchema = z
  .object({
    events: z.array(AuditTrailEventSchema),
    next: z.string().optional().describe('pass as `cursor` for the next page'),
  })
  .meta({ id: 'AuditTrailPage' });

export const AuditActorKind = z.enum(['person', 'agent', 'key']);

export const AuditActorChoiceSchema = z
  .object({
    id: z.string().describe('the value to pass as `actor` to GET /v1/audit'),
    kind: AuditActorKind,
    name: z.string(),
    detail: z.string().nullable().describe("a person's email; a revoked agent's or key's revocation date"),
  })
  .meta({ id: 'AuditActorChoice' });

export const AuditActorListSchema = z
  .object({ actors: z.array(AuditActorChoiceSchema).describe("the organisation's members, agents and keys, people first, each by name") })
  .meta({ id: 'AuditActorList' });

export type AuditTrailEvent = z.infer<typeof AuditTrailEventSchema>;
export type AuditTrailPage = z.infer<typeof AuditTrailPageSchema>;
export type AuditActorChoice = z.infer<typeof AuditActorChoiceSchema>;
