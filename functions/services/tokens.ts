/**
 * Tokens are the identities: a random secret shown once, stored only as its SHA-256
 * hash, with organisation (or platform), role, actor type, label, creator and expiry.
 */
import { agentKeyRoleProblems } from '../core/access/agent-keys';
import type { z } from 'zod';
import { authorize } from '../core/access/policy';
import { OrganisationRole, PlatformRole, isPlatformRole, type Principal, type Role } from '../core/access/principal';
import { DomainError, notFound } from '../core/errors';
import { actorOf, auditEvent } from './audit';
import type { TokenRecord } from './entities';
import { sha256 } from './hashing';
import type { Clock, IdSource, TokenGuard, TokenStore } from './ports';
import { KEY_LIFETIME_DAYS, LEGACY_KEY_MAX_AGE_DAYS, type MintTokenRequest, type TokenView } from '../contract';

/** The bootstrap admin's token id: fixed by its secret's hash; minted tokens have random UUIDs. */
const BOOTSTRAP_ADMIN_PREFIX = 'bootstrap-admin-';
const bootstrapAdminId = (hash: string) => `${BOOTSTRAP_ADMIN_PREFIX}${hash.slice(0, 12)}`;
export const isBootstrapAdminId = (tokenId: string) => tokenId.startsWith(BOOTSTRAP_ADMIN_PREFIX);

/** A token as shown to callers (the contract's `Token`): never the hash, the secret only right after minting. */
export type { TokenView };

const DAY_MS = 86_400_000;

/**
 * When a key stops working: its own expiry; for a key stored before keys had to expire
 * (`expiresAt: null`), LEGACY_KEY_MAX_AGE_DAYS after its creation; never for the
 * bootstrap admin key (set by the operator through AIM_ADMIN_TOKEN).
 */
export function effectiveExpiry(record: Pick<TokenRecord, 'id' | 'createdAt' | 'expiresAt'>): string | null {
  if (record.expiresAt || isBootstrapAdminId(record.id)) return record.expiresAt;
  return new Date(Date.parse(record.createdAt) + LEGACY_KEY_MAX_AGE_DAYS * DAY_MS).toISOString();
}

/** The view shows the expiry that applies, so a stored key without one shows when it will be refused. */
export const tokenView = ({ hash: _hash, ...view }: TokenRecord): TokenView => ({ ...view, expiresAt: effectiveExpiry(view) });

/** Last-use times are written at most this often per token, to keep reads cheap. */
const TOUCH_INTERVAL_MS = 60_000;
/** Token identities a process remembers at most. */
const REMEMBERED_TOKENS = 10_000;

export interface TokenServiceDeps {
  tokens: TokenStore;
  clock: Clock;
  ids: IdSource;
}

