/**
 * Tokens are the identities: a random secret shown once, stored only as its SHA-256
 * hash, with organisation (or platform), role, actor type, label, creator and expiry.
 */
import { humanKeyProblems, isPrivilegedRole, keyExceptionProblems, privilegedKeyLifetimeProblems } from '../core/access/agent-keys';
import type { z } from 'zod';
import { type AgentCredentialMode, staticCredentialsDisabled } from '../core/access/credential-policy';
import { authorize, operationsOf } from '../core/access/policy';
import { OrganisationRole, PlatformRole, isPlatformRole, type Principal, type Role } from '../core/access/principal';
import { DomainError, notFound } from '../core/errors';
import { actorOf, auditEvent } from './audit';
import { refuseSecretsInText, type LeakedSecretDeps, type TextField } from './leaked-secrets';
import type { TokenRecord } from './entities';
import { sha256 } from './hashing';
import type { AgentStore, Clock, IdSource, TokenGuard, TokenStore } from './ports';
import {
  BOOTSTRAP_LIFETIME_HOURS,
  KEY_LIFETIME_DAYS,
  LEGACY_KEY_MAX_AGE_DAYS,
  PRIVILEGED_KEY_LIFETIME_HOURS,
  type MintTokenRequest,
  type TokenList,
  type TokenView,
} from '../contract';

/** The bootstrap admin's token id: fixed by its secret's hash; minted tokens have random UUIDs. */
const BOOTSTRAP_ADMIN_PREFIX = 'bootstrap-admin-';
const bootstrapAdminId = (hash: string) => `${BOOTSTRAP_ADMIN_PREFIX}${hash.slice(0, 12)}`;
export const isBootstrapAdminId = (tokenId: string) => tokenId.startsWith(BOOTSTRAP_ADMIN_PREFIX);

/** A token as shown to callers (the contract's `Token`): never the hash, the secret only right after minting. */
export type { TokenView };

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const BOOTSTRAP_LIFETIME_MS = BOOTSTRAP_LIFETIME_HOURS * 3_600_000;

/** How long a stored key without an expiry lives from its creation: the bootstrap admin's window, or the legacy limit. */
const noExpiryLifetimeMs = (record: Pick<TokenRecord, 'id'>) => (isBootstrapAdminId(record.id) ? BOOTSTRAP_LIFETIME_MS : LEGACY_KEY_MAX_AGE_DAYS * DAY_MS);

/**
 * When a key stops working: its own expiry; for a key stored without one (before keys had
 * to expire, or a bootstrap admin record written before it had a window),
 * LEGACY_KEY_MAX_AGE_DAYS after its creation, or BOOTSTRAP_LIFETIME_HOURS for the
 * bootstrap admin. Every key has an expiry now.
 */
export function effectiveExpiry(record: Pick<TokenRecord, 'id' | 'createdAt' | 'expiresAt'>): string {
  if (record.expiresAt) return record.expiresAt;
  return new Date(Date.parse(record.createdAt) + noExpiryLifetimeMs(record)).toISOString();
}

/**
 * The view shows the expiry that applies, so a stored key without one shows when it will be
 * refused; keys stored before privileged keys needed a reason show no exception.
 */
export const tokenView = ({ hash: _hash, ...view }: TokenRecord): TokenView => ({
  ...view,
  expiresAt: effectiveExpiry(view),
  exception: view.exception ?? null,
  sharedUse: view.sharedUse ?? null,
});

/** What the bootstrap admin credential records as its exception: a privileged key no script should hold. */
const BOOTSTRAP_EXCEPTION = `the operator's bootstrap credential (AIM_ADMIN_TOKEN, or the admin secret in AWS): only grants memberships, for ${BOOTSTRAP_LIFETIME_HOURS} hours from when its secret was first applied`;

/** Last-use times are written at most this often per token, to keep reads cheap. */
export const TOUCH_INTERVAL_MS = 60_000;
/** Token identities a process remembers at most. */
const REMEMBERED_TOKENS = 10_000;

