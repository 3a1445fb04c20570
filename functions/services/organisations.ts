import { SCRIPTED_REGISTRATION_EXCEPTION } from '../core/access/agent-keys';
import type { AgentCredentialMode } from '../core/access/credential-policy';
import { authorize } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { actorOf, auditEvent } from './audit';
import type { Actor, Invitation, Organisation } from './entities';
import { sha256 } from './hashing';
import { refuseSecretsInTextAs } from './leaked-secrets';
import type { AgentStore, Clock, IdSource, InvitationStore, OrganisationStore, TokenStore } from './ports';
import { tokenView, type TokenService } from './tokens';
import { KEY_LIFETIME_DAYS, type RegisterOrganisationRequest } from '../contract';
import { newOrganisation } from './new-organisation';

/** Days the first owner's invitation (scripted onboarding under federation only) can be accepted. */
export const FIRST_OWNER_INVITATION_DAYS = 7;

export interface OrganisationServiceDeps {
  organisations: OrganisationStore;
  tokenService: TokenService;
  /** To refuse a name holding a secret and revoke what it gives access to (leaked-secrets.ts); without them names are not checked. */
  keys?: TokenStore;
  invitations?: InvitationStore;
  agents?: AgentStore;
  /** AIM_AGENT_CREDENTIALS: under `federated-only` a platform registrar gets an owner's invitation, not a key. */
  agentCredentials?: AgentCredentialMode;
  clock: Clock;
  ids: IdSource;
}

export class OrganisationService {
  constructor(private readonly deps: OrganisationServiceDeps) {}

  /** The profile of the caller's own organisation (callers pass their principal's organisation). */
  async profile(organisationId: string): Promise<Organisation | undefined> {
    return this.deps.organisations.get(organisationId);
  }

  /**
   * Registers an organisation and mints its first owner key: a script's key (never a person's),
   * privileged and so just in time (PRIVILEGED_KEY_LIFETIME_HOURS): enough to set the
   * organisation up, invite its people and mint the unprivileged keys the script needs.
   * Anonymous (`registrar` absent: the route throttles it), or by a platform admin, who
   * is then the actor of the audit event and the key's creator. Either way the
   * organisation starts unverified and counts in benchmarks only once verified.
   */
  async register(request: RegisterOrganisationRequest, registrar?: Principal) {
    if (registrar) authorize(registrar, 'organisations.register');
    // Its first owner key is a stored secret: none under federation only (people register signed in, keyless).
    this.deps.tokenService.refuseStaticCredentials();
    // An anonymous registrar is named by what it did: the organisation does not exist yet.
    const finder: Actor = registrar
      ? actorOf(registrar)
      : { tokenId: 'organisation-registration', label: 'anonymous organisation registration', role: 'owner', actorType: 'human' };
    if (this.deps.keys) await refuseSecretsInTextAs({ ...this.deps, tokens: this.deps.keys }, finder, [{ field: ['name'], text: request.name }]);
    const organisation = newOrganisation(this.deps.ids.id(), request, this.deps.clock.now().toISOString());
    const { record, secret } = this.deps.tokenService.newToken({
      organisationId: organisation.id,
      role: 'owner',
      actorType: 'agent',
      label: 'first owner',
      createdBy: registrar?.tokenId ?? null,
      // An owner key held by a script is a privileged exception: this one records why it exists.
      exception: SCRIPTED_REGISTRATION_EXCEPTION,
    });
    const actor = registrar ? actorOf(registrar) : { tokenId: record.id, label: record.label, role: record.role, actorType: record.actorType };
    await this.deps.organisations.create(
      organisation,
      { token: record },
      auditEvent(this.deps, {
        organisationId: organisation.id,
        actor,
        operation: 'organisation.register',
        target: { type: 'organisation', id: organisation.id },
        after: organisation,
        at: organisation.createdAt,
      }),
    );
    return { organisation, token: { ...tokenView(record), secret } };
  }

  /**
   * Scripted onboarding by a platform credential: its first owner key as `register` makes
   * it, or under federation only (where the credential is a federated platform agent) an
   * invitation for its first owner instead.
   */
  async registerAsPlatform(request: RegisterOrganisationRequest, registrar: Principal) {
    if (this.deps.agentCredentials !== 'federated-only') return this.register(request, registrar);
    authorize(registrar, 'organisations.register');
    return this.registerWithInvitation(request, registrar);
  }

  /**
   * Scripted onboarding under federation only: the organisation and an invitation for its
   * first owner, a person, in one transaction. The code is returned once (stored as a
   * hash); a signed-in person accepts it and becomes the owner (memberships.ts). Audited on
   * the organisation's trail and on the platform's, both naming the registrar.
   */
  private async registerWithInvitation(request: RegisterOrganisationRequest, registrar: Principal) {
    const actor = actorOf(registrar);
    if (this.deps.keys) await refuseSecretsInTextAs({ ...this.deps, tokens: this.deps.keys }, actor, [{ field: ['name'], text: request.name }]);
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const organisation = newOrganisation(this.deps.ids.id(), request, at);
    const code = `inv_${this.deps.ids.secret()}`;
    const invitation: Invitation = {
      id: this.deps.ids.id(),
      hash: sha256(code),
      organisationId: organisation.id,
      role: 'owner',
      actorType: 'human',
      label: 'first owner',
      tokenExpiresInDays: KEY_LIFETIME_DAYS.default,
      createdBy: registrar.tokenId,
      createdAt: at,
      expiresAt: new Date(now.getTime() + FIRST_OWNER_INVITATION_DAYS * 86_400_000).toISOString(),
      acceptedAt: null,
      acceptedTokenId: null,
      revokedAt: null,
    };
    const { hash: _hash, ...stored } = invitation;
    const view = { ...stored, status: 'pending' as const };
    const target = { type: 'organisation', id: organisation.id };
    await this.deps.organisations.create(organisation, { invitation }, [
      auditEvent(this.deps, { organisationId: organisation.id, actor, operation: 'organisation.register', target, after: organisation, at }),
      auditEvent(this.deps, {
        organisationId: organisation.id,
        actor,
        operation: 'invitation.create',
        target: { type: 'invitation', id: invitation.id },
        after: view,
        at,
      }),
      // The platform's trail: which platform credential registered which organisation.
      auditEvent(this.deps, { organisationId: null, actor, operation: 'organisation.register', target, after: organisation, at }),
    ]);
    return { organisation, invitation: { invitation: view, code, path: `/#/join/${code}` } };
  }
}
