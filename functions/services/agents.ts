/**
 * Agents with their own keys (docs/security.md, "Agents"): owners register an agent's
 * public key; the agent obtains short-lived access tokens with the OAuth 2.0
 * client-credentials grant, authenticated by a JWT it signs (`private_key_jwt`, RFC 7523),
 * optionally bound to a DPoP key (RFC 9449); the API accepts those tokens. Or, with
 * workload identity federation, owners register the identity the agent's platform gives
 * it, and the agent authenticates with the short-lived token that platform issues.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, decodeJwt, decodeProtectedHeader, EmbeddedJWK, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { accessTokenClaims, agentScopes, algorithmsFor, publicJwkProblems } from '../core/access/agents';
import { credentialKindProblems, FEDERATION_ALGORITHMS, federatedTimeProblem, issuerProblems, type Federation } from '../core/access/federation';
import { ACCESS_TOKEN_TYPE, DELEGATION_TOKEN_TYPE, delegatedTokenClaims, delegationState, TOKEN_EXCHANGE_GRANT } from '../core/access/delegations';
import { API_KEY_CLAIM, API_KEY_TOKEN_TYPE, keyTokenClaims } from '../core/access/key-exchange';
import { type AgentCredentialMode, staticCredentialsDisabled } from '../core/access/credential-policy';
import { authorize, operationsOf, organisationOf } from '../core/access/policy';
import { PLATFORM_AGENT_ROLE, platformAgentScopes } from '../core/access/platform-agents';
import type { Principal } from '../core/access/principal';
import { DomainError, notFound, type FieldProblem } from '../core/errors';
import {
  KEY_LIFETIME_DAYS,
  LEGACY_KEY_MAX_AGE_DAYS,
  CLIENT_ASSERTION_TYPE,
  type AgentView,
  type PlatformAgentView,
  type RegisterAgentRequest,
  type RegisterPlatformAgentRequest,
  type TokenRequest,
} from '../contract';
import { actorOf, auditEvent } from './audit';
import { revokeAgentAndHoldings } from './containment';
import { refuseSecretsInText, type LeakedSecretDeps } from './leaked-secrets';
import type { AgentRecord, DelegationRecord } from './entities';
import type { KeyExchange } from './key-exchange';
import type {
  AccessTokenSigner,
  AgentStore,
  Clock,
  DelegationStore,
  IdSource,
  MembershipStore,
  ReplayStore,
  TokenGuard,
  TokenStore,
  WatchedCredential,
  WorkloadIssuerKeys,
} from './ports';

/** Longest JWT read at all (access tokens, assertions, proofs); longer ones are refused before parsing. */
export const MAX_JWT_BYTES = 8192;
/** Access tokens whose verification a process remembers at most (`verifiedClaims`): 10-minute tokens, a few kB each. */
const VERIFIED_TOKENS = 5_000;
/** Clock skew tolerated on `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_S = 30;
/** A client assertion may be valid at most this far ahead. */
const MAX_ASSERTION_LIFETIME_S = 300;
/** A DPoP proof's `iat` must be this recent (either way). */
const DPOP_WINDOW_S = 60;
const DPOP_ALGORITHMS = ['ES256', 'RS256', 'PS256'];

export interface AgentServiceDeps extends Pick<LeakedSecretDeps, 'containment'> {
  agents: AgentStore;
  replays: ReplayStore;
  /** Keys, to revoke an AIM key pasted into an agent's label (leaked-secrets.ts); without it labels are not checked. */
  keys?: TokenStore;
  /** AIM's signing key; without it no agent tokens are issued (AWS without a key, see docs/security.md). */
  signer?: AccessTokenSigner;
  /** AIM's issuer identifier: its public origin (e.g. http://localhost:3000). */
  issuer: () => string | undefined;
  /** Access token lifetime, minutes. */
  tokenMinutes: number;
  clock: Clock;
  ids: IdSource;
  /** People's approvals for agents to act for them; without them no token exchange is offered. */
  delegations?: DelegationStore;
  /** Read on each request of a delegated token: the person must still belong to the organisation. */
  memberships?: MembershipStore;
  /** Workload identity federation; without it only keys are registered. */
  federation?: { issuers: WorkloadIssuerKeys; allowHttpLoopback: boolean };
  /** Static keys exchanged for access tokens (key-exchange.ts); without it no key is exchanged. */
  keyExchange?: KeyExchange;
  /** AIM_AGENT_CREDENTIALS: `federated-only` registers and authenticates no agent by a stored private key (`jwk`). */
  agentCredentials?: AgentCredentialMode;
}

/** The credential a token request used, for shared-use detection (credential-sightings.ts): who, which, and its DPoP key. */
export interface TokenEndpointUse {
  principal: Principal;
  credential: WatchedCredential;
  jkt?: string;
}

/** A credential presented to the API: the token, its scheme and the request it came with. */
export interface AgentCredential {
  token: string;
  scheme: 'Bearer' | 'DPoP';
  dpop?: string;
  method: string;
  /** The request path; with the issuer it makes the URL a DPoP proof must name. */
  path: string;
}

/** An OAuth error at the token endpoint: the problem's `code`, and the RFC 6749 `error` beside it. */
const oauthError = (code: ConstructorParameters<typeof DomainError>[0], error: string, message: string, fields: FieldProblem[] = []) =>
  new DomainError(code, message, fields, { error, error_description: message });

const invalidRequest = (field: string, message: string) => oauthError('validation_failed', 'invalid_request', message, [{ field: [field], message }]);