export interface TokenServiceDeps extends Pick<LeakedSecretDeps, 'containment'> {
  tokens: TokenStore;
  /** Agents, for keys minted for one (`agentId`); without them such keys are refused. */
  agents?: AgentStore;
  clock: Clock;
  ids: IdSource;
  /** AIM_AGENT_CREDENTIALS: `federated-only` refuses minting and using keys (but the bootstrap credential); `any` when absent. */
  agentCredentials?: AgentCredentialMode;
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
    /** Days until it expires; every minted key expires (KEY_LIFETIME_DAYS); a privileged one after PRIVILEGED_KEY_LIFETIME_HOURS whatever is asked. */
    expiresInDays?: number;
    /** Why a script needs a privileged role (owner, admin); none for other keys. */
    exception?: string | null;
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
      expiresAt: new Date(
        now.getTime() +
          (isPrivilegedRole(input.role)
            ? PRIVILEGED_KEY_LIFETIME_HOURS * HOUR_MS
            : Math.min(input.expiresInDays ?? KEY_LIFETIME_DAYS.default, KEY_LIFETIME_DAYS.max) * DAY_MS),
      ).toISOString(),
      revokedAt: null,
      lastUsedAt: null,
      exception: input.exception ?? null,
    };
    return { record, secret };
  }

  /** `expiresInDays` left out: the default lifetime, or PRIVILEGED_KEY_LIFETIME_HOURS for a privileged key. */
  async mint(principal: Principal, request: z.output<typeof MintTokenRequest>) {
    authorize(principal, 'tokens.mint');
    this.refuseStaticCredentials();
    // Owners mint for their organisation; admins mint platform tokens only.
    const platform = principal.organisationId === null;
    if (platform !== isPlatformRole(request.role))
      throw new DomainError('validation_failed', `a ${principal.role} token cannot mint a ${request.role} token`, [
        {
          field: ['role'],
          message: platform ? `expected one of: ${PlatformRole.options.join(', ')}` : `expected one of: ${OrganisationRole.options.join(', ')}`,
        },
      ]);
    // People sign in; a key is always a script's or an agent's (the contract refuses `human` too).
    const personProblems = humanKeyProblems(request.actorType);
    if (personProblems.length) throw new DomainError('validation_failed', 'keys are not for people: sign in instead', personProblems);
    // A privileged key is a recorded exception (it must say why) and just in time (it lives an hour).
    const exceptionProblems = [...keyExceptionProblems(request.role, request.exception), ...privilegedKeyLifetimeProblems(request.role, request.expiresInDays)];
    if (exceptionProblems.length) throw new DomainError('validation_failed', 'a privileged key is a recorded, just-in-time exception', exceptionProblems);
    await this.refuseSecrets(principal, [
      { field: ['label'], text: request.label },
      ...(request.exception ? [{ field: ['exception'], text: request.exception }] : []),
    ]);
    const { record: minted, secret } = this.newToken({
      ...request,
      actorType: 'agent',
      organisationId: principal.organisationId,
      createdBy: principal.tokenId,
    });
    // A key minted for an agent belongs to it: listed under it, revoked with it (containment.ts).
    const record: TokenRecord = request.agentId ? { ...minted, agentId: await this.agentForKey(principal, request.agentId, request.role) } : minted;
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

  /**
   * The agent a key is minted for: live and in the caller's organisation, and the key's role
   * allowing nothing the agent's role does not.
   */
  private async agentForKey(principal: Principal, agentId: string, role: Role): Promise<string> {
    const refuse = (message: string, field = 'agentId') => new DomainError('validation_failed', message, [{ field: [field], message }]);
    const agent = this.deps.agents ? await this.deps.agents.get(agentId) : undefined;
    if (!agent || agent.organisationId !== principal.organisationId) throw refuse('no agent with this id in the organisation');
    if (agent.revokedAt || agent.expiresAt <= this.deps.clock.now().toISOString()) throw refuse('the agent is revoked or its registration has expired');
    const allowed: readonly string[] = operationsOf(agent.role);
    if (!operationsOf(role).every((operation) => allowed.includes(operation)))
      throw refuse(`the key's role may not exceed the agent's role (${agent.role})`, 'role');
    return agent.id;
  }

  /**
   * Labels, reasons and other short texts are checked like answers (leaked-secrets.ts): a
   * secret in one is refused, and an AIM key found there is revoked at once.
   */
  refuseSecrets(principal: Principal, fields: readonly TextField[]): Promise<void> {
    return refuseSecretsInText(this.deps, principal, fields);
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
      // The web app offers keys and public-key agents only where they are taken.
      agentCredentials: this.deps.agentCredentials ?? 'any',
    };
  }

  /** The keys, and how many of them still work and are privileged, so an owner sees the share of exceptions. */
  async list(principal: Principal): Promise<TokenList> {
    authorize(principal, 'tokens.list');
    const tokens = (await this.deps.tokens.list(principal.organisationId)).map(tokenView);
    const now = this.deps.clock.now().getTime();
    const live = tokens.filter((t) => !t.revokedAt && Date.parse(effectiveExpiry(t)) > now);
    return { tokens, summary: { live: live.length, privileged: live.filter((t) => isPrivilegedRole(t.role)).length } };
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
  private readonly remembered = new Map<string, { principal: Principal; at: number; noExpiryLifetimeMs?: number }>();

  private remember(hash: string, principal: Principal, at: number, record: TokenRecord) {
    this.remembered.delete(hash);
    // A key without a stored expiry: the write's guard checks its age instead (effectiveExpiry).
    this.remembered.set(hash, { principal, at, ...(record.expiresAt ? {} : { noExpiryLifetimeMs: noExpiryLifetimeMs(record) }) });
    // Maps keep insertion order: drop the least recently confirmed identities first.
    while (this.remembered.size > REMEMBERED_TOKENS) this.remembered.delete(this.remembered.keys().next().value!);
  }

  /** Federation only: no key is made or taken for an agent (invitations ask here too before making one). */
  refuseStaticCredentials(): void {
    if (this.deps.agentCredentials === 'federated-only') throw staticCredentialsDisabled();
  }

  /** Resolves a bearer secret to its principal, or explains why it cannot. */
  async authenticate(secret: string | undefined): Promise<Principal> {
    if (!secret) throw new DomainError('unauthenticated', 'a bearer token is required: Authorization: Bearer <token>');
    const hash = sha256(secret);
    const record = await this.deps.tokens.findByHash(hash);
    if (!record) throw new DomainError('unauthenticated', 'the bearer token is not valid');
    const now = this.deps.clock.now();
    if (record.revokedAt) throw new DomainError('token_revoked', 'the bearer token has been revoked');
    if (Date.parse(effectiveExpiry(record)) <= now.getTime())
      throw new DomainError(
        'token_expired',
        isBootstrapAdminId(record.id)
          ? `the bootstrap admin credential has expired: it lives ${BOOTSTRAP_LIFETIME_HOURS} hours from when its secret was first applied; rotate the bootstrap secret (set a new AIM_ADMIN_TOKEN and restart, or locally run npm run admin:grant, or put a new value in the admin secret in AWS) to open a new window`
          : record.expiresAt
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
      // Every key is a script's or an agent's, also one stored as `human` before people signed in, and the bootstrap (break-glass) credential.
      actorType: 'agent',
      organisationId: record.organisationId,
      ...(isBootstrapAdminId(record.id) ? { bootstrap: true } : {}),
    };
    // Checked once the key is known valid (a wrong key gets its usual answer); the bootstrap credential is a person's way in, not an agent's.
    if (!principal.bootstrap) this.refuseStaticCredentials();
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
        // A key without a stored expiry must be young enough (the guard's legacyCreatedAfter).
        const legacyCreatedAfter = hit.noExpiryLifetimeMs !== undefined && new Date(now.getTime() - hit.noExpiryLifetimeMs).toISOString();
        return { principal: hit.principal, guard: { hash, at: now.toISOString(), ...(legacyCreatedAfter ? { legacyCreatedAfter } : {}) } };
      }
    }
    return { principal: await this.authenticate(secret) };
  }

  /**
   * Makes `secret` a valid platform admin token (the bootstrap admin) and revokes any
   * earlier bootstrap admin, so changing AIM_ADMIN_TOKEN rotates it. The API refuses to
   * revoke it (no lock-out), but a secret revoked anyway (reported leaked, rotated away, a
   * hand edit of the table) is never restored: the way back in is a new secret.
   *
   * The credential lives BOOTSTRAP_LIFETIME_HOURS from the first time this secret was
   * applied: applying it again (a restart, a Lambda cold start) keeps that creation time,
   * so only a new secret opens a new window.
   */
  async ensureBootstrapAdmin(secret: string): Promise<void> {
    const hash = sha256(secret);
    const label = 'bootstrap admin';
    const now = this.deps.clock.now().toISOString();
    const existing = await this.deps.tokens.findByHash(hash);
    const id = bootstrapAdminId(hash);
    const actor = { tokenId: id, label, role: 'admin' as const, actorType: 'agent' as const };
    if (!existing) {
      const record: TokenRecord = {
        id,
        hash,
        organisationId: null,
        role: 'admin',
        // The operator's break-glass credential, not a person.
        actorType: 'agent',
        label,
        createdBy: null,
        createdAt: now,
        expiresAt: new Date(Date.parse(now) + BOOTSTRAP_LIFETIME_MS).toISOString(),
        revokedAt: null,
        lastUsedAt: null,
        exception: BOOTSTRAP_EXCEPTION,
      };
      await this.deps.tokens.create(
        record,
        auditEvent(this.deps, { organisationId: null, actor, operation: 'token.bootstrap', target: { type: 'token', id }, after: tokenView(record), at: now }),
      );
    }
    // A revoked bootstrap secret (found leaked, or rotated away) stays revoked: a restart with it
    // does not bring it back. The operator's way in is a new secret, which opens a new window.
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
