/** Who acts: actors as the audit trail names them, tokens, sessions and invitations. */
import { z } from 'zod';
import { KEY_EXCEPTION_LENGTH, PEOPLE_SIGN_IN, PRIVILEGED_ROLES } from '../core/access/agent-keys';
import { BOOTSTRAP_LIFETIME_HOURS, KEY_LIFETIME_DAYS, LEGACY_KEY_MAX_AGE_DAYS, PRIVILEGED_KEY_LIFETIME_HOURS } from '../core/access/key-lifetime';
import { AGENT_CREDENTIAL_MODES } from '../core/access/credential-policy';
import { DATA_CLASSES } from '../core/access/data-classes';
import { ActorType, OrganisationRole, PlatformRole, Role } from '../core/access/principal';
import { DisplayName } from '../core/display-text';
import { OrganisationSchema } from './organisation';

export { BOOTSTRAP_LIFETIME_HOURS, KEY_EXCEPTION_LENGTH, KEY_LIFETIME_DAYS, LEGACY_KEY_MAX_AGE_DAYS, PRIVILEGED_KEY_LIFETIME_HOURS, PRIVILEGED_ROLES };

export const DataClassSchema = z
  .enum(DATA_CLASSES)
  .describe('a sensitivity class of AIM data: public, internal, confidential, restricted (docs/security.md, "Data classes")')
  .meta({ id: 'DataClass' });

/** The lifetime a request may ask for a key: 1 to 90 days, 30 when left out. */
export const KeyLifetimeDays = () =>
  z
    .number()
    .int()
    .min(1)
    .max(KEY_LIFETIME_DAYS.max)
    .default(KEY_LIFETIME_DAYS.default)
    .describe(`days the key stays valid: at most ${KEY_LIFETIME_DAYS.max}, ${KEY_LIFETIME_DAYS.default} when left out; keys never live forever`);

export const ActorSchema = z
  .object({
    tokenId: z.string(),
    label: z.string(),
    role: Role,
    actorType: ActorType,
    onBehalfOf: z
      .object({ personId: z.string(), name: z.string() })
      .optional()
      .describe('the person an agent acted for (an approved delegation); absent when the actor acted for itself'),
  })
  .meta({ id: 'Actor' });

/** A credential seen from more sources than one holder uses (docs/security.md, "Shared use of one identity"). */
export const SharedUseSchema = z
  .object({
    suspectedAt: z.string().describe('when the credential was last suspected of being used by several holders'),
    sources: z.number().int().describe('distinct sources (client networks, DPoP keys) seen within the window at that time'),
  })
  .describe('set when one credential is used from more distinct sources within a short window than one holder would use; null otherwise')
  .meta({ id: 'SharedUse' });

export const TokenSchema = z
  .object({
    id: z.string(),
    role: Role,
    actorType: ActorType,
    label: z.string(),
    organisationId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z
      .string()
      .nullable()
      .describe(
        `when the key stops working; for keys stored before keys had to expire, ${LEGACY_KEY_MAX_AGE_DAYS} days after createdAt; for the bootstrap admin key, ${BOOTSTRAP_LIFETIME_HOURS} hours after its secret was first applied. Every key has one: null only in records as stored, never in a response`,
      ),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().describe('when the key last authenticated (to the minute); null if never used'),
    sharedUse: SharedUseSchema.nullable().optional(),
    exception: z
      .string()
      .nullable()
      .describe(`why a script needs this privileged (${PRIVILEGED_ROLES.join(' or ')}) key, as recorded when it was minted; null for other keys`),
    agentId: z.string().nullable().optional().describe('the registered agent this key belongs to: revoking or containing the agent revokes it too'),
    revokedReason: z
      .string()
      .nullable()
      .optional()
      .describe('why AIM revoked the key automatically (containment, docs/security.md); absent when a person revoked it'),
    reachableDataClasses: z.array(DataClassSchema).optional().describe("the data classes the key's role can reach (in responses; never stored)"),
  })
  .meta({ id: 'Token' });

export const TokenListSchema = z
  .object({
    tokens: z.array(TokenSchema),
    summary: z
      .object({
        live: z.number().int().describe('keys neither revoked nor expired'),
        privileged: z
          .number()
          .int()
          .describe(`live keys with a privileged role (${PRIVILEGED_ROLES.join(' or ')}): each one a recorded exception`),
      })
      .describe('how many of the listed keys still work, and how many of those are privileged'),
  })
  .meta({ id: 'TokenList' });

export const MintedTokenSchema = TokenSchema.extend({
  secret: z.string().describe('shown only in this response; store it safely'),
}).meta({ id: 'MintedToken' });

export const SessionSchema = z
  .object({
    tokenId: z.string(),
    label: z.string(),
    role: Role,
    actorType: ActorType,
    organisationId: z.string().nullable(),
    organisation: OrganisationSchema.nullable().describe("the organisation's profile; null for platform tokens"),
    agentCredentials: z
      .enum(AGENT_CREDENTIAL_MODES)
      .describe('what agents may authenticate with here (AIM_AGENT_CREDENTIALS): `federated-only` takes no keys and no public-key registrations'),
  })
  .meta({ id: 'Session' });

export const InvitationStatus = z.enum(['pending', 'accepted', 'expired', 'revoked']);

export const InvitationSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    role: Role,
    actorType: ActorType,
    label: z.string(),
    tokenExpiresInDays: z
      .number()
      .int()
      .nullable()
      .describe(
        `days the key minted on acceptance stays valid; null on invitations made before keys had to expire (their key gets ${KEY_LIFETIME_DAYS.default} days)`,
      ),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    acceptedTokenId: z.string().nullable(),
    revokedAt: z.string().nullable(),
    status: InvitationStatus,
  })
  .meta({ id: 'Invitation' });

