/**
 * Scopes (issue 19): named parts of an organisation (a business unit, a platform, a
 * workload) with assessments of their own. Owners create them and may restrict a
 * respondent to one; the roll-up shows each scope's latest scores beside the whole
 * organisation's. Benchmarks count whole-organisation submissions only (assessments.ts).
 */
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { reaches } from '../core/access/scope-reach';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import type { Assessment, CreateScopeRequest, RollUp, RollUpRow, Scope, SetMemberScopeRequest } from '../contract';
import { actorOf, auditEvent } from './audit';
import type { AssessmentStore, Clock, IdSource, MembershipStore, ScopeStore } from './ports';

export interface ScopeServiceDeps {
  scopes: ScopeStore;
  assessments: Pick<AssessmentStore, 'list'>;
  memberships: Pick<MembershipStore, 'get' | 'setScope'>;
  catalogue: Catalogue;
  clock: Clock;
  ids: IdSource;
}

/** The latest submission of one scope (or of the whole organisation) and its drafts. */
function rowOf(scope: RollUpRow['scope'], assessments: readonly Assessment[]): RollUpRow {
  const submitted = assessments.filter((a) => a.status === 'submitted' && a.scores && a.submittedAt);
  const latest = submitted.sort((a, b) => b.submittedAt!.localeCompare(a.submittedAt!))[0];
  return {
    scope,
    latest: latest
      ? {
          assessmentId: latest.id,
          version: latest.version,
          submittedAt: latest.submittedAt!,
          overall: { score: latest.scores!.overall.score, level: latest.scores!.overall.level },
          domains: Object.fromEntries(Object.entries(latest.scores!.domains).map(([id, d]) => [id, { score: d.score, level: d.level }])),
        }
      : null,
    drafts: assessments.filter((a) => a.status === 'draft').length,
  };
}

export class ScopeService {
  constructor(private readonly deps: ScopeServiceDeps) {}

  async list(principal: Principal): Promise<Scope[]> {
    authorize(principal, 'scopes.read');
    const scopes = await this.deps.scopes.list(organisationOf(principal));
    // A respondent restricted to a scope is told of that one only.
    return principal.scopeId === undefined ? scopes : scopes.filter((s) => s.id === principal.scopeId);
  }

  /** A new scope; 409 `scope_name_taken` when another has the same name in any case. */
  async create(principal: Principal, request: CreateScopeRequest): Promise<Scope> {
    authorize(principal, 'scopes.write');
    const organisationId = organisationOf(principal);
    const at = this.deps.clock.now().toISOString();
    const scope: Scope = {
      id: this.deps.ids.id(),
      name: request.name,
      kind: request.kind,
      description: request.description ?? null,
      createdAt: at,
      createdBy: actorOf(principal),
    };
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: scope.createdBy,
      operation: 'scope.create',
      target: { type: 'scope', id: scope.id },
      after: { name: scope.name, kind: scope.kind, description: scope.description },
      at,
    });
    if ((await this.deps.scopes.add(organisationId, scope, audit)) === 'conflict')
      throw new DomainError('scope_name_taken', `there is already a scope named "${request.name}" (names are compared without case)`, [
        { field: ['name'], message: 'taken by another scope of this organisation' },
      ]);
    return scope;
  }

  /** Restricts a respondent to a scope, or lifts the restriction (null). */
  async setMemberScope(principal: Principal, personId: string, request: SetMemberScopeRequest): Promise<void> {
    authorize(principal, 'scopes.write');
    const organisationId = organisationOf(principal);
    const membership = await this.deps.memberships.get(organisationId, personId);
    if (!membership) throw notFound('member');
    const scopeId = request.scopeId ?? undefined;
    if ((membership.scopeId ?? undefined) === scopeId) return;
    if (scopeId !== undefined) {
      if (membership.role !== 'respondent')
        throw new DomainError('validation_failed', 'only respondents are restricted to a scope: owners and leaders see the whole organisation', [
          { field: ['scopeId'], message: `this member is a ${membership.role}` },
        ]);
      if (!(await this.deps.scopes.get(organisationId, scopeId)))
        throw new DomainError('validation_failed', 'no such scope in this organisation', [{ field: ['scopeId'], message: 'not a scope of this organisation' }]);
    }
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'member.scope',
      target: { type: 'member', id: personId },
      before: { scopeId: membership.scopeId ?? null },
      after: { scopeId: scopeId ?? null },
    });
    if ((await this.deps.memberships.setScope(membership, scopeId, audit)) !== 'written')
      throw new DomainError('revision_conflict', "this member's role or scope changed meanwhile; reload and try again");
  }

  /** Every scope's latest scores beside the whole organisation's, on one questionnaire. */
  async rollUp(principal: Principal, questionnaireId: string): Promise<RollUp> {
    authorize(principal, 'scopes.read');
    const organisationId = organisationOf(principal);
    const summary = this.deps.catalogue.list().find((q) => q.id === questionnaireId);
    if (!summary) throw notFound('questionnaire');
    const questionnaire = this.deps.catalogue.get(questionnaireId, summary.latest);
    const [scopes, all] = await Promise.all([this.list(principal), this.deps.assessments.list(organisationId)]);
    const ofQuestionnaire = all.filter((a) => a.questionnaireId === questionnaireId && reaches(principal, a));
    const rows: RollUpRow[] = [];
    if (principal.scopeId === undefined)
      rows.push(
        rowOf(
          null,
          ofQuestionnaire.filter((a) => a.scopeId === undefined),
        ),
      );
    for (const scope of scopes)
      rows.push(
        rowOf(
          { id: scope.id, name: scope.name, kind: scope.kind },
          ofQuestionnaire.filter((a) => a.scopeId === scope.id),
        ),
      );
    return { questionnaireId, domains: questionnaire.domains.map((d) => ({ id: d.id, title: d.title })), rows };
  }
}
