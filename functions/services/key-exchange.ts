/**
 * Static keys exchanged for short-lived tokens (docs/security.md, "Static keys: exchange for
 * a token"): the token exchange (RFC 8693) of an `aim_…` key for an access token bound to
 * the API or one assessment, narrowed to the scopes asked; and, on every request, the key
 * the token rests on read again, so revoking or the expiry of the key ends its tokens at once.
 */
import { agentScopes } from '../core/access/agents';
import { type AgentCredentialMode, FEDERATION_ONLY_MESSAGE, staticCredentialsDisabled } from '../core/access/credential-policy';
import { resourceTarget } from '../core/access/key-exchange';
import { isPlatformRole, type Principal } from '../core/access/principal';
import { DomainError, type FieldProblem } from '../core/errors';
import type { TokenRecord } from './entities';
import { sha256 } from './hashing';
import type { AssessmentStore, Clock, TokenGuard, TokenStore } from './ports';
import { effectiveExpiry, isBootstrapAdminId, TOUCH_INTERVAL_MS } from './tokens';

export interface KeyExchangeDeps {
  keys: TokenStore;
  /** To bind a token to one assessment of the key's organisation; without them only the API as a whole is a resource. */
  assessments?: AssessmentStore;
  clock: Clock;
  /** AIM_AGENT_CREDENTIALS: `federated-only` exchanges no key, and ends the tokens already exchanged. */
  agentCredentials?: AgentCredentialMode;
}

/** What an exchange grants: the key, and the token's scopes, assessment and longest lifetime. */
export interface KeyGrant {
  key: TokenRecord;
  principal: Principal;
  scopes: string[];
  assessmentId?: string;
  /** The key's remaining life: the token lives no longer. */
  maxLifetimeSeconds: number;
}

const oauthError = (error: string, message: string, field: string) =>
  new DomainError('validation_failed', message, [{ field: [field], message } satisfies FieldProblem], { error, error_description: message });

/** A key as the principal it is: every key acts as an agent (tokens.ts). */
const keyPrincipal = (record: Pick<TokenRecord, 'id' | 'label' | 'role' | 'organisationId'>): Principal => ({
  tokenId: record.id,
  label: record.label,
  role: record.role,
  actorType: 'agent',
  organisationId: record.organisationId,
  ...(isBootstrapAdminId(record.id) ? { bootstrap: true } : {}),
});

/** Keys a process remembers at most (see `principalForWrite`). */
const REMEMBERED_KEYS = 10_000;

/** A key as last confirmed by reading it: what a write's principal and guard need. */
interface ConfirmedKey {
  key: Pick<TokenRecord, 'id' | 'hash' | 'label' | 'role' | 'organisationId'>;
  at: number;
  /** A key stored without an expiry: how long after its creation it stops (effectiveExpiry). */
  noExpiryLifetimeMs?: number;
}

/** The principal of a token exchanged for `key`: the key's, narrowed by the token's scopes and assessment. */
function tokenPrincipal(key: Pick<TokenRecord, 'id' | 'hash' | 'label' | 'role' | 'organisationId'>, claims: Record<string, unknown>): Principal {
  const allowed = agentScopes(key.role, undefined, undefined).scopes as readonly string[];
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  const assessmentId = typeof claims.assessment_id === 'string' ? claims.assessment_id : undefined;
  return {
    ...keyPrincipal(key),
    scopes: scope.filter((s) => allowed.includes(s)),
    ...(assessmentId ? { assessmentId } : {}),
    exchangedKey: { hash: key.hash },
  };
}

export class KeyExchange {
  constructor(private readonly deps: KeyExchangeDeps) {}

  /**
   * Keys this process read and found live lately, by organisation and id. A write with a
   * token exchanged for one of them skips reading the key again and re-checks it inside
   * its own transaction instead (`principalForWrite`), as a remembered key's write does
   * (tokens.ts `authenticateForWrite`).
   */
  private readonly confirmed = new Map<string, ConfirmedKey>();

  private remember(key: TokenRecord, at: number) {
    const id = `${key.organisationId}/${key.id}`;
    this.confirmed.delete(id);
    const noExpiryLifetimeMs = key.expiresAt ? undefined : Date.parse(effectiveExpiry(key)) - Date.parse(key.createdAt);
    this.confirmed.set(id, {
      key: { id: key.id, hash: key.hash, label: key.label, role: key.role, organisationId: key.organisationId },
      at,
      ...(noExpiryLifetimeMs === undefined ? {} : { noExpiryLifetimeMs }),
    });
    // Maps keep insertion order: drop the least recently confirmed keys first.
    while (this.confirmed.size > REMEMBERED_KEYS) this.confirmed.delete(this.confirmed.keys().next().value!);
  }

