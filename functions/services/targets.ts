/**
 * Targets (issue 19): the level an organisation aims for per domain, and optionally overall,
 * on one questionnaire, by a date. Every change is a new revision written with its audit
 * event; a change based on a revision that is no longer the newest conflicts (409) with
 * the current targets in the problem, never overwriting them.
 */
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import type { Questionnaire } from '../core/questionnaire/model';
import type { SetTargetsRequest, Targets } from '../contract';
import { actorOf, auditEvent } from './audit';
import type { Clock, IdSource, TargetStore } from './ports';

export interface TargetServiceDeps {
  targets: TargetStore;
  catalogue: Catalogue;
  clock: Clock;
  ids: IdSource;
}

/** What an audit event's before and after hash: the levels, the date and the note (nothing before the first targets). */
const auditedPart = (targets: Targets | undefined) =>
  targets ? { domains: targets.domains, overall: targets.overall, targetDate: targets.targetDate, note: targets.note } : undefined;

export class TargetService {
  constructor(private readonly deps: TargetServiceDeps) {}

  /** The latest version of a questionnaire (its domains are the ones targets may name); 404 when there is none. */
  latestQuestionnaire(questionnaireId: string): Questionnaire {
    const summary = this.deps.catalogue.list().find((q) => q.id === questionnaireId);
    if (!summary) throw notFound('questionnaire');
    return this.deps.catalogue.get(questionnaireId, summary.latest);
  }

  /** The current targets; 404 `targets_not_set` when none was set. */
  async get(principal: Principal, questionnaireId: string): Promise<Targets> {
    authorize(principal, 'targets.read');
    const organisationId = organisationOf(principal);
    this.latestQuestionnaire(questionnaireId);
    const current = await this.deps.targets.current(organisationId, questionnaireId);
    if (!current) throw new DomainError('targets_not_set', `no targets are set for ${questionnaireId} yet`);
    return current;
  }

  /** Every revision, newest first (empty when none was set). */
  async history(principal: Principal, questionnaireId: string): Promise<Targets[]> {
    authorize(principal, 'targets.read');
    const organisationId = organisationOf(principal);
    this.latestQuestionnaire(questionnaireId);
    return this.deps.targets.history(organisationId, questionnaireId);
  }

  /**
   * The targets the report of an assessment compares with: the organisation's current ones
   * on that questionnaire, read without a policy decision of their own (the report's was made).
   */
  async forReport(organisationId: string, questionnaireId: string): Promise<Targets | undefined> {
    return this.deps.targets.current(organisationId, questionnaireId);
  }

  /** Sets new targets based on `request.revision`; 409 `revision_conflict` with the current targets when it is stale. */
  async set(principal: Principal, questionnaireId: string, request: SetTargetsRequest): Promise<Targets> {
    // A token bound to one assessment never holds targets.write (core/access/agents.ts): the policy refuses it.
    authorize(principal, 'targets.write');
    const organisationId = organisationOf(principal);
    const questionnaire = this.latestQuestionnaire(questionnaireId);
    const known = new Set(questionnaire.domains.map((d) => d.id));
    const unknown = Object.keys(request.domains)
      .filter((domainId) => !known.has(domainId))
      .map((domainId) => ({
        field: ['domains', domainId],
        message: `no domain "${domainId}" in ${questionnaire.id} ${questionnaire.version}; its domains are ${[...known].join(', ')}`,
      }));
    if (unknown.length) throw new DomainError('validation_failed', 'some targets name domains the questionnaire does not have', unknown);

    const current = await this.deps.targets.current(organisationId, questionnaireId);
    const conflict = (latest: Targets | undefined) =>
      new DomainError(
        'revision_conflict',
        latest
          ? `the targets are at revision ${latest.revision}, not ${request.revision}; review the current targets and set them again`
          : `no targets are set yet: send revision 0, not ${request.revision}`,
        [],
        { currentRevision: latest?.revision ?? 0, current: latest ?? null },
      );
    if ((current?.revision ?? 0) !== request.revision) throw conflict(current);

    const now = this.deps.clock.now().toISOString();
    const setBy = actorOf(principal);
    // Domains in the questionnaire's order, so that every revision reads alike.
    const domains = Object.fromEntries(questionnaire.domains.filter((d) => Object.hasOwn(request.domains, d.id)).map((d) => [d.id, request.domains[d.id]!]));
    const targets: Targets = {
      questionnaireId,
      revision: request.revision + 1,
      domains,
      overall: request.overall ?? null,
      targetDate: request.targetDate,
      note: request.note?.trim() ? request.note : null,
      setAt: now,
      setBy,
    };
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: setBy,
      operation: 'targets.set',
      target: { type: 'targets', id: questionnaireId },
      before: auditedPart(current),
      after: auditedPart(targets),
      at: now,
    });
    const outcome = await this.deps.targets.add(organisationId, targets, audit);
    if (outcome === 'conflict') throw conflict(await this.deps.targets.current(organisationId, questionnaireId));
    return targets;
  }
}
