import { SCRIPTED_REGISTRATION_EXCEPTION } from '../core/access/agent-keys';
import { authorize } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { actorOf, auditEvent } from './audit';
import type { Organisation } from './entities';
import type { Clock, IdSource, OrganisationStore } from './ports';
import { tokenView, type TokenService } from './tokens';
import { KEY_LIFETIME_DAYS, type RegisterOrganisationRequest } from '../contract';

export interface OrganisationServiceDeps {
  organisations: OrganisationStore;
  tokenService: TokenService;
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
   * Registers an organisation and mints its first owner key (which expires like every key).
   * Anonymous (`registrar` absent: the route throttles it), or by a platform admin, who
   * is then the actor of the audit event and the key's creator. Either way the
   * organisation starts unverified and counts in benchmarks only once verified.
   */
  async register(request: RegisterOrganisationRequest, registrar?: Principal) {
    if (registrar) authorize(registrar, 'organisations.register');
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
      actorType: 'human',
      label: 'first owner',
      createdBy: registrar?.tokenId ?? null,
      expiresInDays: KEY_LIFETIME_DAYS.default,
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