export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  /** A new token record and its secret; the caller stores the record. */
  newToken(input: {
    organisationId: string | null;
    role: Role;
    actorType: TokenRecord['actorType'];
    label: string;
    createdBy: string | null;
    /** Days until it expires; every minted key expires (KEY_LIFETIME_DAYS). */
    expiresInDays?: number;
  }) {
    const now = this.deps.clock.now();
    const secret = `aim_${this.deps.ids.secret()}`;
    const record: TokenRecord = {
      id: this.deps.ids.id(),
      hash: sha256(secret),
      organisationId: input.organisationId,
      role: input.role,
      actorType: input.actorType,
      label: input.label,
      createdBy: input.createdBy,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + Math.min(input.expiresInDays ?? KEY_LIFETIME_DAYS.default, KEY_LIFETIME_DAYS.max) * DAY_MS).toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    };
    return { record, secret };
  }

  /** `expiresInDays` left out: the default lifetime (the contract fills it in for HTTP requests). */
  async mint(principal: Principal, request: Omit<z.output<typeof MintTokenRequest>, 'expiresInDays'> & { expiresInDays?: number }) {
    authorize(principal, 'tokens.mint');
    // Owners mint for their organisation; admins mint platform tokens only.
    const platform = principal.organisationId === null;
    if (platform !== isPlatformRole(request.role))
      throw new DomainError('validation_failed', `a ${principal.role} token cannot mint a ${request.role} token`, [
        {
          field: ['role'],
          message: platform ? `expected one of: ${PlatformRole.options.join(', ')}` : `expected one of: ${OrganisationRole.options.join(', ')}`,
        },
      ]);
    const agentProblems = agentKeyRoleProblems(request.actorType, request.role);
    if (agentProblems.length) throw new DomainError('validation_failed', 'privileged roles are for people, not agents', agentProblems);
    const { record, secret } = this.newToken({ ...request, organisationId: principal.organisationId, createdBy: principal.tokenId });
    const view = tokenView(record);
    await this.deps.tokens.create(
      record,
      auditEvent(this.deps, {
        organisationId: principal.organisationId,
        actor: actorOf(principal),
        operation: 'token.mint',
        target: { type: 'token', id: record.id },
        after: view,
        at: record.createdAt,
      }),
    );
    return { ...view, secret };
  }

  /** Who the caller is: the token's own identity, for clients to adapt to their role. */
  session(principal: Principal) {
    authorize(principal, 'session.read');
    return {
      tokenId: principal.tokenId,
      label: principal.label,
      role: principal.role,
      actorType: principal.actorType,
      organisationId: principal.organisationId,
    };
  }

  async list(principal: Principal): Promise<TokenView[]> {
    authorize(principal, 'tokens.list');
    return (await this.deps.tokens.list(principal.organisationId)).map(tokenView);
  }

  async revoke(principal: Principal, tokenId: string): Promise<void> {
    authorize(principal, 'tokens.revoke');
    // Nobody signed in can lock the operator out: the bootstrap admin is retired by changing its secret.
    if (principal.organisationId === null && isBootstrapAdminId(tokenId))
      throw new DomainError(
        'bootstrap_token_protected',
        'the bootstrap admin token cannot be revoked through the API; to retire it, change AIM_ADMIN_TOKEN (in AWS, the admin token secret) and restart: the start revokes the previous one',
      );
    const at = this.deps.clock.now().toISOString();
    const audit = auditEvent(this.deps, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      operation: 'token.revoke',
      target: { type: 'token', id: tokenId },
      at,
    });
    if (!(await this.deps.tokens.revoke(principal.organisationId, tokenId, at, audit))) throw notFound('token');
  }

  /**
   * Token identities (id, label, role, actor type, organisation) never change, so a
   * process may remember them briefly. Validity (revocation, expiry) is never taken
   * from memory: writes that use a remembered identity re-check it in their own
   * transaction (see `authenticateForWrite`).
   */
  private readonly remembered = new Map<string, { principal: Principal; at: number; legacyCreatedAfter?: string }>();

  private remember(hash: string, principal: Principal, at: number, record: TokenRecord) {
    this.remembered.delete(hash);
    // A key without a stored expiry: the write's guard checks its age instead (LEGACY_KEY_MAX_AGE_DAYS).
    const legacy = !record.expiresAt && !isBootstrapAdminId(record.id);
    this.remembered.set(hash, { principal, at, ...(legacy ? { legacyCreatedAfter: new Date(at - LEGACY_KEY_MAX_AGE_DAYS * DAY_MS).toISOString() } : {}) });
    // Maps keep insertion order: drop the least recently confirmed identities first.
    while (this.remembered.size > REMEMBERED_TOKENS) this.remembered.delete(this.remembered.keys().next().value!);
  }

  /** Resolves a bearer secret to its principal, or explains why it cannot. */
  async authenticate(secret: string | undefined): Promise<Principal> {
    if (!secret) throw new DomainError('unauthenticated', 'a bearer token is required: Authorization: Bearer <token>');
    const hash = sha256(secret);
    const record = await this.deps.tokens.findByHash(hash);
    if (!record) throw new DomainError('unauthenticated', 'the bearer token is not valid');
    const now = this.deps.clock.now();
    if (record.revokedAt) throw new DomainError('token_revoked', 'the bearer token has been revoked');
    const expiresAt = effectiveExpiry(record);
    if (expiresAt && Date.parse(expiresAt) <= now.getTime())
      throw new DomainError(
        'token_expired',
        record.expiresAt
          ? 'the bearer token has expired'
          : `the bearer token has expired: keys without an expiry are refused ${LEGACY_KEY_MAX_AGE_DAYS} days after their creation`,
      );
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) > TOUCH_INTERVAL_MS) {
      if (!(await this.deps.tokens.touch(record.hash, now.toISOString()))) throw new DomainError('unauthenticated', 'the bearer token is not valid');
    }
    const principal: Principal = {
      tokenId: record.id,
      label: record.label,
      role: record.role,
      actorType: record.actorType,
      organisationId: record.organisationId,
      ...(isBootstrapAdminId(record.id) ? { bootstrap: true } : {}),
    };
    this.remember(hash, principal, now.getTime(), record);
    return principal;
  }

  /**
   * For writes that can check the token inside their own transaction: a recently
   * confirmed identity is used without reading the token, together with a guard the
   * write must include. Otherwise (or when the guard later fails) a full authentication.
   */
  async authenticateForWrite(secret: string | undefined): Promise<{ principal: Principal; guard?: TokenGuard }> {
    if (secret) {
      const hash = sha256(secret);
      const hit = this.remembered.get(hash);
      const now = this.deps.clock.now();
      // Within the touch interval, so that last use stays accurate to the minute.
      if (hit && now.getTime() - hit.at < TOUCH_INTERVAL_MS) {
        const legacyCreatedAfter = hit.legacyCreatedAfter && new Date(now.getTime() - LEGACY_KEY_MAX_AGE_DAYS * DAY_MS).toISOString();
        return { principal: hit.principal, guard: { hash, at: now.toISOString(), ...(legacyCreatedAfter ? { legacyCreatedAfter } : {}) } };
      }
    }
    return { principal: await this.authenticate(secret) };
  }

  /**
   * Makes `secret` a valid platform admin token (the bootstrap admin) and revokes any
   * earlier bootstrap admin, so changing AIM_ADMIN_TOKEN rotates it. If this secret's
   * token was revoked (the API refuses that, but older versions or a hand edit of the
   * table did not), it is restored with an audit event: whoever sets the environment
   * holds the platform, and a start with the same secret is the way back in.
   */
  async ensureBootstrapAdmin(secret: string): Promise<void> {
    const hash = sha256(secret);
    const label = 'bootstrap admin';
    const existing = await this.deps.tokens.findByHash(hash);
    const id = bootstrapAdminId(hash);
    const actor = { tokenId: id, label, role: 'admin' as const, actorType: 'human' as const };
    if (!existing) {
      const now = this.deps.clock.now().toISOString();
      const record: TokenRecord = {
        id,
        hash,
        organisationId: null,
        role: 'admin',
        actorType: 'human',
        label,
        createdBy: null,
        createdAt: now,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
      };
      await this.deps.tokens.create(
        record,
        auditEvent(this.deps, { organisationId: null, actor, operation: 'token.bootstrap', target: { type: 'token', id }, after: tokenView(record), at: now }),
      );
    } else if (existing.revokedAt) {
      const at = this.deps.clock.now().toISOString();
      await this.deps.tokens.restore(
        hash,
        auditEvent(this.deps, {
          organisationId: null,
          actor,
          operation: 'token.bootstrap-restore',
          target: { type: 'token', id: existing.id },
          before: { revokedAt: existing.revokedAt },
          after: { revokedAt: null },
          at,
        }),
      );
    }
    for (const other of await this.deps.tokens.list(null)) {
      if (other.label === label && other.hash !== hash && !other.revokedAt) {
        const at = this.deps.clock.now().toISOString();
        await this.deps.tokens.revoke(
          null,
          other.id,
          at,
          auditEvent(this.deps, { organisationId: null, actor, operation: 'token.revoke', target: { type: 'token', id: other.id }, at }),
        );
      }
    }
  }
}
