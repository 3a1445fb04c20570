/**
 * Invitations: an owner creates an invite link for a role; a person accepts it signed in
 * (memberships.ts), an agent's invitation yields a key for the agent. Links expire and
 * work once. The code is shown once, stored as a hash.
 */
import { agentInvitationRoleProblems } from '../core/access/agent-keys';
import type { z } from 'zod';
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { DomainError, notFound } from '../core/errors';
import { actorOf, auditEvent } from './audit';
import type { Invitation } from './entities';
import { sha256 } from './hashing';
import type { Clock, IdSource, InvitationStore } from './ports';
import { tokenView, type TokenService } from './tokens';
import { KEY_LIFETIME_DAYS, type AcceptInvitationRequest, type CreateInvitationRequest, type InvitationView } from '../contract';

export type { InvitationView };

export interface InvitationServiceDeps {
  invitations: InvitationStore;
  tokenService: TokenService;
  clock: Clock;
  ids: IdSource;
}

export class InvitationService {
  constructor(private readonly deps: InvitationServiceDeps) {}

  private view({ hash: _hash, ...invitation }: Invitation): InvitationView {
    const now = this.deps.clock.now().getTime();
    const status = invitation.acceptedAt ? 'accepted' : invitation.revokedAt ? 'revoked' : Date.parse(invitation.expiresAt) <= now ? 'expired' : 'pending';
    return { ...invitation, status };
  }

  /** `tokenExpiresInDays` left out: the default key lifetime (the contract fills it in for HTTP requests). */
  async create(principal: Principal, request: Omit<z.output<typeof CreateInvitationRequest>, 'tokenExpiresInDays'> & { tokenExpiresInDays?: number }) {
    authorize(principal, 'invitations.create');
    const organisationId = organisationOf(principal);
    const agentProblems = agentInvitationRoleProblems(request.actorType, request.role);
    if (agentProblems.length) throw new DomainError('validation_failed', 'privileged roles are for people, not agents', agentProblems);
    // An agent's invitation is accepted for a key: none under federation only (people's invitations are unaffected).
    if (request.actorType === 'agent') this.deps.tokenService.refuseStaticCredentials();
    await this.deps.tokenService.refuseSecrets(principal, [{ field: ['label'], text: request.label }]);
    const now = this.deps.clock.now();
    const code = `inv_${this.deps.ids.secret()}`;
    const invitation: Invitation = {
      id: this.deps.ids.id(),
      hash: sha256(code),
      organisationId,
      role: request.role,
      actorType: request.actorType,
      label: request.label,
      tokenExpiresInDays: request.tokenExpiresInDays ?? KEY_LIFETIME_DAYS.default,
      createdBy: principal.tokenId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + request.expiresInDays * 86_400_000).toISOString(),
      acceptedAt: null,
      acceptedTokenId: null,
      revokedAt: null,
    };
    const view = this.view(invitation);
    await this.deps.invitations.create(
      invitation,
      auditEvent(this.deps, {
        organisationId,
        actor: actorOf(principal),
        operation: 'invitation.create',
        target: { type: 'invitation', id: invitation.id },
        after: view,
        at: invitation.createdAt,
      }),
    );
    return { invitation: view, code, path: `/#/join/${code}` };
  }

  async list(principal: Principal): Promise<InvitationView[]> {
    authorize(principal, 'invitations.list');
    return (await this.deps.invitations.list(organisationOf(principal))).map((i) => this.view(i));
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'invitations.revoke');
    const organisationId = organisationOf(principal);
    const at = this.deps.clock.now().toISOString();
    const audit = auditEvent(this.deps, { organisationId, actor: actorOf(principal), operation: 'invitation.revoke', target: { type: 'invitation', id }, at });
    if (!(await this.deps.invitations.revoke(organisationId, id, at, audit))) throw notFound('invitation');
  }

  /**
   * Without a session: anyone holding an agent's invitation code may accept it once, before
   * it expires, and gets the agent's key. A person's invitation (stored as `human`, or
   * without an actor type) needs the person signed in: a key is never a person.
   */
  async accept(request: z.output<typeof AcceptInvitationRequest>) {
    const invitation = await this.deps.invitations.findByHash(sha256(request.code));
    // One answer for unknown, used, revoked and expired codes alike: nothing to probe.
    const unusable = () => new DomainError('not_found', 'this invitation does not exist, has expired, or has already been used');
    if (!invitation) throw unusable();
    const now = this.deps.clock.now();
    const at = now.toISOString();
    // A spent code says nothing more (not even whom it was for); the store re-checks all of this when accepting.
    if (invitation.acceptedAt || invitation.revokedAt || Date.parse(invitation.expiresAt) <= now.getTime()) throw unusable();
    if (invitation.actorType !== 'agent')
      throw new DomainError(
        'sign_in_required',
        'this invitation is for a person: sign in (or create an account), then accept it; keys are for scripts and agents',
      );
    // Accepting an agent's invitation makes a key: none under federation only (left unspent, the owner can revoke it).
    this.deps.tokenService.refuseStaticCredentials();
    const { record, secret } = this.deps.tokenService.newToken({
      organisationId: invitation.organisationId,
      role: invitation.role,
      actorType: 'agent',
      label: invitation.label,
      createdBy: invitation.createdBy,
      // Invitations made before keys had to expire hold null: their key gets the default lifetime.
      expiresInDays: invitation.tokenExpiresInDays ?? undefined,
      // Agents' invitations never carry a privileged role (agentInvitationRoleProblems): no exception to record.
      exception: null,
    });
    const actor = { tokenId: record.id, label: record.label, role: record.role, actorType: record.actorType };
    const audit = auditEvent(this.deps, {
      organisationId: invitation.organisationId,
      actor,
      operation: 'invitation.accept',
      target: { type: 'invitation', id: invitation.id },
      after: { tokenId: record.id },
      at,
    });
    if ((await this.deps.invitations.accept(invitation, record, at, audit)) === 'conflict') throw unusable();
    return { token: { ...tokenView(record), secret } };
  }
}
