/** What the HTTP layer is given: the services, and a database health probe. */
import type { Context } from 'hono';
import { DomainError } from '../core/errors';
import { clientAddress, type FailedAuthThrottle } from './auth-throttle';
import type { SlidingWindowLimiter, TrustedProxy } from './rate-limit';
import type { Catalogue } from '../core/catalogue/catalogue';
import type { Principal } from '../core/access/principal';
import type { TokenGuard } from '../services/ports';
import type { AssessmentUpgradeService } from '../services/assessment-upgrade';
import { TokenRecheckNeeded, type AssessmentService } from '../services/assessments';
import type { AuditTrailService } from '../services/audit-trail';
import type { AccessAuditService } from '../services/access-audit';
import { forRequest } from './access-audit';
import { refuseInteractiveAgentUse, type Containment } from './interactive-agent-use';
import type { AuditLedgerService } from '../services/audit-ledger';
import type { BenchmarkService } from '../services/benchmarks';
import type { InvitationService } from '../services/invitations';
import type { LeakedSecretService } from '../services/leaked-secrets';
import type { OrganisationDataService } from '../services/organisation-data';
import type { OrganisationService } from '../services/organisations';
import type { ReportService } from '../services/reports';
import type { TargetService } from '../services/targets';
import type { PlanService } from '../services/plan';
import type { MilestoneService } from '../services/milestones';
import type { ScopeService } from '../services/scopes';
import type { AgentService } from '../services/agents';
import type { DelegationService } from '../services/delegations';
import type { PersonRecord } from '../services/entities';
import type { MembershipService } from '../services/memberships';
import type { SessionService } from '../services/sessions';
import { CSRF_HEADER, sessionSecretOf } from './session-cookie';
import type { TokenService } from '../services/tokens';
import type { VerificationService } from '../services/verification';
import type { CredentialSightingService } from '../services/credential-sightings';
import { proofKeyOf, sightingOf } from './credential-sightings';
import type { StaticKeyMode } from '../core/access/key-exchange';