export const CreatedInvitationSchema = z
  .object({
    invitation: InvitationSchema,
    code: z.string().describe('shown only in this response'),
    path: z.string().describe('the web app path that accepts the invitation'),
  })
  .meta({ id: 'CreatedInvitation' });

/** The policy decision an audit event records: an operation of the policy allowed, or refused and why. */
export const AuditDecisionSchema = z
  .object({
    outcome: z.enum(['allowed', 'refused']),
    operation: z.string().describe('the policy operation, e.g. assessments.answer'),
    reason: z.string().optional().describe('a refusal: the problem code the caller got (forbidden, not_found)'),
  })
  .meta({ id: 'AuditDecision' });

/** The request an audit event came from: never its body, headers or cookies. */
export const AuditRequestSchema = z
  .object({
    method: z.string(),
    route: z.string().describe('the route template, e.g. /v1/assessments/{id}/answers'),
    params: z.record(z.string(), z.string()).describe('path parameters'),
    query: z.record(z.string(), z.string()).describe('query parameters, long values truncated, credential-like ones redacted'),
  })
  .meta({ id: 'AuditRequest' });

export const AuditEventSchema = z
  .object({
    id: z.string(),
    organisationId: z.string().nullable(),
    at: z.string(),
    actor: ActorSchema,
    operation: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    beforeHash: z.string().nullable().describe('SHA-256 of the changed data before the change'),
    afterHash: z.string().nullable().describe('SHA-256 of the changed data after the change'),
    // Events written before these fields existed lack them (docs/security.md, "The audit trail: what each record holds").
    correlationId: z.string().optional().describe("the request's X-Request-Id (and its log lines' correlation id)"),
    decision: AuditDecisionSchema.optional(),
    request: AuditRequestSchema.optional(),
    dataClasses: z
      .array(DataClassSchema)
      .optional()
      .describe(
        'the sensitivity classes of the data the action read or changed (a refusal: tried to); always set in the trail, derived from the action for events stored before the field existed',
      ),
    assurance: z
      .array(
        z.object({
          questionId: z.string(),
          importId: z.string().optional().describe('the import whose evidence the answer contradicts (on submit)'),
          reason: z.string().optional().describe("the respondent's reason for answering otherwise than the evidence"),
        }),
      )
      .optional()
      .describe(
        'answers departing from imported evidence (docs/evidence.md, "Assurance"): on a save, each answer given with a reason; on a submit, each answer flagged as contradicting an import',
      ),
    expiresAt: z
      .number()
      .int()
      .optional()
      .describe(
        'epoch seconds when the retention period ends and the record may be deleted (AIM_AUDIT_RETENTION_DAYS after `at`); absent in events written before it was set',
      ),
  })
  .meta({ id: 'AuditEvent' });

export type Actor = z.infer<typeof ActorSchema>;
export type TokenView = z.infer<typeof TokenSchema>;
export type TokenList = z.infer<typeof TokenListSchema>;
export type MintedToken = z.infer<typeof MintedTokenSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type InvitationView = z.infer<typeof InvitationSchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditListQuery = z.strictObject({
  actor: z.string().min(1).max(80).optional().describe('token id of the actor'),
  actorType: ActorType.optional(),
  outcome: z.enum(['allowed', 'refused']).optional().describe('refused: calls the policy refused; allowed: everything else'),
  dataClass: DataClassSchema.optional().describe('only events that touched data of this class'),
  kind: z
    .enum(['changes', 'reads', 'all'])
    .default('all')
    .describe("changes: committed changes (and refused attempts at them); reads: agents' and keys' reads (and refused reads); all: both"),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional().describe('the `next` value of the previous page'),
});

export const CreateInvitationRequest = z.strictObject({
  role: OrganisationRole,
  actorType: ActorType.default('human'),
  label: DisplayName(120),
  expiresInDays: z.number().int().min(1).max(30).default(7),
  tokenExpiresInDays: KeyLifetimeDays(),
});

export const AcceptInvitationRequest = z.strictObject({
  code: z.string().min(10).max(200),
});

export const MintTokenRequest = z.strictObject({
  role: z.enum([...OrganisationRole.options, ...PlatformRole.options]),
  // Every key is a non-person credential; the field stays for clients that send it.
  actorType: z.literal('agent', { error: PEOPLE_SIGN_IN }).default('agent').describe(`always agent: ${PEOPLE_SIGN_IN}`),
  label: DisplayName(120),
  // No default here: a privileged key refuses any (the service applies the default to the others).
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(KEY_LIFETIME_DAYS.max)
    .optional()
    .describe(
      `days the key stays valid: at most ${KEY_LIFETIME_DAYS.max}, ${KEY_LIFETIME_DAYS.default} when left out; a privileged key (${PRIVILEGED_ROLES.join(' or ')}) always lives ${PRIVILEGED_KEY_LIFETIME_HOURS} hour and refuses it`,
    ),
  exception: z
    .string()
    .trim()
    .min(KEY_EXCEPTION_LENGTH.min)
    .max(KEY_EXCEPTION_LENGTH.max)
    .optional()
    .describe(
      `required for a privileged role (${PRIVILEGED_ROLES.join(' or ')}), refused for others: why a script needs that role (${KEY_EXCEPTION_LENGTH.min} to ${KEY_EXCEPTION_LENGTH.max} characters), kept on the key and in its mint event`,
    ),
  agentId: z
    .string()
    .min(1)
    .max(80)
    .optional()
    .describe('a live agent of the organisation the key is for (its role at most the agent’s): it is listed under the agent and revoked with it'),
});

export type MintTokenRequest = z.input<typeof MintTokenRequest>;
