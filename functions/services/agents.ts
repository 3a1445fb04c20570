/**
 * Agents with their own keys (docs/security.md, "Agents"): owners register an agent's
 * public key; the agent obtains short-lived access tokens with the OAuth 2.0
 * client-credentials grant, authenticated by a JWT it signs (`private_key_jwt`, RFC 7523),
 * optionally bound to a DPoP key (RFC 9449); the API accepts those tokens.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, decodeJwt, decodeProtectedHeader, EmbeddedJWK, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { accessTokenClaims, agentScopes, algorithmsFor, publicJwkProblems } from '../core/access/agents';
import { ACCESS_TOKEN_TYPE, DELEGATION_TOKEN_TYPE, delegatedTokenClaims, delegationState, TOKEN_EXCHANGE_GRANT } from '../core/access/delegations';
import { authorize, operationsOf, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { DomainError, notFound, type FieldProblem } from '../core/errors';
import { KEY_LIFETIME_DAYS, LEGACY_KEY_MAX_AGE_DAYS, CLIENT_ASSERTION_TYPE, type RegisterAgentRequest, type TokenRequest } from '../contract';
import { actorOf, auditEvent } from './audit';
import type { AgentRecord, DelegationRecord } from './entities';
import type { AccessTokenSigner, AgentStore, Clock, DelegationStore, IdSource, MembershipStore, ReplayStore } from './ports';

/** Longest JWT read at all (access tokens, assertions, proofs); longer ones are refused before parsing. */
export const MAX_JWT_BYTES = 8192;
/** Clock skew tolerated on `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_S = 30;
/** A client assertion may be valid at most this far ahead. */
const MAX_ASSERTION_LIFETIME_S = 300;
/** A DPoP proof's `iat` must be this recent (either way). */
const DPOP_WINDOW_S = 60;
const DPOP_ALGORITHMS = ['ES256', 'RS256', 'PS256'];

