/**
 * Memberships bind a person to an organisation with a role: made when a signed-in person
 * registers an organisation (its first owner) or accepts an invitation, changed and
 * removed by owners (never the last owner), and granted by a platform admin for recovery
 * or for the first platform admin, with the reason in the audit trail.
 */
import { newOrganisation } from './new-organisation';
import type { z } from 'zod';
import { authorize, organisationOf } from '../core/access/policy';
import { isPlatformRole, type Principal } from '../core/access/principal';
import { DomainError, notFound } from '../core/errors';
import type {
  AcceptInvitationRequest,
  ChangeMemberRoleRequest,
  GrantMembershipRequest,
  InvitationPreview,
  Member,
  Membership,
  RegisterOrganisationRequest,
} from '../contract';
import { actorOf, auditEvent } from './audit';
import type { MembershipRecord, Organisation, PersonRecord } from './entities';
import { sha256 } from './hashing';
import { refuseSecretsInText, refuseSecretsInTextAs } from './leaked-secrets';
import { personIdOf } from './people';
import type { AgentStore, Clock, IdSource, InvitationStore, MembershipChange, MembershipStore, OrganisationStore, PersonStore, TokenStore } from './ports';
import { principalOf } from './sessions';

export interface MembershipServiceDeps {
  memberships: MembershipStore;
  people: PersonStore;
  organisations: OrganisationStore;
  invitations: InvitationStore;
  /** To refuse organisation names and grant reasons holding a secret and revoke what it gives access to (leaked-secrets.ts); without them they are not checked. */
  tokens?: TokenStore;
  agents?: AgentStore;
  clock: Clock;
  ids: IdSource;
}

const personActor = (person: PersonRecord, membership: MembershipRecord) => actorOf(principalOf(person, membership));

export class MembershipService {
  constructor(private readonly deps: MembershipServiceDeps) {}

  /** A signed-in person registers an organisation and is its first owner (no key is minted). */
  async registerOrganisation(person: PersonRecord, request: RegisterOrganisationRequest): Promise<{ organisation: Organisation; membership: Membership }> {
    const at = this.deps.clock.now().toISOString();
    const organisation = newOrganisation(this.deps.ids.id(), request, at);
    const membership: MembershipRecord = { personId: person.id, organisationId: organisation.id, role: 'owner', grantedBy: null, createdAt: at };
    if (this.deps.tokens)
      await refuseSecretsInTextAs({ ...this.deps, tokens: this.deps.tokens }, personActor(person, membership), [{ field: ['name'], text: request.name }]);
    await this.deps.organisations.create(
      organisation,
      { membership },
      auditEvent(this.deps, {
        organisationId: organisation.id,
        actor: personActor(person, membership),
        operation: 'organisation.register',
        target: { type: 'organisation', id: organisation.id },
        after: organisation,
        at,
      }),
    );
    return { organisation, membership: { ...membership, organisationName: organisation.name } };
  }

  /** A signed-in person accepts an invitation: it becomes their membership, once. */
  async acceptInvitation(person: PersonRecord, request: z.output<typeof AcceptInvitationRequest>): Promise<{ membership: Membership }> {
    const invitation = await this.deps.invitations.findByHash(sha256(request.code));
    const unusable = () => new DomainError('not_found', 'this invitation does not exist, has expired, or has already been used');
    if (!invitation) throw unusable();
    if (await this.deps.memberships.get(invitation.organisationId, person.id))
      throw new DomainError('already_member', 'you are already a member of this organisation; the invitation stays unused for someone else');
    const at = this.deps.clock.now().toISOString();
    const membership: MembershipRecord = {
      personId: person.id,
      organisationId: invitation.organisationId,
      role: invitation.role as MembershipRecord['role'],
      grantedBy: invitation.createdBy,
      createdAt: at,
    };
    const audit = auditEvent(this.deps, {
      organisationId: invitation.organisationId,
      actor: personActor(person, membership),
      operation: 'invitation.accept',
      target: { type: 'invitation', id: invitation.id },
      after: { personId: person.id, role: membership.role },
      at,
    });
    if ((await this.deps.invitations.acceptAsMember(invitation, membership, at, audit)) === 'conflict') throw unusable();
    const organisation = await this.deps.organisations.get(invitation.organisationId);
    return { membership: { ...membership, organisationName: organisation?.name ?? null } };
  }

  /**
   * What a signed-in person holding an invitation code may know before accepting it: the
   * organisation, who invited them, the role and the expiry. Unknown, accepted, revoked and
   * expired codes, and agents' invitations, get the same 404 as accepting them: nothing to probe.
   */
  async previewInvitation(person: PersonRecord, request: z.output<typeof AcceptInvitationRequest>): Promise<InvitationPreview> {
    const invitation = await this.deps.invitations.findByHash(sha256(request.code));
    const unusable = () => new DomainError('not_found', 'this invitation does not exist, has expired, or has already been used');
    if (!invitation || invitation.actorType === 'agent') throw unusable();
    if (invitation.acceptedAt || invitation.revokedAt || Date.parse(invitation.expiresAt) <= this.deps.clock.now().getTime()) throw unusable();
    const organisation = await this.deps.organisations.get(invitation.organisationId);
    if (!organisation) throw unusable();
    return {
      organisationName: organisation.name,
      invitedBy: await this.nameOf(invitation.organisationId, invitation.createdBy),
      role: invitation.role as InvitationPreview['role'],
      expiresAt: invitation.expiresAt,
      alreadyMember: !!(await this.deps.memberships.get(invitation.organisationId, person.id)),
    };
  }