  /** The subject token of a key exchange: a live key, the resource it asks for, the scopes within its role. */
  async grant(request: { subject_token?: string; scope?: string; resource?: string }, audience: string): Promise<KeyGrant> {
    const target = resourceTarget(request.resource, audience);
    if (!target) throw oauthError('invalid_target', `the resource is AIM's API (${audience}) or one assessment (${audience}/assessments/<id>)`, 'resource');
    const secret = request.subject_token;
    if (!secret) throw oauthError('invalid_request', 'subject_token is required: the aim_ key to exchange', 'subject_token');
    const key = await this.deps.keys.findByHash(sha256(secret));
    // Federation only: a key is no grant (RFC 8693 §2.2.2), whoever holds it; the description names the setting.
    if (this.deps.agentCredentials === 'federated-only' && !(key && isBootstrapAdminId(key.id)))
      throw new DomainError('static_credentials_disabled', FEDERATION_ONLY_MESSAGE, [{ field: ['subject_token'], message: FEDERATION_ONLY_MESSAGE }], {
        error: 'invalid_grant',
        error_description: FEDERATION_ONLY_MESSAGE,
      });
    // One answer for unknown, revoked and expired keys at the token endpoint (RFC 8693 §2.2.2: invalid_grant).
    const now = this.deps.clock.now();
    const remainingMs = key ? Date.parse(effectiveExpiry(key)) - now.getTime() : 0;
    if (!key || key.revokedAt || remainingMs <= 0) throw oauthError('invalid_grant', 'the key is unknown, revoked or expired', 'subject_token');
    if (target.assessmentId !== undefined) await this.assessmentOf(key, target.assessmentId);

    // The task names what it needs: no token carries the key's whole role unasked (docs/security.md).
    const requested = request.scope?.split(' ').filter(Boolean);
    if (!requested?.length)
      throw oauthError('invalid_scope', `scope is required: the operations this task needs, space-separated, within the key's role (${key.role})`, 'scope');
    const { scopes, problems } = agentScopes(key.role, requested, target.assessmentId);
    if (problems.length)
      throw oauthError(
        'invalid_scope',
        `not within the key's role (${key.role}): ${problems.map((p) => requested?.[p.field[1] as number]).join(' ')}`,
        'scope',
      );
    await this.touch(key, now);
    const principal = keyPrincipal(key);
    return { key, principal, scopes, assessmentId: target.assessmentId, maxLifetimeSeconds: Math.floor(remainingMs / 1000) };
  }

  /** A key's last use (GET /v1/tokens) is its exchange and every use of its tokens, as of a key presented itself (tokens.ts). */
  private async touch(key: TokenRecord, now: Date): Promise<void> {
    if (key.lastUsedAt && now.getTime() - Date.parse(key.lastUsedAt) <= TOUCH_INTERVAL_MS) return;
    if (!(await this.deps.keys.touch(key.hash, now.toISOString())))
      throw new DomainError('unauthenticated', 'the bearer token is not valid', [], { error: 'invalid_token' });
  }

  /** The assessment a token is bound to: one of the key's organisation, else invalid_target (nothing says whose it is). */
  private async assessmentOf(key: TokenRecord, assessmentId: string): Promise<void> {
    const found =
      key.organisationId !== null && !isPlatformRole(key.role) && this.deps.assessments
        ? await this.deps.assessments.get(key.organisationId, assessmentId)
        : undefined;
    if (!found) throw oauthError('invalid_target', 'no such assessment in the organisation of this key', 'resource');
  }

  /**
   * The principal of a key-backed access token: the key read again (revoked or expired → 401,
   * as the key itself is), narrowed by the token's scopes and assessment.
   */
  async principalOf(claims: Record<string, unknown>): Promise<Principal> {
    const invalid = () => new DomainError('unauthenticated', 'the bearer token is not valid', [], { error: 'invalid_token' });
    const org = claims.org;
    if (typeof claims.sub !== 'string' || (org !== null && typeof org !== 'string') || !this.deps.keys.findById) throw invalid();
    const key = await this.deps.keys.findById(org, claims.sub);
    if (this.deps.agentCredentials === 'federated-only' && !(key && isBootstrapAdminId(key.id))) throw staticCredentialsDisabled('invalid_token');
    if (!key || key.role !== claims.role) throw invalid();
    if (key.revokedAt) throw new DomainError('token_revoked', 'the key this token was exchanged for has been revoked', [], { error: 'invalid_token' });
    if (Date.parse(effectiveExpiry(key)) <= this.deps.clock.now().getTime())
      throw new DomainError('token_expired', 'the key this token was exchanged for has expired', [], { error: 'invalid_token' });
    const now = this.deps.clock.now();
    await this.touch(key, now);
    this.remember(key, now.getTime());
    return tokenPrincipal(key, claims);
  }

  /**
   * For writes that re-check the key inside their own transaction (the autosave): a key
   * this process confirmed within the last minute (TOUCH_INTERVAL_MS, so that its last use
   * stays accurate to the minute) is not read again; the principal comes with the guard
   * the write must include, which fails if the key has been revoked, has expired or is
   * gone. Otherwise the key is read (`principalOf`) and no guard is needed.
   */
  async principalForWrite(claims: Record<string, unknown>): Promise<{ principal: Principal; guard?: TokenGuard }> {
    const hit = typeof claims.sub === 'string' ? this.confirmed.get(`${claims.org}/${claims.sub}`) : undefined;
    const now = this.deps.clock.now();
    const usable =
      hit &&
      now.getTime() - hit.at < TOUCH_INTERVAL_MS &&
      hit.key.role === claims.role &&
      // Federation only ends exchanged tokens (but the bootstrap credential's): decided on the full path.
      (this.deps.agentCredentials !== 'federated-only' || isBootstrapAdminId(hit.key.id));
    if (!usable) return { principal: await this.principalOf(claims) };
    const legacyCreatedAfter = hit.noExpiryLifetimeMs !== undefined && new Date(now.getTime() - hit.noExpiryLifetimeMs).toISOString();
    return {
      principal: tokenPrincipal(hit.key, claims),
      guard: { hash: hit.key.hash, at: now.toISOString(), ...(legacyCreatedAfter ? { legacyCreatedAfter } : {}) },
    };
  }
}