export interface AgentServiceDeps {
  agents: AgentStore;
  replays: ReplayStore;
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

const DAY_MS = 86_400_000;

/** A registration's end: its own, or for one stored before registrations had to expire, LEGACY_KEY_MAX_AGE_DAYS after it was made. */
export const registrationExpiry = (agent: Pick<AgentRecord, 'createdAt'> & { expiresAt?: string | null }) =>
  agent.expiresAt ?? new Date(Date.parse(agent.createdAt) + LEGACY_KEY_MAX_AGE_DAYS * DAY_MS).toISOString();

const registrationExpired = (agent: AgentRecord, now: Date) => Date.parse(registrationExpiry(agent)) <= now.getTime();

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export class AgentService {
  constructor(private readonly deps: AgentServiceDeps) {}

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
  async register(principal: Principal, request: Omit<RegisterAgentRequest, 'expiresInDays'> & { expiresInDays?: number }): Promise<AgentRecord> {
    authorize(principal, 'agents.register');
    const organisationId = organisationOf(principal);
    const { scopes, problems } = agentScopes(request.role, request.scopes, request.assessmentId);
    problems.push(...publicJwkProblems(request.jwk));
    if (problems.length) throw new DomainError('validation_failed', 'the agent cannot be registered as asked', problems);
    // Only the public members of the key are kept (no kid, alg, use or unknown extras beyond these).
    const jwk = Object.fromEntries(Object.entries(request.jwk).filter(([name]) => ['kty', 'crv', 'x', 'y', 'n', 'e', 'alg', 'kid'].includes(name)));
    let jkt: string;
    try {
      jkt = await calculateJwkThumbprint(jwk as JWK, 'sha256');
    } catch {
      throw new DomainError('validation_failed', 'the key is not a valid JWK', [{ field: ['jwk'], message: 'not a valid JWK' }]);
    }
    const now = this.deps.clock.now().toISOString();
    const agent: AgentRecord = {
      id: this.deps.ids.id(),
      organisationId,
      label: request.label,
      role: request.role,
      scopes,
      assessmentId: request.assessmentId ?? null,
      jwk,
      jkt,
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
    if (outcome === 'conflict') throw notFound('organisation');
    return agent;
  }

  async list(principal: Principal): Promise<AgentRecord[]> {
    authorize(principal, 'agents.list');
    return this.deps.agents.list(organisationOf(principal));
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'agents.revoke');
    const organisationId = organisationOf(principal);
    const at = this.deps.clock.now().toISOString();
    const audit = auditEvent(this.deps, { organisationId, actor: actorOf(principal), operation: 'agent.revoke', target: { type: 'agent', id }, at });
    if (!(await this.deps.agents.revoke(organisationId, id, at, audit))) throw notFound('agent');
  }

  /** The authorization server's metadata (RFC 8414), or undefined when no tokens are issued here. */
  metadata() {
    const { issuer } = this.issuerOrUnavailable();
    return {
      issuer,
      token_endpoint: AgentService.tokenEndpointOf(issuer),
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: this.deps.delegations ? ['client_credentials', TOKEN_EXCHANGE_GRANT] : ['client_credentials'],
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
   * client authentication and optionally DPoP.
   */
  async issueToken(request: TokenRequest, dpop: { proof?: string; method: string }) {
    const { issuer, signer } = this.issuerOrUnavailable();
    if (!request.grant_type) throw invalidRequest('grant_type', 'grant_type is required');
    const exchange = request.grant_type === TOKEN_EXCHANGE_GRANT && this.deps.delegations !== undefined;
    if (request.grant_type !== 'client_credentials' && !exchange)
      throw oauthError('validation_failed', 'unsupported_grant_type', `supported grants: ${this.metadata().grant_types_supported.join(', ')}`, [
        { field: ['grant_type'], message: 'expected client_credentials or the token exchange' },
      ]);
    const { agent, exp, jti } = await this.authenticateClient(request, issuer);
    const now = this.deps.clock.now();
    const delegation = exchange ? await this.delegationToExchange(request, agent, now) : undefined;

    const granted = delegation ? delegation.scopes : agent.scopes;
    const requested = request.scope?.split(' ').filter(Boolean);
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
    if (!(await this.deps.replays.claimOnce(`assertion#${agent.id}#${jti}`, exp + CLOCK_TOLERANCE_S)))
      throw oauthError('assertion_replayed', 'invalid_client', 'this client assertion (its jti) was already used');

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

  /** `private_key_jwt` client authentication (RFC 7523 §2.2): the agent, and its assertion's `exp` and `jti` (spent by the caller). */
  private async authenticateClient(request: TokenRequest, issuer: string): Promise<{ agent: AgentRecord; exp: number; jti: string }> {
    if (request.client_assertion_type !== CLIENT_ASSERTION_TYPE)
      throw invalidRequest('client_assertion_type', `client authentication is private_key_jwt: client_assertion_type=${CLIENT_ASSERTION_TYPE}`);
    const assertion = request.client_assertion;
    if (!assertion) throw invalidRequest('client_assertion', 'client_assertion is required');
    const invalidClient = (message: string) => oauthError('invalid_client', 'invalid_client', message);
    if (assertion.length > MAX_JWT_BYTES) throw invalidClient(`the client assertion is longer than ${MAX_JWT_BYTES} bytes`);

    let clientId: unknown;
    try {
      clientId = decodeJwt(assertion).iss;
    } catch {
      throw invalidClient('the client assertion is not a JWT');
    }
    if (typeof clientId !== 'string' || clientId.length > 200) throw invalidClient('the client assertion names no client (iss)');
    if (request.client_id !== undefined && request.client_id !== clientId) throw invalidClient('client_id differs from the assertion’s iss');
    const agent = await this.deps.agents.get(clientId);
    // One answer for unknown and revoked clients: nothing tells which agents exist.
    if (!agent || agent.revokedAt) throw invalidClient('unknown or revoked client');

    const now = this.deps.clock.now();
    if (registrationExpired(agent, now)) throw invalidClient("the agent's registration has expired: register it again with a new key");
    const tokenEndpoint = AgentService.tokenEndpointOf(issuer);
    const algorithms = algorithmsFor(agent.jwk);
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(assertion, async (header) => importJWK(agent.jwk as JWK, header.alg), {
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
    return { agent, exp, jti };
  }

  /** An access token presented to the API, as a principal; the agent is read, so revocation applies at once. */
  async authenticate(credential: AgentCredential): Promise<Principal> {
    const issuer = this.deps.issuer()?.replace(/\/+$/, '');
    if (!issuer || !this.deps.signer) throw unauthenticated('the bearer token is not valid');
    if (credential.token.length > MAX_JWT_BYTES) throw unauthenticated(`the access token is longer than ${MAX_JWT_BYTES} bytes`);
    const now = this.deps.clock.now();
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(credential.token, createLocalJWKSet((await this.deps.signer.jwks()) as { keys: JWK[] }), {
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
    // A delegated token names the agent in `act.sub` (its `sub` is the person); the agent's own names it in `sub`.
    const act = claims.act as { sub?: unknown } | undefined;
    const delegated = act !== undefined;
    const agentId = delegated ? act?.sub : claims.sub;
    const agent = typeof agentId === 'string' ? await this.deps.agents.get(agentId) : undefined;
    if (!agent || agent.organisationId !== claims.org) throw unauthenticated('the bearer token is not valid');
    if (agent.revokedAt) throw new DomainError('token_revoked', 'the agent has been revoked', [], { error: 'invalid_token' });
    if (registrationExpired(agent, now)) throw new DomainError('token_expired', "the agent's registration has expired", [], { error: 'invalid_token' });
    const delegation = delegated ? await this.liveDelegation(claims, agent, now) : undefined;

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
    } else if (credential.scheme === 'DPoP' || agent.dpopRequired) {
      throw refuseProof('this access token is not bound to a DPoP key');
    }
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