export interface AppDeps {
  catalogue: Catalogue;
  tokens: TokenService;
  /** Agents' keys, the token endpoint, and their JWT access tokens. */
  agents: AgentService;
  /** Revokes what a misused credential's identity holds (services/containment.ts); without it misuse is only refused. */
  containment?: Containment;
  /** People's approvals for agents to act for them. */
  delegations: DelegationService;
  /** People's sessions (the web app's sign-in) and their memberships. */
  sessions: SessionService;
  memberships: MembershipService;
  /** Session cookie lifetime: the absolute limit (AIM_SESSION_MAX_HOURS) in seconds. */
  sessionMaxAgeSeconds: number;
  organisations: OrganisationService;
  assessments: AssessmentService;
  upgrades: AssessmentUpgradeService;
  benchmarks: BenchmarkService;
  reports: ReportService;
  /** Organisations' targets per domain (issue 19). */
  targets: TargetService;
  /** The improvement plan per questionnaire (issue 19, docs/plan.md). */
  plans: PlanService;
  /** Milestones, comparisons of submissions and progress (issue 19). */
  milestones: MilestoneService;
  /** Scopes, the roll-up and respondents restricted to a scope (issue 19). */
  scopes: ScopeService;
  invitations: InvitationService;
  auditTrail: AuditTrailService;
  /** Records reads by agents and keys, and refused calls (access-audit.ts); absent, nothing is recorded. */
  accessAudit?: AccessAuditService;
  /** The audit ledger's integrity check (GET /v1/audit/integrity). */
  auditLedger: AuditLedgerService;
  organisationData: OrganisationDataService;
  verification: VerificationService;
  /** Leak reports from secret scanners (POST /v1/credentials/leaked). */
  leakedSecrets: LeakedSecretService;
  /** Shared-use detection: where keys and agents' tokens are used from; absent, nothing is recorded. */
  sightings?: CredentialSightingService;
  /** Resolves when the database answers. */
  checkDatabase(): Promise<void>;
  maxBodyBytes: number;
  /** AIM_STATIC_KEYS_ON_API: `exchange-only` refuses `aim_…` keys on the API (but the bootstrap credential); `accepted` when absent (config.ts defaults to `exchange-only`). */
  staticKeysOnApi?: StaticKeyMode;
  /** Origin allowed by CORS (the web app's, when served from elsewhere). */
  webOrigin?: string;
  log?: (entry: Record<string, unknown>) => void;
  /** Behind CloudFront: the secret header that makes its CloudFront-Viewer-Address believable (rate-limit.ts). */
  trustedProxy?: TrustedProxy;
  /** Slows clients down after repeated failed authentication. */
  authThrottle?: FailedAuthThrottle;
  /** Organisation registrations per client (POST /v1/organisations). */
  registrationLimit?: SlidingWindowLimiter;
  /** Invitation acceptances per client, wrong codes included (POST /v1/invitations/accept). */
  invitationAcceptLimit?: SlidingWindowLimiter;
  /** Leak reports per client (POST /v1/credentials/leaked): each may revoke keys, unauthenticated. */
  leakReportLimit?: SlidingWindowLimiter;
  /** Report refreshes per client (POST /v1/assessments/{id}/report/refresh): each renders a PDF. */
  reportRefreshLimit?: SlidingWindowLimiter;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const DPOP = /^DPoP\s+(\S+)\s*$/i;

export function bearerSecret(c: Context): string | undefined {
  return BEARER.exec(c.req.header('authorization') ?? '')?.[1];
}

/** The credential of the Authorization header: `Bearer <token>` or `DPoP <token>` (RFC 9449). */
function credentialOf(c: Context): { token: string; scheme: 'Bearer' | 'DPoP' } | undefined {
  const header = c.req.header('authorization') ?? '';
  const bearer = BEARER.exec(header)?.[1];
  if (bearer) return { token: bearer, scheme: 'Bearer' };
  const dpop = DPOP.exec(header)?.[1];
  return dpop ? { token: dpop, scheme: 'DPoP' } : undefined;
}

/** An agent's access token (a JWT, AIM-signed), as opposed to a static `aim_…` secret. */
function agentCredential(c: Context) {
  const credential = credentialOf(c);
  if (!credential || (credential.scheme === 'Bearer' && (credential.token.startsWith('aim_') || !credential.token.includes('.')))) return undefined;
  return { ...credential, dpop: c.req.header('dpop'), method: c.req.method, path: c.req.path };
}

const FAILED_AUTHENTICATION = new Set(['unauthenticated', 'token_expired', 'token_revoked', 'invalid_dpop_proof']);

/**
 * A signed-in person's session cookie, when the request carries no Authorization header
 * (credentials sent explicitly win over the browser's cookie).
 */
function sessionCredential(c: Context) {
  if (c.req.header('authorization')) return undefined;
  const secret = sessionSecretOf(c);
  return secret ? { secret, method: c.req.method, csrfToken: c.req.header(CSRF_HEADER) } : undefined;
}

/** The signed-in person behind the request's session cookie, member of an organisation or not (registering one, accepting an invitation). */
export async function signedInPerson(deps: AppDeps, c: Context): Promise<PersonRecord | undefined> {
  const credential = sessionCredential(c);
  return credential ? (await deps.sessions.authenticate(credential)).person : undefined;
}

/**
 * Full authentication: the token is read, so revocation and expiry apply at once (an
 * agent's record and a person's session and membership are read likewise).
 */
export async function authenticate(deps: AppDeps, c: Context): Promise<Principal> {
  // A principal for this request: its correlation id and decisions reach the audit trail (access-audit.ts).
  const principal = forRequest(c, await authenticated(deps, c));
  await sight(deps, c, principal);
  // A key from a browser is contained first: refusing it for not being exchanged would leave it live.
  await refuseInteractiveAgentUse(c, principal, deps.log, deps.containment);
  return agentCredential(c) || sessionCredential(c) ? principal : refuseStaticKey(deps, principal);
}

/**
 * Shared-use detection (services/credential-sightings.ts): a request by a key or an agent's
 * token is a sighting of it from the client's address (as the brake on guessing takes it:
 * behind CloudFront its viewer address) and its DPoP key; people's sessions are not watched.
 */
async function sight(deps: AppDeps, c: Context, principal: Principal): Promise<void> {
  if (!deps.sightings || principal.personId !== undefined) return;
  const agent = agentCredential(c);
  // A token exchanged for a key is a sighting of that key, where its record lives.
  const credential = principal.exchangedKey
    ? { kind: 'token' as const, id: principal.tokenId, organisationId: principal.organisationId, hash: principal.exchangedKey.hash }
    : sightingOf(principal, agent ? { agentToken: agent.token } : { secret: bearerSecret(c) });
  const jkt = agent?.scheme === 'DPoP' ? proofKeyOf(agent.token) : undefined;
  if (credential) await deps.sightings.record(principal, credential, { address: clientAddress(c), jkt });
}

async function authenticated(deps: AppDeps, c: Context): Promise<Principal> {
  const agent = agentCredential(c);
  if (agent) return throttled(deps, c, () => deps.agents.authenticate(agent), agent.token);
  const session = sessionCredential(c);
  if (session) {
    const { principal } = await deps.sessions.authenticate(session);
    if (!principal) throw new DomainError('no_membership', 'you are signed in but not a member of an organisation yet: register one, or accept an invitation');
    return principal;
  }
  return throttled(deps, c, (secret) => deps.tokens.authenticate(secret));
}

/**
 * AIM_STATIC_KEYS_ON_API=exchange-only (the default): a key is exchanged at the token
 * endpoint, never presented to the API. Checked once the key is known to be valid (a wrong
 * key still gets its usual answer) and, from a browser, contained; not for the bootstrap
 * credential, which only grants memberships and must be able to grant the first one
 * (docs/security.md, "Static keys: exchange for a token").
 */
function refuseStaticKey(deps: AppDeps, principal: Principal): Principal {
  if (deps.staticKeysOnApi !== 'exchange-only' || principal.bootstrap) return principal;
  throw new DomainError(
    'key_exchange_required',
    'this deployment takes no static keys on the API: exchange the key at the token endpoint (POST /v1/oauth/token, grant_type token-exchange, subject_token_type urn:aim:params:oauth:token-type:api-key) and send the access token',
    [],
    { error: 'invalid_token' },
  );
}

/**
 * For writes that re-check the token in their own transaction (the autosave): `run` gets
 * the principal and, when its identity came from memory, the guard it must write in that
 * transaction. If the guard fails, the caller is authenticated in full (and told exactly
 * why it cannot write, or the write is tried again). Every other route authenticates in
 * full (`authenticate`): a write that does not carry the guard must not take a key from
 * memory, or a key revoked a moment ago could still change things.
 */
export async function withWriteAuthentication<T>(deps: AppDeps, c: Context, run: (principal: Principal, guard?: TokenGuard) => Promise<T>): Promise<T> {
  const agent = agentCredential(c);
  // A person's session is authenticated in full (the session and membership read) and needs no guard.
  if (sessionCredential(c)) return run(await authenticate(deps, c));
  // An agent's token exchanged for a recently confirmed key is guarded like that key; other agents' tokens are read in full (agents.ts).
  const { principal, guard } = agent
    ? await throttled(deps, c, () => deps.agents.authenticateForWrite(agent), agent.token)
    : await throttled(deps, c, (secret) => deps.tokens.authenticateForWrite(secret));
  try {
    const scoped = forRequest(c, principal);
    await sight(deps, c, scoped);
    await refuseInteractiveAgentUse(c, scoped, deps.log, deps.containment);
    return await run(agent ? scoped : refuseStaticKey(deps, scoped), guard);
  } catch (error) {
    if (!(error instanceof TokenRecheckNeeded)) throw error;
    return run(await authenticate(deps, c));
  }
}

/**
 * The brake on guessing (auth-throttle.ts): a request without a token is not a guess and
 * gets its normal answer; a secret that authenticated here recently is authenticated in
 * full as usual; only other secrets from a client with too many recent failures get 429,
 * before anything is looked up.
 */
async function throttled<T>(deps: AppDeps, c: Context, check: (secret: string | undefined) => Promise<T>, presented?: string): Promise<T> {
  const secret = presented ?? bearerSecret(c);
  const throttle = deps.authThrottle;
  if (!secret || !throttle) return check(secret);
  const client = clientAddress(c);
  const wait = throttle.retryAfterSeconds(client, secret);
  if (wait > 0) throw new DomainError('too_many_requests', `too many failed authentications from this client; retry in ${wait} s`, [], { retryAfter: wait });
  let result: T;
  try {
    result = await check(secret);
  } catch (error) {
    // A wrong, expired or revoked token counts against its client.
    if (error instanceof DomainError && FAILED_AUTHENTICATION.has(error.code)) throttle.recordFailure(client, secret);
    throw error;
  }
  throttle.recordSuccess(secret);
  return result;
}
