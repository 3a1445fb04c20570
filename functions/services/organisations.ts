import { SCRIPTED_REGISTRATION_EXCEPTION } from '../core/access/agent-keys';
import { authorize } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { actorOf, auditEvent } from './audit';
import type { Actor, Organisation } from './entities';
import { refuseSecretsInTextAs } from './leaked-secrets';
import type { AgentStore, Clock, IdSource, InvitationStore, OrganisationStore, TokenStore } from './ports';
import { tokenView, type TokenService } from './tokens';
import type { RegisterOrganisationRequest } from '../contract';

export interface OrganisationServiceDeps {
  organisations: OrganisationStore;
  tokenService: TokenService;
  /** To refuse a name holding a secret and revoke what it gives access to (leaked-secrets.ts); without them names are not checked. */
  keys?: TokenStore;
  invitations?: InvitationStore;
  agents?: AgentStore;
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
    const organisation: Organisation = {
      id: this.deps.ids.id(),
      ...request,
      createdAt: this.deps.clock.now().toISOString(),
      contributesToBenchmarks: true,
      synthetic: false,
      // It counts in benchmarks only once a platform admin verifies it (docs/benchmarks.md).
      verification: 'unverified',
    };
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
}