  /** Who made an invitation: a person (by name), else the owner key that did (by its label). */
  private async nameOf(organisationId: string, createdBy: string): Promise<string> {
    const person = await this.deps.people.get(createdBy);
    if (person) return person.name;
    const key = await this.deps.tokens?.findById?.(organisationId, createdBy);
    return key ? key.label : 'an owner of the organisation';
  }

  async members(principal: Principal): Promise<Member[]> {
    authorize(principal, 'members.list');
    const records = await this.deps.memberships.listForOrganisation(organisationOf(principal));
    return Promise.all(
      records.map(async (m) => {
        const person = await this.deps.people.get(m.personId);
        return {
          person: {
            id: m.personId,
            issuer: person?.issuer ?? '',
            subject: person?.subject ?? '',
            name: person?.name ?? m.personId,
            email: person?.email ?? null,
            lastSignInAt: person?.lastSignInAt ?? null,
          },
          role: m.role as Member['role'],
          grantedBy: m.grantedBy,
          createdAt: m.createdAt,
          scopeId: m.scopeId ?? null,
        };
      }),
    );
  }

  async changeRole(principal: Principal, personId: string, request: z.output<typeof ChangeMemberRoleRequest>): Promise<void> {
    authorize(principal, 'members.manage');
    const organisationId = organisationOf(principal);
    const membership = await this.deps.memberships.get(organisationId, personId);
    if (!membership) throw notFound('member');
    if (membership.role === request.role) return;
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'member.role',
      target: { type: 'person', id: personId },
      before: { role: membership.role },
      after: { role: request.role },
    });
    this.settle(await this.deps.memberships.changeRole(membership, request.role, audit));
  }

  async remove(principal: Principal, personId: string): Promise<void> {
    authorize(principal, 'members.manage');
    const organisationId = organisationOf(principal);
    const membership = await this.deps.memberships.get(organisationId, personId);
    if (!membership) throw notFound('member');
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'member.remove',
      target: { type: 'person', id: personId },
      before: { role: membership.role },
    });
    this.settle(await this.deps.memberships.remove(membership, audit));
  }

  private settle(change: MembershipChange): void {
    if (change === 'last_owner') throw new DomainError('last_owner', 'an organisation keeps at least one owner: make someone else an owner first');
    if (change === 'stale') throw new DomainError('revision_conflict', 'this membership changed meanwhile; reload and try again');
  }

  /**
   * A platform admin grants a person a membership: recovery of an organisation whose
   * owners cannot sign in, or a platform role (the first platform admin is granted with the
   * bootstrap admin credential). The reason is kept in the audit event's hashed `after`
   * and its operation names the grant.
   */
  async grant(principal: Principal, request: z.output<typeof GrantMembershipRequest>): Promise<Membership> {
    authorize(principal, 'memberships.grant');
    const { organisationId, role } = request;
    if ((organisationId === null) !== isPlatformRole(role))
      throw new DomainError('validation_failed', 'platform roles (analyst, admin) go with organisationId null, organisation roles with an organisation', [
        { field: ['role'], message: organisationId === null ? 'a platform role: analyst or admin' : 'an organisation role: owner, leader or respondent' },
      ]);
    if (this.deps.tokens) await refuseSecretsInText({ ...this.deps, tokens: this.deps.tokens }, principal, [{ field: ['reason'], text: request.reason }]);
    const organisation = organisationId ? await this.deps.organisations.get(organisationId) : undefined;
    if (organisationId && !organisation) throw notFound('organisation');
    const at = this.deps.clock.now().toISOString();
    const personId = personIdOf(request.issuer, request.subject);
    // Known by name before they first sign in; their sign-in refreshes it.
    if (!(await this.deps.people.get(personId)))
      await this.deps.people.signedIn({
        id: personId,
        issuer: request.issuer,
        subject: request.subject,
        name: request.name ?? request.subject,
        email: null,
        createdAt: at,
        lastSignInAt: null,
      });
    const existing = await this.deps.memberships.get(organisationId, personId);
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'membership.grant',
      target: { type: 'person', id: personId },
      before: existing ? { role: existing.role } : undefined,
      after: { role, reason: request.reason },
      at,
    });
    const membership: MembershipRecord = existing ?? { personId, organisationId, role, grantedBy: principal.tokenId, createdAt: at };
    if (existing) this.settle(await this.deps.memberships.changeRole(existing, role, audit));
    else if ((await this.deps.memberships.grant(membership, audit)) === 'conflict')
      throw new DomainError('revision_conflict', 'this membership changed meanwhile; try again');
    return { ...membership, role, organisationName: organisation?.name ?? null };
  }
}
