/** Agents with their own keys, and AIM's OAuth 2.0 token endpoint for them (docs/security.md, "Agents"). */
import { DataClassSchema, KEY_LIFETIME_DAYS, KeyLifetimeDays, LEGACY_KEY_MAX_AGE_DAYS, SharedUseSchema } from './identity';
import { z } from 'zod';
import { AGENT_ROLES } from '../core/access/agents';
import { ACCESS_TOKEN_TYPE, DELEGATION_MINUTES, DELEGATION_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../core/access/delegations';
import { API_KEY_TOKEN_TYPE } from '../core/access/key-exchange';
import { Role } from '../core/access/principal';
import { policy } from '../core/access/policy';
import { DisplayName } from '../core/display-text';

const Operation = z.enum(Object.keys(policy) as [keyof typeof policy, ...(keyof typeof policy)[]]);

const Jwk = z
  .record(z.string(), z.unknown())
  .describe('a public key as a JWK (RFC 7517): EC P-256 (ES256) or RSA of 2048 bits or more (RS256, PS256); private or symmetric keys are refused')
  .meta({ id: 'PublicJwk' });

export const FederationInput = z
  .strictObject({
    issuer: z
      .string()
      .min(1)
      .max(500)
      .describe(
        "the platform's OpenID issuer, an https URL (its /.well-known/openid-configuration names the keys its tokens are signed with), e.g. https://token.actions.githubusercontent.com",
      ),
    subject: z
      .string()
      .min(1)
      .max(500)
      .describe("the exact `sub` of the platform's tokens for this agent, e.g. repo:org/repo:environment:prod; one subject per agent and environment"),
    audience: z.string().min(1).max(500).optional().describe("the `aud` the platform's tokens must contain; default: AIM's token endpoint URL"),
  })
  .describe('workload identity federation: the agent authenticates with short-lived tokens its platform issues to it, and holds no AIM secret')
  .meta({ id: 'WorkloadFederationInput' });

export const RegisterAgentRequest = z
  .strictObject({
    label: DisplayName(120),
    role: z.enum(AGENT_ROLES),
    scopes: z
      .array(Operation)
      .min(1)
      .max(40)
      .optional()
      .describe(
        "operations the agent may perform, narrower than its role's (e.g. assessments.read and assessments.answer: may answer, not submit); default: all its role may",
      ),
    assessmentId: z.string().min(1).max(80).optional().describe('restricts the agent to this assessment: others are not found'),
    jwk: Jwk.optional().describe('the public key the agent signs its client assertions with; exactly one of jwk and federation'),
    federation: FederationInput.optional().describe('the workload identity the agent authenticates with; exactly one of jwk and federation'),
    dpopRequired: z.boolean().optional().describe('tokens only with a DPoP proof (RFC 9449), bound to its key; default false'),
    expiresInDays: KeyLifetimeDays().describe(
      `days the registration (and so the agent's key) stays valid: at most ${KEY_LIFETIME_DAYS.max}, ${KEY_LIFETIME_DAYS.default} when left out; register the agent again with a new key before then`,
    ),
  })
  .superRefine((request, ctx) => {
    // Exactly one way to authenticate: a key the agent keeps, or its platform's identity.
    if ((request.jwk === undefined) === (request.federation === undefined)) {
      const message =
        request.jwk === undefined ? 'give either jwk (a public key) or federation (a workload identity)' : 'give either jwk or federation, not both';
      ctx.addIssue({ code: 'custom', path: ['jwk'], message });
      ctx.addIssue({ code: 'custom', path: ['federation'], message });
    }
  })
  .meta({ id: 'RegisterAgentRequest' });

export const FederationSchema = z
  .object({
    issuer: z.string(),
    subject: z.string(),
    audience: z.string().describe("the `aud` the platform's tokens must contain"),
  })
  .meta({ id: 'WorkloadFederation' });

export const AgentSchema = z
  .object({
    id: z.string().describe('also its OAuth client_id'),
    organisationId: z.string(),
    label: z.string(),
    role: z.enum(AGENT_ROLES),
    scopes: z.array(z.string()),
    assessmentId: z.string().nullable(),
    jwk: Jwk.optional().describe('its public key; absent for a workload identity'),
    jkt: z.string().optional().describe('the JWK SHA-256 thumbprint of its key (RFC 7638); absent for a workload identity'),
    federation: FederationSchema.optional().describe('its workload identity; absent for a key'),
    dpopRequired: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z
      .string()
      .describe(
        `when the registration stops working (no new tokens, outstanding ones refused); registrations made before they had to expire: ${LEGACY_KEY_MAX_AGE_DAYS} days after createdAt`,
      ),
    revokedAt: z.string().nullable(),
    sharedUse: SharedUseSchema.nullable().optional(),
    revokedReason: z
      .string()
      .nullable()
      .optional()
      .describe('why AIM revoked the agent automatically (containment, docs/security.md); absent when a person revoked it'),
    keys: z
      .array(z.object({ id: z.string(), label: z.string(), role: z.string(), expiresAt: z.string().nullable() }))
      .optional()
      .describe('the live static keys minted for this agent (in lists; never stored on the agent)'),
    reachableDataClasses: z.array(DataClassSchema).optional().describe('the data classes its scopes can reach (in responses; never stored)'),
  })
  .meta({ id: 'Agent' });

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The token request (RFC 6749 §4.4 with RFC 7523 client authentication), as a form. */
export const TokenRequest = z
  .looseObject({
    grant_type: z.string().max(100).optional().describe(`client_credentials, or ${TOKEN_EXCHANGE_GRANT} (RFC 8693) to act for a person`),
    client_assertion_type: z.string().max(200).optional().describe(CLIENT_ASSERTION_TYPE),
    client_assertion: z
      .string()
      .max(16_384)
      .optional()
      .describe(
        "a JWT signed with the agent's key: iss = sub = client_id, aud = the token endpoint or the issuer, exp at most 5 minutes ahead, a jti used once; for a workload identity, the token its platform issued (iss, sub and aud as registered, living at most an hour, its jti if any used once)",
      ),
    client_id: z.string().max(200).optional().describe('the agent id; optional (a workload identity token is matched to its agent by iss and sub)'),
    resource: z
      .string()
      .max(2000)
      .optional()
      .describe(
        "RFC 8707: the API the token is for; if sent, AIM's API (the issuer followed by /v1), else invalid_target; a key exchange may also name one assessment (<issuer>/v1/assessments/<id>) to bind the token to it",
      ),
    scope: z
      .string()
      .max(2000)
      .optional()
      .describe(
        'space-separated operations, a subset of the agent’s scopes (of the delegation’s, in a token exchange); required in the client-credentials grant and the exchange of a key: the operations of the task',
      ),
    subject_token: z
      .string()
      .max(200)
      .optional()
      .describe('token exchange: the id of a delegation a person approved for this agent, or an aim_ key to exchange'),
    subject_token_type: z
      .string()
      .max(200)
      .optional()
      .describe(`token exchange: ${DELEGATION_TOKEN_TYPE}, AIM's own token type URI for an approved delegation, or ${API_KEY_TOKEN_TYPE} for a static key`),
    requested_token_type: z.string().max(200).optional().describe(`token exchange: ${ACCESS_TOKEN_TYPE} (the default and only one)`),
  })
  .meta({ id: 'TokenRequest' });

export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.enum(['Bearer', 'DPoP']),
    expires_in: z.number().int(),
    scope: z.string(),
    issued_token_type: z.string().optional().describe(`token exchange only: ${ACCESS_TOKEN_TYPE}`),
  })
  .meta({ id: 'TokenResponse' });

