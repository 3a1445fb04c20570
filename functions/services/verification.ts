/**
 * The admins' verification of organisations (docs/benchmarks.md, "Verification"): a
 * queue per state, oldest registration first, and the decision. Approving folds the
 * organisation's submissions into the cohorts (as opting in does); rejecting or
 * un-verifying withdraws them. The participation record changed with the decision is
 * what every fold checks in its own transaction, so a replay cannot undo either.
 */
import type { z } from 'zod';
import { authorize } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { DomainError, notFound } from '../core/errors';
import { decisionAllowed } from '../core/verification/verification';
import { foldScored, scoredOf, withdrawContributions } from './aggregation';
import { actorOf, auditEvent } from './audit';
import type { Organisation } from './entities';
import type { BenchmarkStore, Clock, IdSource, OrganisationStore, VerificationStore } from './ports';
import type { VerificationQueueQuery, VerificationRequest } from '../contract';

export interface VerificationServiceDeps {
  organisations: OrganisationStore;
  verification: VerificationStore;
  benchmarks: BenchmarkStore;
  clock: Clock;
  ids: IdSource;
}

/** Concurrent decisions on one organisation: re-read and decide again a few times. */
const MAX_TRIES = 5;

export class VerificationService {
  constructor(private readonly deps: VerificationServiceDeps) {}

  async queue(principal: Principal, query: z.output<typeof VerificationQueueQuery>) {
    authorize(principal, 'organisations.queue');
    const page = await this.deps.verification.queue(query.status, query.limit, query.cursor);
    // At most 100 small count queries, run together: cheap enough for an admin's page.
    const organisations = await Promise.all(
      page.entries.map(async (entry) => ({ ...entry, submissions: await this.deps.verification.submissionCount(entry.id) })),
    );
    return { organisations, ...(page.next ? { next: page.next } : {}) };
  }

  async decide(principal: Principal, organisationId: string, request: z.output<typeof VerificationRequest>): Promise<{ organisation: Organisation }> {
    authorize(principal, 'organisations.verify');
    const to = request.decision;
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const organisation = await this.deps.organisations.get(organisationId);
      if (!organisation || (organisation as { deletedAt?: string }).deletedAt) throw notFound('organisation');
      const from = organisation.verification;
      if (!decisionAllowed(from, to)) throw new DomainError('verification_unchanged', `the organisation is already ${from}`, [], { verification: from });
      const at = this.deps.clock.now().toISOString();
      const event = (trail: string | null) =>
        auditEvent(this.deps, {
          organisationId: trail,
          actor: actorOf(principal),
          operation: 'organisation.verification',
          target: { type: 'organisation', id: organisationId },
          before: { verification: from },
          after: { verification: to },
          at,
        });
      // On the platform's trail (the admins' record) and in the organisation's own trail.
      const outcome = await this.deps.verification.decide(organisation, to, at, [event(null), event(organisationId)]);
      if (outcome === 'conflict') continue;
      if (to === 'verified') await foldScored(this.deps.benchmarks, (await this.deps.benchmarks.submissionsOf(organisationId)).map(scoredOf));
      else await withdrawContributions(this.deps.benchmarks, organisationId);
      const { deletedAt: _deletedAt, ...rest } = organisation as Organisation & { deletedAt?: string };
      return { organisation: { ...rest, verification: to, verificationDecidedAt: at } };
    }
    throw new DomainError('revision_conflict', 'the organisation kept changing; try again');
  }
}
