/**
 * The improvement plan (issue 19, docs/plan.md): one per organisation, questionnaire and
 * scope (the whole organisation's when there is no scope), made of the recommended controls of a submitted assessment and carried forward from each
 * later submission. Items are edited one at a time, each at its own revision: a stale edit
 * conflicts (409) with the current item, never overwriting it. Every write commits with its
 * audit event.
 */
import { authorize, isAllowed, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { reaches } from '../core/access/scope-reach';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import { carryForward } from '../core/plan/carry-forward';
import { editPlanItem } from '../core/plan/item-edit';
import { assemblePlan, planSummary } from '../core/plan/listing';
import { recommendedControls } from '../core/plan/recommended';
import type { Assignee, CarryPlanForwardRequest, Plan, PlanItem, PlanOwner, UpdatePlanItemRequest } from '../contract';
import { actorOf, auditEvent } from './audit';
import { answersOf } from './assessments';
import type { Actor, Assessment } from './entities';
import type { AgentStore, AssessmentStore, Clock, IdSource, MembershipStore, PersonStore, PlanStore, ScopeStore } from './ports';

export interface PlanServiceDeps {
  plans: PlanStore;
  assessments: Pick<AssessmentStore, 'get'>;
  memberships: Pick<MembershipStore, 'listForOrganisation' | 'get'>;
  people: Pick<PersonStore, 'get'>;
  agents: Pick<AgentStore, 'list'>;
  scopes: Pick<ScopeStore, 'get'>;
  catalogue: Catalogue;
  clock: Clock;
  ids: IdSource;
}

/** What a plan's audit events hash: the item's fields people and submissions change. */
const auditedItem = (item: PlanItem | undefined) =>
  item && {
    status: item.status,
    owner: item.owner,
    dueDate: item.dueDate,
    wontDoReason: item.wontDoReason,
    notes: item.notes,
    achievedIn: item.achievedIn,
    stillRecommended: item.stillRecommended,
  };

type Submitted = Assessment & Required<Pick<Assessment, 'scores' | 'submittedAt'>>;
const isSubmitted = (a: Assessment): a is Submitted => a.status === 'submitted' && a.scores !== undefined && a.submittedAt !== undefined;

/** Carried forward: 201 when it made the plan, 200 otherwise. */
export interface CarriedPlan {
  plan: Plan;
  created: boolean;
}

export class PlanService {
  constructor(private readonly deps: PlanServiceDeps) {}

  private today() {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  /** The stored plan, ordered, its summary as of today; undefined when there is none. */
  private async load(organisationId: string, questionnaireId: string, scopeId: string | undefined): Promise<Plan | undefined> {
    const plan = await this.deps.plans.get(organisationId, questionnaireId, scopeId);
    return plan && { ...plan, summary: planSummary(plan.items, this.today()) };
  }

  /**
   * The scope whose plan a request means: the one asked for, else the caller's own (a
   * respondent restricted to a scope), else none (the whole organisation). A restricted
   * caller asking for another scope, and anyone naming an unknown scope, get 404, as for
   * assessments (core/access/scope-reach.ts).
   */
  private async scopeOf(principal: Principal, operation: string, organisationId: string, requested: string | undefined): Promise<string | undefined> {
    const scopeId = requested ?? principal.scopeId;
    if (!reaches(principal, { scopeId })) {
      principal.decisions?.push({ outcome: 'refused', operation, reason: 'not_found' });
      throw notFound('plan');
    }
    if (scopeId !== undefined && !(await this.deps.scopes.get(organisationId, scopeId))) throw notFound('scope');
    return scopeId;
  }

  /** What audit events name: the questionnaire, and the scope when the plan is a scope's. */
  private static subject(questionnaireId: string, scopeId: string | undefined) {
    return scopeId === undefined ? questionnaireId : `${questionnaireId}@${scopeId}`;
  }

  private questionnaireExists(questionnaireId: string) {
    if (!this.deps.catalogue.list().some((q) => q.id === questionnaireId)) throw notFound('questionnaire');
  }

  /** The plan; 404 `plan_not_found` when none was made on this questionnaire (in this scope). */
  async get(principal: Principal, questionnaireId: string, requestedScope?: string): Promise<Plan> {
    authorize(principal, 'plan.read');
    const organisationId = organisationOf(principal);
    this.questionnaireExists(questionnaireId);
    const scopeId = await this.scopeOf(principal, 'plan.read', organisationId, requestedScope);
    const plan = await this.load(organisationId, questionnaireId, scopeId);
    if (!plan)
      throw new DomainError(
        'plan_not_found',
        `no plan is made on ${questionnaireId}${scopeId ? ` in scope ${scopeId}` : ''} yet: carry one forward from a submitted assessment`,
      );
    return plan;
  }

  /** The plan a report or a comparison shows, read without a policy decision of its own (the caller's was made). */
  async forReport(organisationId: string, questionnaireId: string, scopeId?: string): Promise<Plan | undefined> {
    return this.load(organisationId, questionnaireId, scopeId);
  }

  /** Makes the plan from a submitted assessment of the scope (or the whole organisation), or carries it forward to a later one. */
  async carryForward(principal: Principal, questionnaireId: string, request: CarryPlanForwardRequest, requestedScope?: string): Promise<CarriedPlan> {
    authorize(principal, 'plan.write');
    const organisationId = organisationOf(principal);
    this.questionnaireExists(questionnaireId);
    const scopeId = await this.scopeOf(principal, 'plan.write', organisationId, requestedScope);
    const assessment = await this.deps.assessments.get(organisationId, request.assessmentId);
    if (!assessment || !reaches(principal, assessment)) throw notFound('assessment');
    if (assessment.questionnaireId !== questionnaireId)
      throw new DomainError('validation_failed', `assessment ${assessment.id} is of ${assessment.questionnaireId}, not ${questionnaireId}`, [
        { field: ['assessmentId'], message: `an assessment of ${questionnaireId} is needed; this one is of ${assessment.questionnaireId}` },
      ]);
    // Each scope has its own plan, made from its own assessments only.
    if ((assessment.scopeId ?? undefined) !== scopeId) {
      const of = (id: string | undefined) => (id === undefined ? 'the whole organisation' : `scope ${id}`);
      throw new DomainError('validation_failed', `assessment ${assessment.id} is of ${of(assessment.scopeId)}, not ${of(scopeId)}`, [
        { field: ['assessmentId'], message: `an assessment of ${of(scopeId)} is needed; this one is of ${of(assessment.scopeId)}` },
      ]);
    }
    if (!isSubmitted(assessment))
      throw new DomainError('assessment_not_submitted', 'a plan is carried forward from a submitted assessment; submit this one first');
    return this.carry(organisationId, assessment, actorOf(principal));
  }

  /**
   * After a submit (services/assessments.ts): when a plan exists on the questionnaire, it
   * follows the new submission, as the submitter. A plan not made yet stays so.
   */
  async afterSubmit(organisationId: string, assessment: Assessment, actor: Actor): Promise<void> {
    if (!isSubmitted(assessment)) return;
    if (!(await this.deps.plans.get(organisationId, assessment.questionnaireId, assessment.scopeId))) return;
    await this.carry(organisationId, assessment, actor);
  }

  private async carry(organisationId: string, assessment: Submitted, actor: Actor): Promise<CarriedPlan> {
    const scopeId = assessment.scopeId ?? undefined;
    const questionnaire = this.deps.catalogue.get(assessment.questionnaireId, assessment.version);
    const recommended = recommendedControls(questionnaire, answersOf(assessment), assessment.scores);
    const submission = { assessmentId: assessment.id, version: assessment.version, submittedAt: assessment.submittedAt };
    // A concurrent edit or carry-forward moves a revision: read again and redo the (pure) work.
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.plans.get(organisationId, assessment.questionnaireId, scopeId);
      const now = this.deps.clock.now().toISOString();
      const result = carryForward<Actor>({
        questionnaireId: assessment.questionnaireId,
        scopeId,
        current: current && { header: current, items: current.items },
        submission,
        recommended,
        actor,
        now,
      });
      if (result.outcome === 'unchanged') return { plan: { ...current!, summary: planSummary(current!.items, this.today()) }, created: false };
      if (result.outcome === 'newer')
        throw new DomainError(
          'plan_newer',
          `the plan already follows a later submission (${current!.basedOn.assessmentId}, submitted ${current!.basedOn.submittedAt}); it cannot go back to an earlier one`,
          [],
          { basedOn: current!.basedOn },
        );
      const { order, ...header } = result.header;
      const before = new Map((current?.items ?? []).map((i) => [i.controlId, i]));
      const audit = auditEvent(this.deps, {
        organisationId,
        actor,
        operation: 'plan.carryForward',
        target: { type: 'plan', id: PlanService.subject(assessment.questionnaireId, scopeId) },
        before: current && { basedOn: current.basedOn.assessmentId, items: result.changes.map((c) => auditedItem(before.get(c.item.controlId))) },
        after: { basedOn: assessment.id, items: result.changes.map((c) => auditedItem(c.item as PlanItem)) },
        at: now,
      });
      const outcome = await this.deps.plans.carryForward({
        organisationId,
        plan: header,
        order,
        expectedBasedOn: current?.basedOn.assessmentId,
        items: result.changes as { item: PlanItem; expectedRevision: number }[],
        audit,
      });
      if (outcome === 'written') {
        const changed = new Map(result.changes.map((c) => [c.item.controlId, c.item as PlanItem]));
        const items = [...(current?.items ?? []).filter((i) => !changed.has(i.controlId)), ...changed.values()];
        return { plan: assemblePlan({ ...header, order }, items, this.today()), created: !current };
      }
    }
    throw new DomainError('revision_conflict', 'the plan is being changed by others right now; try again', [], { current: null });
  }

  /** Changes one item based on `request.revision`; 409 `revision_conflict` with the current item when it is stale. */
  async updateItem(
    principal: Principal,
    questionnaireId: string,
    controlId: string,
    request: UpdatePlanItemRequest,
    requestedScope?: string,
  ): Promise<PlanItem> {
    const assigns = request.owner !== undefined || request.dueDate !== undefined;
    // Owners and leaders change anything; a respondent only the status and notes of items they own.
    const mayWrite = isAllowed(principal, 'plan.write') && (!principal.scopes || principal.scopes.includes('plan.write')) && !principal.bootstrap;
    if (assigns || mayWrite) authorize(principal, 'plan.write');
    else authorize(principal, 'plan.updateOwn');
    const organisationId = organisationOf(principal);
    this.questionnaireExists(questionnaireId);
    const scopeId = await this.scopeOf(principal, mayWrite ? 'plan.write' : 'plan.updateOwn', organisationId, requestedScope);
    const plan = await this.deps.plans.get(organisationId, questionnaireId, scopeId);
    if (!plan) throw new DomainError('plan_not_found', `no plan is made on ${questionnaireId}${scopeId ? ` in scope ${scopeId}` : ''} yet`);
    const item = plan.items.find((i) => i.controlId === controlId);
    if (!item) throw notFound('plan item');
    if (!mayWrite && !this.owns(principal, item))
      throw new DomainError('forbidden', 'a respondent changes the status and notes of plan items they own; this item is not theirs');
    const conflict = (current: PlanItem | undefined) =>
      new DomainError(
        'revision_conflict',
        current
          ? `the item is at revision ${current.revision}, not ${request.revision}; review the current item and change it again`
          : 'the item no longer exists',
        [],
        { currentRevision: current?.revision ?? 0, current: current ?? null },
      );
    if (item.revision !== request.revision) throw conflict(item);

    const owner = request.owner === undefined ? undefined : request.owner === null ? null : await this.resolveOwner(organisationId, request.owner);
    const now = this.deps.clock.now().toISOString();
    const actor = actorOf(principal);
    const { revision: _r, owner: _o, ...edit } = request;
    const updated = editPlanItem<Actor>(item, edit, { ...(owner !== undefined ? { owner } : {}), now, actor });
    const audit = auditEvent(this.deps, {
      organisationId,
      actor,
      operation: 'plan.item.update',
      target: { type: 'plan-item', id: `${PlanService.subject(questionnaireId, scopeId)}/${controlId}` },
      before: auditedItem(item),
      after: auditedItem(updated),
      at: now,
    });
    const outcome = await this.deps.plans.updateItem(organisationId, questionnaireId, updated, item.revision, audit, scopeId);
    if (outcome === 'conflict') {
      const latest = await this.deps.plans.get(organisationId, questionnaireId, scopeId);
      throw conflict(latest?.items.find((i) => i.controlId === controlId));
    }
    return updated;
  }

  /** Whether the caller is the item's owner: that person signed in, or that agent. */
  private owns(principal: Principal, item: PlanItem): boolean {
    const owner = item.owner;
    if (!owner) return false;
    if (owner.type === 'person') return principal.personId !== undefined && principal.personId === owner.id;
    return principal.actorType === 'agent' && principal.tokenId === owner.id;
  }

  /** The owner named by id, with its name as now; 400 (pointer /body/owner/id) when not a member or live agent of the organisation. */
  private async resolveOwner(organisationId: string, owner: { type: 'person' | 'agent'; id: string }): Promise<PlanOwner> {
    const found = (await this.assignableIn(organisationId)).find((a) => a.type === owner.type && a.id === owner.id);
    if (!found)
      throw new DomainError('validation_failed', `no ${owner.type} ${owner.id} can own items of this organisation's plan`, [
        {
          field: ['owner', 'id'],
          message: owner.type === 'person' ? 'not a member of the organisation' : 'not an agent of the organisation, or revoked or expired',
        },
      ]);
    return { type: found.type, id: found.id, name: found.name };
  }

  private async assignableIn(organisationId: string): Promise<Assignee[]> {
    const now = this.deps.clock.now().toISOString();
    const [members, agents] = await Promise.all([this.deps.memberships.listForOrganisation(organisationId), this.deps.agents.list(organisationId)]);
    const people = await Promise.all(
      members.map(async (m) => ({ type: 'person' as const, id: m.personId, name: (await this.deps.people.get(m.personId))?.name ?? m.personId, role: m.role })),
    );
    const byName = (a: Assignee, b: Assignee) => a.name.localeCompare(b.name);
    return [
      ...people.sort(byName),
      ...agents
        .filter((a) => !a.revokedAt && (!a.expiresAt || a.expiresAt > now))
        .map((a) => ({ type: 'agent' as const, id: a.id, name: a.label, role: null }))
        .sort(byName),
    ];
  }

  /** Whom items may be assigned to: the organisation's members and its live agents. */
  async assignees(principal: Principal, questionnaireId: string, requestedScope?: string): Promise<Assignee[]> {
    authorize(principal, 'plan.write');
    const organisationId = organisationOf(principal);
    this.questionnaireExists(questionnaireId);
    await this.scopeOf(principal, 'plan.write', organisationId, requestedScope);
    return this.assignableIn(organisationId);
  }
}