export const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'JsonWebKeySet' });

export const AuthorizationServerMetadataSchema = z
  .object({
    issuer: z.string(),
    token_endpoint: z.string(),
    jwks_uri: z.string(),
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    token_endpoint_auth_signing_alg_values_supported: z.array(z.string()),
    dpop_signing_alg_values_supported: z.array(z.string()),
    scopes_supported: z.array(z.string()),
  })
  .meta({ id: 'AuthorizationServerMetadata' });

export const CreateDelegationRequest = z
  .strictObject({
    assessmentId: z.string().min(1).max(80).describe('the one assessment the agent may act on for you'),
    expiresInMinutes: z
      .number()
      .int()
      .min(DELEGATION_MINUTES.min)
      .max(DELEGATION_MINUTES.max)
      .default(DELEGATION_MINUTES.default)
      .describe(`minutes the delegation lasts: ${DELEGATION_MINUTES.min} to ${DELEGATION_MINUTES.max}, ${DELEGATION_MINUTES.default} when left out`),
  })
  .meta({ id: 'CreateDelegationRequest' });

export const DelegationSchema = z
  .object({
    id: z.string().describe(`the subject_token of the token exchange (subject_token_type ${DELEGATION_TOKEN_TYPE})`),
    agentId: z.string(),
    organisationId: z.string(),
    assessmentId: z.string(),
    personId: z.string().describe('the person the agent acts for'),
    personName: z.string(),
    role: Role.describe("the person's role narrowed by the agent's"),
    scopes: z.array(z.string()).describe("what the agent may do for the person: the operations both the person's role and the agent's scopes allow"),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    reachableDataClasses: z.array(DataClassSchema).optional().describe('the data classes its scopes can reach (in responses; never stored)'),
  })
  .meta({ id: 'Delegation' });

export type RegisterAgentRequest = z.output<typeof RegisterAgentRequest>;
export type AgentView = z.infer<typeof AgentSchema>;
export type TokenRequest = z.output<typeof TokenRequest>;
export type CreateDelegationRequest = z.output<typeof CreateDelegationRequest>;
export type DelegationView = z.infer<typeof DelegationSchema>;
