/**
 * Data rights: an owner can take all of the organisation's data away as JSON, and can
 * delete the organisation: its answers and tokens go, and its benchmark contributions
 * are withdrawn.
 */
import type { z } from 'zod';
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { neutraliseDisplayText } from '../core/display-text';
import { DomainError, notFound } from '../core/errors';
import { actorOf, auditEvent } from './audit';
import type { Clock, IdSource, InvitationStore, OrganisationDataStore, OrganisationStore, TokenStore } from './ports';
import { tokenView } from './tokens';
import type { DeleteOrganisationRequest } from '../contract';

export interface OrganisationDataDeps {
  organisations: OrganisationStore;
  organisationData: OrganisationDataStore;
  tokens: TokenStore;
  invitations: InvitationStore;
  /** Takes the organisation's submissions out of every benchmark. */
  withdrawFromBenchmarks(organisationId: string): Promise<void>;
  clock: Clock;
  ids: IdSource;
}

export class OrganisationDataService {
  constructor(private readonly deps: OrganisationDataDeps) {}

  async export(principal: Principal) {
    authorize(principal, 'organisation.export');
    const organisationId = organisationOf(principal);
    const organisation = await this.deps.organisations.get(organisationId);
    if (!organisation) throw notFound('organisation');
    const items = await this.deps.organisationData.collect(organisationId);
    const tokens = (await this.deps.tokens.list(organisationId)).map(tokenView);
    const invitations = (await this.deps.invitations.list(organisationId)).map(({ hash: _hash, ...rest }) => rest);
    return {
      exportedAt: this.deps.clock.now().toISOString(),
      organisation,
      tokens,
      invitations,
      assessments: items.assessments,
      submissions: items.submissions,
      targets: items.targets.sort((a, b) => a.questionnaireId.localeCompare(b.questionnaireId) || a.revision - b.revision),
      scopes: items.scopes,
      plans: items.plans,
      milestones: items.milestones,
      evidence: items.evidence.sort((a, b) => a.importedAt.localeCompare(b.importedAt)),
      classificationRules: items.classificationRules[0] ?? null,
      audit: items.audit.sort((a, b) => String(a.at).localeCompare(String(b.at))),
    };
  }

  async delete(principal: Principal, request: z.output<typeof DeleteOrganisationRequest>): Promise<void> {
    authorize(principal, 'organisation.delete');
    const organisationId = organisationOf(principal);
    const organisation = await this.deps.organisations.get(organisationId);
    if (!organisation) throw notFound('organisation');
    if (neutraliseDisplayText(request.confirm, 'name') !== neutraliseDisplayText(organisation.name, 'name'))
      throw new DomainError('validation_failed', 'type the organisation name exactly to confirm its deletion', [
        { field: ['confirm'], message: 'must equal the organisation name' },
      ]);
    const at = this.deps.clock.now().toISOString();
    // The event lives on the platform's trail: the organisation's own trail is erased with it.
    const audit = auditEvent(this.deps, {
      organisationId: null,
      actor: actorOf(principal),
      operation: 'organisation.delete',
      target: { type: 'organisation', id: organisationId },
      at,
    });
    await this.deps.organisationData.markDeleted(organisationId, at, audit);
    await this.deps.withdrawFromBenchmarks(organisationId);
    await this.deps.organisationData.eraseAll(organisationId);
  }
}