const unauthenticated = (message: string) => new DomainError('unauthenticated', message, [], { error: 'invalid_token' });

class DpopRefused extends Error {}

/** An authenticated client: the agent, and the `exp` and used-once key of its assertion (spent by the caller, none without a jti). */
interface AuthenticatedClient {
  agent: AgentRecord;
  exp: number;
  replayKey?: string;
}

const DAY_MS = 86_400_000;

/**
 * The issuer's keys could not be read (unreachable, slow, oversized or malformed answers):
 * 401, not 5xx, as the issuer is the client's choice, not part of AIM; the message says so.
 */
const unreachableIssuer = (issuer: string, error: unknown) =>
  oauthError(
    'invalid_client',
    'invalid_client',
    `the keys of the issuer ${issuer} could not be read, so the token cannot be verified: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
  );

/** A registration's key: its public members only (no use or unknown extras), and its thumbprint. */
async function keyCredential(input: Record<string, unknown>): Promise<{ jwk: Record<string, unknown>; jkt: string }> {
  const jwk = Object.fromEntries(Object.entries(input).filter(([name]) => ['kty', 'crv', 'x', 'y', 'n', 'e', 'alg', 'kid'].includes(name)));
  try {
    return { jwk, jkt: await calculateJwkThumbprint(jwk as JWK, 'sha256') };
  } catch {
    throw new DomainError('validation_failed', 'the key is not a valid JWK', [{ field: ['jwk'], message: 'not a valid JWK' }]);
  }
}

/** A registration's end: its own, or for one stored before registrations had to expire, LEGACY_KEY_MAX_AGE_DAYS after it was made. */
export const registrationExpiry = (agent: Pick<AgentRecord, 'createdAt'> & { expiresAt?: string | null }) =>
  agent.expiresAt ?? new Date(Date.parse(agent.createdAt) + LEGACY_KEY_MAX_AGE_DAYS * DAY_MS).toISOString();

const registrationExpired = (agent: AgentRecord, now: Date) => Date.parse(registrationExpiry(agent)) <= now.getTime();

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export class AgentService {
  constructor(private readonly deps: AgentServiceDeps) {}

  private get federatedOnly(): boolean {
    return this.deps.agentCredentials === 'federated-only';
  }

  private issuerOrUnavailable(): { issuer: string; signer: AccessTokenSigner } {
    const issuer = this.deps.issuer()?.replace(/\/+$/, '');
    if (!issuer || !this.deps.signer)
      throw oauthError(
        'agent_tokens_unavailable',
        'temporarily_unavailable',
        'this deployment issues no agent tokens: it has no signing key (docs/security.md, "Agents")',
      );
    return { issuer, signer: this.deps.signer };
  }

  /** The identifier of the API, the `aud` of every access token. */
  static audienceOf = (issuer: string) => `${issuer}/v1`;
  static tokenEndpointOf = (issuer: string) => `${issuer}/v1/oauth/token`;

  /** `expiresInDays` left out: the default lifetime (the contract fills it in for HTTP requests). */
  async register(principal: Principal, request: Omit<RegisterAgentRequest, 'expiresInDays'> & { expiresInDays?: number }): Promise<AgentView> {
    authorize(principal, 'agents.register');
    const organisationId = organisationOf(principal);
    // Federation only: a private key is a stored secret wherever the agent keeps it.
    if (request.jwk && this.federatedOnly) throw staticCredentialsDisabled();
    const { scopes, problems } = agentScopes(request.role, request.scopes, request.assessmentId);
    problems.push(...credentialKindProblems(request));
    if (request.jwk) problems.push(...publicJwkProblems(request.jwk));
    const federation = request.federation && !request.jwk ? this.federationOf(request.federation, problems) : undefined;
    if (problems.length) throw new DomainError('validation_failed', 'the agent cannot be registered as asked', problems);
    if (this.deps.keys) await refuseSecretsInText({ ...this.deps, tokens: this.deps.keys }, principal, [{ field: ['label'], text: request.label }]);
    const credential = federation ? { federation } : await keyCredential(request.jwk!);
    const now = this.deps.clock.now().toISOString();
    const agent: AgentView = {
      id: this.deps.ids.id(),
      organisationId,
      label: request.label,
      role: request.role,
      scopes,
      assessmentId: request.assessmentId ?? null,
      ...credential,
      dpopRequired: request.dpopRequired ?? false,
      createdBy: principal.tokenId,
      createdAt: now,
      expiresAt: new Date(Date.parse(now) + Math.min(request.expiresInDays ?? KEY_LIFETIME_DAYS.default, KEY_LIFETIME_DAYS.max) * DAY_MS).toISOString(),
      revokedAt: null,
    };
    const outcome = await this.deps.agents.create(
      agent,
      auditEvent(this.deps, {
        organisationId,
        actor: actorOf(principal),
        operation: 'agent.register',
        target: { type: 'agent', id: agent.id },
        after: agent,
        at: now,
      }),
    );
    if (outcome === 'identity_in_use')
      throw new DomainError(
        'identity_in_use',
        'this workload identity (issuer and subject) belongs to another live agent: revoke that one first, or give each agent and environment its own subject',
        [{ field: ['federation', 'subject'], message: 'already the identity of a live agent' }],
      );
    if (outcome === 'conflict') throw notFound('organisation');
    return agent;
  }

  /** A workload identity as registered: its issuer checked, its audience AIM's token endpoint unless given. */
  private federationOf(request: { issuer: string; subject: string; audience?: string }, problems: FieldProblem[]): Federation | undefined {
    if (!this.deps.federation) {
      problems.push({ field: ['federation'], message: 'this deployment does not accept workload identities' });
      return undefined;
    }
    problems.push(...issuerProblems(request.issuer, { allowHttpLoopback: this.deps.federation.allowHttpLoopback }));
    const issuer = this.deps.issuer()?.replace(/\/+$/, '');
    const audience = request.audience ?? (issuer ? AgentService.tokenEndpointOf(issuer) : undefined);
    if (!audience) problems.push({ field: ['federation', 'audience'], message: 'required here: this deployment has no issuer identifier (AIM_ISSUER)' });
    return audience ? { issuer: request.issuer, subject: request.subject, audience } : undefined;
  }

  /** The agents, each with the live keys minted for it (when the keys store is given). */
  async list(principal: Principal): Promise<AgentView[]> {
    authorize(principal, 'agents.list');
    const organisationId = organisationOf(principal);
    // Shared-use suspicion (credential-sightings.ts): null when none was raised. An organisation's agents have its id and an agent role.
    const agents = (await this.deps.agents.list(organisationId)).map((agent) => ({ ...agent, sharedUse: agent.sharedUse ?? null }) as AgentView);
    if (!this.deps.keys) return agents;
    const now = this.deps.clock.now().toISOString();
    const keys = (await this.deps.keys.list(organisationId)).filter((k) => k.agentId && !k.revokedAt && (!k.expiresAt || k.expiresAt > now));
    return agents.map((agent) => ({
      ...agent,
      keys: keys.filter((k) => k.agentId === agent.id).map((k) => ({ id: k.id, label: k.label, role: k.role, expiresAt: k.expiresAt })),
    }));
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'agents.revoke');
    const organisationId = organisationOf(principal);
    // With the keys store: the agent's keys and delegations are revoked with it, in the same transaction (containment.ts).
    if (this.deps.keys) {
      const input = { organisationId, agentId: id, actor: actorOf(principal), operation: 'agent.revoke', reason: null };
      if (!(await revokeAgentAndHoldings({ ...this.deps, tokens: this.deps.keys }, input))) throw notFound('agent');
      return;
    }
    const at = this.deps.clock.now().toISOString();
    const audit = auditEvent(this.deps, { organisationId, actor: actorOf(principal), operation: 'agent.revoke', target: { type: 'agent', id }, at });
    if (!(await this.deps.agents.revoke(organisationId, id, at, audit))) throw notFound('agent');
  }

  /**
   * A platform agent (platform-agents.ts): registered by a platform admin, of no
   * organisation, the admin role narrowed to platform agent scopes, and workload identity
   * federation its only credential, so that a pipeline can register organisations where
   * the deployment takes no stored agent credential. Audited on the platform's trail.
   */
  async registerPlatformAgent(
    principal: Principal,
    request: Omit<RegisterPlatformAgentRequest, 'expiresInDays'> & { expiresInDays?: number },
  ): Promise<PlatformAgentView> {
    authorize(principal, 'platformAgents.register');
    const { scopes, problems } = platformAgentScopes(request.scopes);
    const federation = this.federationOf(request.federation, problems);
    if (problems.length || !federation) throw new DomainError('validation_failed', 'the platform agent cannot be registered as asked', problems);
    if (this.deps.keys) await refuseSecretsInText({ ...this.deps, tokens: this.deps.keys }, principal, [{ field: ['label'], text: request.label }]);
    const now = this.deps.clock.now().toISOString();
    const agent: PlatformAgentView = {
      id: this.deps.ids.id(),
      organisationId: null,
      label: request.label,
      role: PLATFORM_AGENT_ROLE,
      scopes,
      assessmentId: null,
      federation,
      dpopRequired: false,
      createdBy: principal.tokenId,
      createdAt: now,
      expiresAt: new Date(Date.parse(now) + Math.min(request.expiresInDays ?? KEY_LIFETIME_DAYS.default, KEY_LIFETIME_DAYS.max) * DAY_MS).toISOString(),
      revokedAt: null,
    };
    const audit = auditEvent(this.deps, {
      organisationId: null,
      actor: actorOf(principal),
      operation: 'agent.register',
      target: { type: 'agent', id: agent.id },
      after: agent,
      at: now,
    });
    const outcome = await this.deps.agents.create(agent, audit);
    if (outcome === 'identity_in_use')
      throw new DomainError('identity_in_use', 'this workload identity (issuer and subject) belongs to another live agent: revoke that one first', [
        { field: ['federation', 'subject'], message: 'already the identity of a live agent' },
      ]);
    return agent;
  }

  /** The platform agents, revoked ones included (platform admins). */
  async listPlatformAgents(principal: Principal): Promise<PlatformAgentView[]> {
    authorize(principal, 'platformAgents.list');
    // Stored under the platform: no organisation, the admin role.
    return (await this.deps.agents.list(null)).map((agent) => ({ ...agent, sharedUse: agent.sharedUse ?? null }) as PlatformAgentView);
  }

  /** Revokes a platform agent: no new tokens, and its tokens stop working on their next request; an organisation's agent is not found here. */
  async revokePlatformAgent(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'platformAgents.revoke');
    if (this.deps.keys) {
      const input = { organisationId: null, agentId: id, actor: actorOf(principal), operation: 'agent.revoke', reason: null };
      if (!(await revokeAgentAndHoldings({ ...this.deps, tokens: this.deps.keys }, input))) throw notFound('agent');
      return;
    }
    const at = this.deps.clock.now().toISOString();
    const audit = auditEvent(this.deps, { organisationId: null, actor: actorOf(principal), operation: 'agent.revoke', target: { type: 'agent', id }, at });
    if (!(await this.deps.agents.revoke(null, id, at, audit))) throw notFound('agent');
  }

  /** The authorization server's metadata (RFC 8414), or undefined when no tokens are issued here. */
  metadata() {
    const { issuer } = this.issuerOrUnavailable();
    return {
      issuer,
      token_endpoint: AgentService.tokenEndpointOf(issuer),
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: this.deps.delegations || this.deps.keyExchange ? ['client_credentials', TOKEN_EXCHANGE_GRANT] : ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['ES256', 'RS256', 'PS256'],
      dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
      scopes_supported: [...new Set([...agentScopes('respondent', undefined, undefined).scopes, ...agentScopes('leader', undefined, undefined).scopes])],
    };
  }

  async jwks() {
    return this.issuerOrUnavailable().signer.jwks();
  }

  /**
   * The token endpoint: the client-credentials grant (RFC 6749 §4.4), or the token
   * exchange (RFC 8693) of a delegation a person approved, both with `private_key_jwt`
   * client authentication and optionally DPoP; or the exchange of a static key (the key
   * authenticates). `sighted` hears of the credential each grant used (shared-use detection).
   */
  async issueToken(request: TokenRequest, dpop: { proof?: string; method: string }, sighted?: (use: TokenEndpointUse) => Promise<void>) {
    const { issuer, signer } = this.issuerOrUnavailable();
    if (!request.grant_type) throw invalidRequest('grant_type', 'grant_type is required');
    if (request.grant_type === TOKEN_EXCHANGE_GRANT && request.subject_token_type === API_KEY_TOKEN_TYPE && this.deps.keyExchange)
      return this.exchangeKey(this.deps.keyExchange, request, dpop, { issuer, signer }, sighted);
    const exchange = request.grant_type === TOKEN_EXCHANGE_GRANT && this.deps.delegations !== undefined;
    if (request.grant_type !== 'client_credentials' && !exchange)
      throw oauthError('validation_failed', 'unsupported_grant_type', `supported grants: ${this.metadata().grant_types_supported.join(', ')}`, [
        { field: ['grant_type'], message: 'expected client_credentials or the token exchange' },
      ]);
    // RFC 8707: the one resource AIM issues tokens for is its API.
    if (request.resource !== undefined && request.resource !== AgentService.audienceOf(issuer))
      throw oauthError('validation_failed', 'invalid_target', `the only resource here is ${AgentService.audienceOf(issuer)}`, [
        { field: ['resource'], message: `expected ${AgentService.audienceOf(issuer)}` },
      ]);
    const { agent, exp, replayKey } = await this.authenticateClient(request, issuer);
    const now = this.deps.clock.now();
    const delegation = exchange ? await this.delegationToExchange(request, agent, now) : undefined;

    const granted = delegation ? delegation.scopes : agent.scopes;
    const requested = request.scope?.split(' ').filter(Boolean);
    // An agent's own token names its task (a delegation is one task already): none carries all the agent's scopes unasked.
    if (!delegation && !requested?.length)
      throw oauthError('validation_failed', 'invalid_scope', `scope is required: the operations this task needs, space-separated, within the agent's scopes`, [
        { field: ['scope'], message: 'required: the operations this task needs' },
      ]);
    const outside = requested?.filter((scope) => !granted.includes(scope)) ?? [];
    if (outside.length)
      throw oauthError('validation_failed', 'invalid_scope', `not within the ${delegation ? 'delegation' : 'agent'}'s scopes: ${outside.join(' ')}`, [
        { field: ['scope'], message: `not within the ${delegation ? 'delegation' : 'agent'}’s scopes` },
      ]);
    const scopes = requested?.length ? [...new Set(requested)] : granted;

    let jkt: string | undefined;
    if (dpop.proof !== undefined || agent.dpopRequired) {
      if (dpop.proof === undefined)
        throw oauthError('validation_failed', 'invalid_dpop_proof', 'this agent must send a DPoP proof (RFC 9449) in the DPoP header');
      try {
        jkt = await this.verifyProof(dpop.proof, { method: dpop.method, url: AgentService.tokenEndpointOf(issuer) });
      } catch (error) {
        if (error instanceof DpopRefused) throw oauthError('validation_failed', 'invalid_dpop_proof', error.message);
        throw error;
      }
    }
    // Single use, checked last: a refused request does not spend the assertion.
    if (replayKey !== undefined && !(await this.deps.replays.claimOnce(replayKey, exp + CLOCK_TOLERANCE_S)))
      throw oauthError('assertion_replayed', 'invalid_client', 'this client assertion (its jti) was already used');
    // The agent's credential was used from this client: a sighting, as on the API (client credentials and federated alike).
    await sighted?.({
      principal: { tokenId: agent.id, label: agent.label, role: agent.role, actorType: 'agent', organisationId: agent.organisationId },
      credential: { kind: 'agent', id: agent.id, organisationId: agent.organisationId },
      jkt,
    });

    const audience = AgentService.audienceOf(issuer);
    if (delegation) {
      // The token ends when the delegation does, if sooner.
      const remaining = Math.floor((Date.parse(delegation.expiresAt) - now.getTime()) / 1000);
      const lifetimeSeconds = Math.max(1, Math.min(this.deps.tokenMinutes * 60, remaining));
      const claims = delegatedTokenClaims({
        issuer,
        audience,
        delegation,
        agentLabel: agent.label,
        scopes,
        jti: this.deps.ids.id(),
        now: seconds(now),
        lifetimeSeconds,
        jkt,
      });
      return {
        access_token: await signer.sign(claims),
        token_type: jkt ? ('DPoP' as const) : ('Bearer' as const),
        expires_in: lifetimeSeconds,
        scope: scopes.join(' '),
        issued_token_type: ACCESS_TOKEN_TYPE,
      };
    }
    const lifetimeSeconds = this.deps.tokenMinutes * 60;
    const accessToken = await signer.sign(
      accessTokenClaims({ issuer, audience, agent, scopes, jti: this.deps.ids.id(), now: seconds(now), lifetimeSeconds, jkt }),
    );
    return { access_token: accessToken, token_type: jkt ? ('DPoP' as const) : ('Bearer' as const), expires_in: lifetimeSeconds, scope: scopes.join(' ') };
  }

  /**
   * The token exchange of a static key (docs/security.md, "Static keys: exchange for a
   * token"): no client authentication, the key is the credential; the token lives
   * AIM_AGENT_TOKEN_MINUTES, never longer than the key.
   */
  private async exchangeKey(
    exchange: KeyExchange,
    request: TokenRequest,
    dpop: { proof?: string; method: string },
    { issuer, signer }: { issuer: string; signer: AccessTokenSigner },
    sighted?: (use: TokenEndpointUse) => Promise<void>,
  ) {
    if (request.requested_token_type !== undefined && request.requested_token_type !== ACCESS_TOKEN_TYPE)
      throw invalidRequest('requested_token_type', `only ${ACCESS_TOKEN_TYPE} is issued`);
    const audience = AgentService.audienceOf(issuer);
    const grant = await exchange.grant(request, audience);
    let jkt: string | undefined;
    if (dpop.proof !== undefined) {
      try {
        jkt = await this.verifyProof(dpop.proof, { method: dpop.method, url: AgentService.tokenEndpointOf(issuer) });
      } catch (error) {
        if (error instanceof DpopRefused) throw oauthError('validation_failed', 'invalid_dpop_proof', error.message);
        throw error;
      }
    }
    await sighted?.({
      principal: grant.principal,
      credential: { kind: 'token', id: grant.key.id, organisationId: grant.key.organisationId, hash: grant.key.hash },
      jkt,
    });
    const lifetimeSeconds = Math.max(1, Math.min(this.deps.tokenMinutes * 60, grant.maxLifetimeSeconds));
    const now = seconds(this.deps.clock.now());
    const claims = keyTokenClaims({
      issuer,
      audience,
      key: grant.key,
      scopes: grant.scopes,
      assessmentId: grant.assessmentId,
      jti: this.deps.ids.id(),
      now,
      lifetimeSeconds,
      jkt,
    });
    return {
      access_token: await signer.sign(claims),
      token_type: jkt ? ('DPoP' as const) : ('Bearer' as const),
      expires_in: lifetimeSeconds,
      scope: grant.scopes.join(' '),
      issued_token_type: ACCESS_TOKEN_TYPE,
    };
  }

  /** The subject token of a token exchange: a live delegation of this agent (RFC 8693 §2.1), else `invalid_grant`. */
  private async delegationToExchange(request: TokenRequest, agent: AgentRecord, now: Date): Promise<DelegationRecord> {
    if (!request.subject_token) throw invalidRequest('subject_token', 'subject_token is required: the id of a delegation approved for this agent');
    if (request.subject_token_type !== DELEGATION_TOKEN_TYPE)
      throw invalidRequest('subject_token_type', `subject_token_type must be ${DELEGATION_TOKEN_TYPE} (an approved delegation)`);
    if (request.requested_token_type !== undefined && request.requested_token_type !== ACCESS_TOKEN_TYPE)
      throw invalidRequest('requested_token_type', `only ${ACCESS_TOKEN_TYPE} is issued`);
    const invalidGrant = (message: string) => oauthError('validation_failed', 'invalid_grant', message, [{ field: ['subject_token'], message }]);
    const delegation = await this.deps.delegations!.get(request.subject_token);
    // One answer for unknown delegations and other agents' ones: nothing tells which exist.
    if (!delegation || delegation.agentId !== agent.id || delegation.organisationId !== agent.organisationId)
      throw invalidGrant('no such delegation for this agent');
    const state = delegationState(delegation, now);
    if (state !== 'live') throw invalidGrant(`the delegation is ${state}`);
    return delegation;
  }

  /**
   * `private_key_jwt` client authentication (RFC 7523 §2.2), or, for a federated agent, the
   * JWT bearer assertion its platform issued (an `iss` that is a URL, not an agent id).
   */
  private async authenticateClient(request: TokenRequest, issuer: string): Promise<AuthenticatedClient> {
    if (request.client_assertion_type !== CLIENT_ASSERTION_TYPE)
      throw invalidRequest('client_assertion_type', `client authentication is private_key_jwt: client_assertion_type=${CLIENT_ASSERTION_TYPE}`);
    const assertion = request.client_assertion;
    if (!assertion) throw invalidRequest('client_assertion', 'client_assertion is required');
    const invalidClient = (message: string) => oauthError('invalid_client', 'invalid_client', message);
    if (assertion.length > MAX_JWT_BYTES) throw invalidClient(`the client assertion is longer than ${MAX_JWT_BYTES} bytes`);

    let unverified: { iss?: unknown; sub?: unknown };
    try {
      unverified = decodeJwt(assertion);
    } catch {
      throw invalidClient('the client assertion is not a JWT');
    }
    const clientId = unverified.iss;
    if (typeof clientId === 'string' && clientId.includes('://')) return this.authenticateFederated(request, assertion, clientId, unverified.sub);
    if (typeof clientId !== 'string' || clientId.length > 200) throw invalidClient('the client assertion names no client (iss)');
    if (request.client_id !== undefined && request.client_id !== clientId) throw invalidClient('client_id differs from the assertion’s iss');
    const agent = await this.deps.agents.get(clientId);
    // One answer for unknown and revoked clients (and federated ones, which hold no key): nothing tells which agents exist.
    if (!agent || agent.revokedAt || !agent.jwk) throw invalidClient('unknown or revoked client');
    if (this.federatedOnly) throw staticCredentialsDisabled('invalid_client');
    const jwk = agent.jwk;

    const now = this.deps.clock.now();
    if (registrationExpired(agent, now)) throw invalidClient("the agent's registration has expired: register it again with a new key");
    const tokenEndpoint = AgentService.tokenEndpointOf(issuer);
    const algorithms = algorithmsFor(jwk);
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(assertion, async (header) => importJWK(jwk as JWK, header.alg), {
        algorithms,
        issuer: agent.id,
        subject: agent.id,
        audience: [tokenEndpoint, issuer],
        requiredClaims: ['exp', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: now,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw oauthError('assertion_expired', 'invalid_client', 'the client assertion has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw invalidClient(`the client assertion's ${error.claim} claim is not valid: ${error.reason}`);
      throw invalidClient('the client assertion is not signed with the registered key (or its algorithm is not allowed)');
    }
    const exp = claims.exp as number;
    if (exp - seconds(now) > MAX_ASSERTION_LIFETIME_S + CLOCK_TOLERANCE_S)
      throw invalidClient(`the client assertion may expire at most ${MAX_ASSERTION_LIFETIME_S} s ahead`);
    const jti = claims.jti;
    if (typeof jti !== 'string' || !jti || jti.length > 200) throw invalidClient('the client assertion needs a jti of at most 200 characters');
    return { agent, exp, replayKey: `assertion#${agent.id}#${jti}` };
  }

  /**
   * A federated agent's platform token (docs/security.md, "Workload identity federation"):
   * verified against the keys of the registered issuer only (never of one the token names),
   * its iss, sub and aud as registered, living at most an hour, its jti (if any) used once.
   */
  private async authenticateFederated(request: TokenRequest, assertion: string, tokenIssuer: string, subject: unknown): Promise<AuthenticatedClient> {
    const invalidClient = (message: string) => oauthError('invalid_client', 'invalid_client', message);
    if (typeof subject !== 'string' || !subject) throw invalidClient('the client assertion names no subject (sub)');
    const agent = request.client_id !== undefined ? await this.deps.agents.get(request.client_id) : await this.deps.agents.findByIdentity(tokenIssuer, subject);
    // One answer for unknown, revoked and key-holding clients: nothing tells which agents exist.
    if (!agent || agent.revokedAt || !agent.federation || !this.deps.federation)
      throw invalidClient('unknown or revoked client (no live agent has this workload identity)');
    const now = this.deps.clock.now();
    if (registrationExpired(agent, now)) throw invalidClient("the agent's registration has expired: register it again");
    const federation = agent.federation;
    if (tokenIssuer !== federation.issuer) throw invalidClient(`the token's iss is not the registered issuer ${federation.issuer}`);
    let keys: Awaited<ReturnType<WorkloadIssuerKeys['keysOf']>>;
    try {
      keys = await this.deps.federation.issuers.keysOf(federation.issuer);
    } catch (error) {
      throw unreachableIssuer(federation.issuer, error);
    }
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(assertion, keys, {
        algorithms: FEDERATION_ALGORITHMS,
        issuer: federation.issuer,
        subject: federation.subject,
        audience: federation.audience,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: now,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw oauthError('assertion_expired', 'invalid_client', 'the platform token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw invalidClient(`the platform token's ${error.claim} claim is not valid: ${error.reason}`);
      if (error instanceof errors.JWKSNoMatchingKey) throw invalidClient("no key of the issuer's JWKS matches the token (its kid or alg)");
      if (error instanceof errors.JOSEAlgNotAllowed) throw invalidClient(`the token's algorithm is not allowed: one of ${FEDERATION_ALGORITHMS.join(', ')}`);
      if (error instanceof errors.JWSSignatureVerificationFailed) throw invalidClient("the token is not signed with the issuer's key");
      if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) throw invalidClient('the client assertion is not a valid JWT');
      throw unreachableIssuer(federation.issuer, error);
    }
    const timeProblem = federatedTimeProblem(claims, seconds(now), CLOCK_TOLERANCE_S);
    if (timeProblem) throw invalidClient(timeProblem);
    const jti = claims.jti;
    if (jti !== undefined && (typeof jti !== 'string' || !jti || jti.length > 200))
      throw invalidClient('the token’s jti must be a string of at most 200 characters');
    const issuerHash = createHash('sha256').update(federation.issuer).digest('base64url');
    return { agent, exp: claims.exp as number, replayKey: typeof jti === 'string' ? `federated#${issuerHash}#${jti}` : undefined };
  }

  /** An access token presented to the API, as a principal; the agent is read, so revocation applies at once. */
  async authenticate(credential: AgentCredential): Promise<Principal> {
    const { claims, issuer } = await this.verifiedClaims(credential);
    return this.principalOfClaims(claims, credential, issuer);
  }

  /**
   * For writes that re-check the credential inside their own transaction (the autosave):
   * a token exchanged for a key this process confirmed within the last minute does not
   * read the key again, and comes with the guard the write must include (key-exchange.ts
   * `principalForWrite`); every other token is authenticated in full, without a guard.
   */
  async authenticateForWrite(credential: AgentCredential): Promise<{ principal: Principal; guard?: TokenGuard }> {
    const { claims, issuer } = await this.verifiedClaims(credential);
    if (claims[API_KEY_CLAIM] !== true || !this.deps.keyExchange) return { principal: await this.principalOfClaims(claims, credential, issuer) };
    const written = await this.deps.keyExchange.principalForWrite(claims);
    await this.checkBinding(claims, credential, issuer, false);
    return written;
  }

  /**
   * What access tokens are verified with: the signer's published keys (imported once, not on
   * every request) and the issuer, with the tokens this process verified with them. Built
   * again, forgetting those tokens, whenever the keys (a rotation, a key retired) or the
   * issuer change.
   */
  private verification?: { json: string; issuer: string; keys: ReturnType<typeof createLocalJWKSet>; verified: Map<string, Record<string, unknown>> };

  private async verificationFor(issuer: string) {
    const jwks = (await this.deps.signer!.jwks()) as { keys: JWK[] };
    const json = JSON.stringify(jwks);
    if (this.verification?.json !== json || this.verification.issuer !== issuer)
      this.verification = { json, issuer, keys: createLocalJWKSet(jwks), verified: new Map() };
    return this.verification;
  }

  /** The claims of an access token AIM signed for its API, verified (signature, issuer, audience, type, lifetime). */
  private async verifiedClaims(credential: AgentCredential): Promise<{ claims: Record<string, unknown>; issuer: string }> {
    const issuer = this.deps.issuer()?.replace(/\/+$/, '');
    if (!issuer || !this.deps.signer) throw unauthenticated('the bearer token is not valid');
    if (credential.token.length > MAX_JWT_BYTES) throw unauthenticated(`the access token is longer than ${MAX_JWT_BYTES} bytes`);
    const now = this.deps.clock.now();
    const verification = await this.verificationFor(issuer);
    // The same token string verified by the same keys for the same issuer verifies again: only
    // the checks against the clock can change their answer, so they alone are made again
    // (with jwtVerify's tolerance; past them the full check below answers, token_expired).
    // Whether the agent, key or delegation behind it still holds is never taken from here.
    const known = verification.verified.get(credential.token);
    const at = now.getTime() / 1000;
    if (known && at < (known.exp as number) + CLOCK_TOLERANCE_S && (typeof known.nbf !== 'number' || at >= known.nbf - CLOCK_TOLERANCE_S))
      return { claims: known, issuer };
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(credential.token, verification.keys, {
        algorithms: ['ES256'],
        issuer,
        audience: AgentService.audienceOf(issuer),
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: now,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new DomainError('token_expired', 'the access token has expired', [], { error: 'invalid_token' });
      throw unauthenticated('the bearer token is not valid');
    }
    verification.verified.delete(credential.token);
    verification.verified.set(credential.token, claims);
    // Maps keep insertion order: the least recently verified go first.
    while (verification.verified.size > VERIFIED_TOKENS) verification.verified.delete(verification.verified.keys().next().value!);
    return { claims, issuer };
  }

  private async principalOfClaims(claims: Record<string, unknown>, credential: AgentCredential, issuer: string): Promise<Principal> {
    const now = this.deps.clock.now();
    // A token exchanged for a key rests on that key, read again now (key-exchange.ts).
    if (claims[API_KEY_CLAIM] === true) {
      if (!this.deps.keyExchange) throw unauthenticated('the bearer token is not valid');
      const principal = await this.deps.keyExchange.principalOf(claims);
      await this.checkBinding(claims, credential, issuer, false);
      return principal;
    }
    // A delegated token names the agent in `act.sub` (its `sub` is the person); the agent's own names it in `sub`.
    const act = claims.act as { sub?: unknown } | undefined;
    const delegated = act !== undefined;
    const agentId = delegated ? act?.sub : claims.sub;
    const agent = typeof agentId === 'string' ? await this.deps.agents.get(agentId) : undefined;
    if (!agent || agent.organisationId !== claims.org) throw unauthenticated('the bearer token is not valid');
    if (agent.revokedAt) throw new DomainError('token_revoked', 'the agent has been revoked', [], { error: 'invalid_token' });
    if (registrationExpired(agent, now)) throw new DomainError('token_expired', "the agent's registration has expired", [], { error: 'invalid_token' });
    // Tokens a `jwk` agent got before the switch to federation only end with it.
    if (agent.jwk && this.federatedOnly) throw staticCredentialsDisabled('invalid_token');
    const delegation = delegated ? await this.liveDelegation(claims, agent, now) : undefined;
    await this.checkBinding(claims, credential, issuer, agent.dpopRequired);
    const scope = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (delegation)
      return {
        tokenId: agent.id,
        label: agent.label,
        role: delegation.role,
        actorType: 'agent',
        organisationId: agent.organisationId,
        scopes: scope.filter((s) => delegation.scopes.includes(s)),
        assessmentId: delegation.assessmentId,
        onBehalfOf: { personId: delegation.personId, name: delegation.personName },
      };
    return {
      tokenId: agent.id,
      label: agent.label,
      role: agent.role,
      actorType: 'agent',
      organisationId: agent.organisationId,
      scopes: scope.filter((s) => agent.scopes.includes(s)),
      ...(agent.assessmentId ? { assessmentId: agent.assessmentId } : {}),
    };
  }

  /** Sender constraint (RFC 9449): a token bound to a key needs its scheme and a proof by that key; an unbound one may not claim to be. */
  private async checkBinding(claims: Record<string, unknown>, credential: AgentCredential, issuer: string, dpopRequired: boolean): Promise<void> {
    const jkt = (claims.cnf as { jkt?: unknown } | undefined)?.jkt;
    const refuseProof = (message: string) => new DomainError('invalid_dpop_proof', message, [], { error: 'invalid_dpop_proof' });
    if (typeof jkt === 'string') {
      if (credential.scheme !== 'DPoP')
        throw refuseProof('this access token is bound to a key (DPoP): send it as Authorization: DPoP <token> with a DPoP proof');
      if (!credential.dpop) throw refuseProof('a DPoP proof is required in the DPoP header');
      try {
        await this.verifyProof(credential.dpop, { method: credential.method, url: `${issuer}${credential.path}`, accessToken: credential.token, jkt });
      } catch (error) {
        if (error instanceof DpopRefused) throw refuseProof(error.message);
        throw error;
      }
    } else if (credential.scheme === 'DPoP' || dpopRequired) {
      throw refuseProof('this access token is not bound to a DPoP key');
    }
  }

  /**
   * The delegation a delegated token rests on, read on every request so that revoking it
   * (or its expiry, or the person leaving the organisation) takes effect at once; its
   * scopes narrowed to what the person's role allows now.
   */
  private async liveDelegation(claims: Record<string, unknown>, agent: AgentRecord, now: Date): Promise<DelegationRecord> {
    const id = claims.aim_delegation_id;
    const delegation = typeof id === 'string' && this.deps.delegations ? await this.deps.delegations.get(id) : undefined;
    if (!delegation || delegation.agentId !== agent.id || delegation.personId !== claims.sub || delegation.organisationId !== agent.organisationId)
      throw unauthenticated('the bearer token is not valid');
    const state = delegationState(delegation, now);
    if (state !== 'live') throw new DomainError('token_revoked', `the delegation this token rests on is ${state}`, [], { error: 'invalid_token' });
    const membership = await this.deps.memberships?.get(delegation.organisationId, delegation.personId);
    if (!membership)
      throw new DomainError('token_revoked', 'the person this agent acts for no longer belongs to the organisation', [], { error: 'invalid_token' });
    const allowed: readonly string[] = operationsOf(membership.role);
    return { ...delegation, scopes: delegation.scopes.filter((operation) => allowed.includes(operation)) };
  }

  /** Checks a DPoP proof (RFC 9449 §4.3) and spends its jti; the thumbprint of its key. */
  private async verifyProof(proof: string, expect: { method: string; url: string; accessToken?: string; jkt?: string }): Promise<string> {
    if (proof.length > MAX_JWT_BYTES) throw new DpopRefused(`the DPoP proof is longer than ${MAX_JWT_BYTES} bytes`);
    let jwk: Record<string, unknown>;
    try {
      const header = decodeProtectedHeader(proof);
      if (header.typ !== 'dpop+jwt') throw new DpopRefused('the DPoP proof needs typ dpop+jwt');
      if (!header.jwk || typeof header.jwk !== 'object') throw new DpopRefused('the DPoP proof needs its public key in the jwk header');
      jwk = header.jwk as Record<string, unknown>;
    } catch (error) {
      if (error instanceof DpopRefused) throw error;
      throw new DpopRefused('the DPoP proof is not a JWT');
    }
    if (publicJwkProblems(jwk).length) throw new DpopRefused('the DPoP proof’s key is not an acceptable public key');
    const now = this.deps.clock.now();
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(proof, EmbeddedJWK, {
        algorithms: DPOP_ALGORITHMS,
        typ: 'dpop+jwt',
        requiredClaims: ['iat', 'jti', 'htm', 'htu'],
        currentDate: now,
      }));
    } catch {
      throw new DpopRefused('the DPoP proof is not validly signed by its jwk');
    }
    if (claims.htm !== expect.method) throw new DpopRefused(`the DPoP proof is for ${String(claims.htm)}, not ${expect.method}`);
    const htu = typeof claims.htu === 'string' ? claims.htu.split(/[?#]/)[0] : undefined;
    if (htu !== expect.url) throw new DpopRefused(`the DPoP proof is for another URL (htu), not ${expect.url}`);
    const iat = claims.iat as number;
    if (Math.abs(seconds(now) - iat) > DPOP_WINDOW_S) throw new DpopRefused(`the DPoP proof's iat is not within ${DPOP_WINDOW_S} s of now`);
    const jti = claims.jti;
    if (typeof jti !== 'string' || !jti || jti.length > 200) throw new DpopRefused('the DPoP proof needs a jti of at most 200 characters');
    if (expect.accessToken !== undefined) {
      const ath = createHash('sha256').update(expect.accessToken).digest('base64url');
      if (claims.ath !== ath) throw new DpopRefused('the DPoP proof’s ath is not the hash of this access token');
    }
    const thumbprint = await calculateJwkThumbprint(jwk as JWK, 'sha256');
    if (expect.jkt !== undefined && thumbprint !== expect.jkt) throw new DpopRefused('the DPoP proof is signed by another key than the token is bound to');
    if (!(await this.deps.replays.claimOnce(`dpop#${thumbprint}#${jti}`, iat + DPOP_WINDOW_S + CLOCK_TOLERANCE_S)))
      throw new DpopRefused('this DPoP proof (its jti) was already used');
    return thumbprint;
  }
}
