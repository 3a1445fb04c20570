/**
 * Milestones (issue 19): submitted assessments saved under a name, the comparison of any two
 * submissions of one questionnaire, and the organisation's progress over time against its
 * targets and its plan (docs/plan.md). Everything is read inside the caller's organisation,
 * and within their reach: a token bound to one assessment, or a respondent restricted to a
 * scope, sees only what it may read (others' assessments answer 404).
 */
import { authorize, authorizeAssessment, isAllowed, organisationOf, type Operation } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { assertReaches, reaches } from '../core/access/scope-reach';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, notFound } from '../core/errors';
import { changedAnswers } from '../core/progress/changed-answers';
import { cohortMovement } from '../core/progress/cohort-movement';
import { burnDown, completedBetween, planTotals } from '../core/progress/plan-progress';
import { domainChanges, scoreChange } from '../core/progress/score-change';
import { describeCohort } from '../core/report-model/labels';
import type { Comparison, CreateMilestoneRequest, Milestone, Progress } from '../contract';
import { actorOf, auditEvent } from './audit';
import type { BenchmarkService } from './benchmarks';
import type { Assessment } from './entities';
import type { AssessmentStore, Clock, IdSource, MilestoneStore, PlanStore, ScopeStore, TargetStore } from './ports';
import { benchmarkInput } from './report-benchmark';

export interface MilestoneServiceDeps {
  milestones: MilestoneStore;
  assessments: Pick<AssessmentStore, 'get' | 'list'>;
  targets: Pick<TargetStore, 'current'>;
  /** The organisation's plans (services/plan.ts); without it comparisons and progress show no plan. */
  plans?: Pick<PlanStore, 'get'>;
  /** The organisation's scopes: a `scopeId` filter must name one of them. */
  scopes: Pick<ScopeStore, 'get'>;
  catalogue: Catalogue;
  /** The organisation's position in its cohort, as its report shows it. */
  benchmarks: Pick<BenchmarkService, 'forAssessment'>;
  clock: Clock;
  ids: IdSource;
}

type Submitted = Assessment & Required<Pick<Assessment, 'scores' | 'submittedAt'>>;

const isSubmitted = (a: Assessment): a is Submitted => a.status === 'submitted' && a.scores !== undefined && a.submittedAt !== undefined;

/** Whether the caller may do `operation`, asked without recording a decision (the answer only leaves a part out). */
const may = (principal: Principal, operation: Operation) =>
  isAllowed(principal, operation) && (principal.scopes === undefined || principal.scopes.includes(operation));

const byNewestSubmission = (a: Milestone, b: Milestone) => b.submittedAt.localeCompare(a.submittedAt) || b.createdAt.localeCompare(a.createdAt);

const nameKey = (name: string) => name.normalize('NFC').toLowerCase();

const scoreLevel = (s: { score: number; level: number }) => ({ score: s.score, level: s.level });

export class MilestoneService {
  constructor(private readonly deps: MilestoneServiceDeps) {}

  /** Saves a submitted assessment under a name unique in the organisation (in any case). */
  async create(principal: Principal, request: CreateMilestoneRequest): Promise<Milestone> {
    // A token bound to one assessment never holds milestones.write (core/access/agents.ts): the policy refuses it.
    authorize(principal, 'milestones.write');
    const organisationId = organisationOf(principal);
    const assessment = await this.submitted(principal, 'milestones.write', organisationId, request.assessmentId);
    const taken = () =>
      new DomainError('milestone_name_taken', `another milestone of the organisation is named "${request.name}"; names are compared without regard to case`);
    const existing = await this.deps.milestones.list(organisationId);
    if (existing.some((m) => nameKey(m.name) === nameKey(request.name))) throw taken();

    const now = this.deps.clock.now().toISOString();
    const createdBy = actorOf(principal);
    const milestone: Milestone = {
      id: this.deps.ids.id(),
      name: request.name,
      assessmentId: assessment.id,
      questionnaireId: assessment.questionnaireId,
      scopeId: assessment.scopeId ?? null,
      version: assessment.version,
      submittedAt: assessment.submittedAt,
      overall: scoreLevel(assessment.scores.overall),
      createdAt: now,
      createdBy,
    };
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: createdBy,
      operation: 'milestone.create',
      target: { type: 'milestone', id: milestone.id },
      after: { name: milestone.name, assessmentId: milestone.assessmentId },
      at: now,
    });
    // A conflict is the name guard: another writer took the name meanwhile.
    if ((await this.deps.milestones.add(organisationId, milestone, audit)) === 'conflict') throw taken();
    return milestone;
  }

  /**
   * The milestones the caller reaches, newest submission first; `questionnaireId` keeps one
   * questionnaire's, `scopeId` one scope's (404 for a scope that does not exist or that the
   * caller does not reach).
   */
  async list(principal: Principal, filter: { questionnaireId?: string; scopeId?: string } = {}): Promise<Milestone[]> {
    authorize(principal, 'milestones.read');
    const organisationId = organisationOf(principal);
    if (filter.scopeId !== undefined) await this.scopeShown(principal, organisationId, filter.scopeId);
    const milestones = (await this.deps.milestones.list(organisationId)).filter(
      (m) =>
        (filter.questionnaireId === undefined || m.questionnaireId === filter.questionnaireId) &&
        (filter.scopeId === undefined || m.scopeId === filter.scopeId),
    );
    const readable = await this.readableIds(principal, organisationId);
    return milestones.filter((m) => readable(m.assessmentId)).sort(byNewestSubmission);
  }

  /** Removes a milestone (its assessment stays); 404 when there is none. */
  async remove(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'milestones.write');
    const organisationId = organisationOf(principal);
    const milestone = (await this.deps.milestones.list(organisationId)).find((m) => m.id === id);
    if (!milestone) throw notFound('milestone');
    const audit = auditEvent(this.deps, {
      organisationId,
      actor: actorOf(principal),
      operation: 'milestone.delete',
      target: { type: 'milestone', id },
      before: { name: milestone.name, assessmentId: milestone.assessmentId },
    });
    if ((await this.deps.milestones.remove(organisationId, id, audit)) === 'conflict') throw notFound('milestone');
  }

  /** Two submissions of one questionnaire side by side, the earlier as `from` whatever the order given. */
  async compare(principal: Principal, firstId: string, secondId: string): Promise<Comparison> {
    authorizeAssessment(principal, 'milestones.read', firstId);
    authorizeAssessment(principal, 'milestones.read', secondId);
    const organisationId = organisationOf(principal);
    if (firstId === secondId)
      throw new DomainError('validation_failed', 'compare two different submissions', [{ field: ['to'], message: 'the same assessment as `from`' }]);
    const [first, second] = await Promise.all([
      this.submitted(principal, 'milestones.read', organisationId, firstId),
      this.submitted(principal, 'milestones.read', organisationId, secondId),
    ]);
    if (first.questionnaireId !== second.questionnaireId)
      throw new DomainError('validation_failed', 'only submissions of one questionnaire compare', [
        { field: ['from'], message: `an assessment of ${first.questionnaireId}` },
        { field: ['to'], message: `an assessment of ${second.questionnaireId}, not ${first.questionnaireId}` },
      ]);
    if ((first.scopeId ?? null) !== (second.scopeId ?? null))
      throw new DomainError('validation_failed', 'only submissions of one scope compare', [
        { field: ['from'], message: first.scopeId ? `an assessment of scope ${first.scopeId}` : 'an assessment of the whole organisation' },
        { field: ['to'], message: second.scopeId ? `an assessment of scope ${second.scopeId}` : 'an assessment of the whole organisation' },
      ]);
    const [from, to] = first.submittedAt <= second.submittedAt ? [first, second] : [second, first];
    const earlier = this.deps.catalogue.get(from.questionnaireId, from.version);
    const later = this.deps.catalogue.get(to.questionnaireId, to.version);

    const [milestones, plan, cohort] = await Promise.all([
      this.deps.milestones.list(organisationId),
      // Both submissions are of one scope (checked above): the items come from that scope's plan.
      may(principal, 'plan.read') ? this.deps.plans?.get(organisationId, to.questionnaireId, to.scopeId) : undefined,
      this.cohort(principal, from, to),
    ]);
    const side = (a: Submitted) => {
      const milestone = milestones.filter((m) => m.assessmentId === a.id).sort((x, y) => x.createdAt.localeCompare(y.createdAt))[0];
      return {
        assessmentId: a.id,
        milestone: milestone ? { id: milestone.id, name: milestone.name } : null,
        version: a.version,
        submittedAt: a.submittedAt,
        submittedBy: a.submittedBy ?? null,
      };
    };
    const domainScores = (a: Submitted) => Object.fromEntries(Object.entries(a.scores.domains).map(([id, d]) => [id, scoreLevel(d)]));
    return {
      questionnaireId: to.questionnaireId,
      scopeId: to.scopeId ?? null,
      from: side(from),
      to: side(to),
      overall: scoreChange(from.scores.overall, to.scores.overall),
      domains: domainChanges({ earlier: earlier.domains, later: later.domains }, { earlier: domainScores(from), later: domainScores(to) }),
      changedAnswers: changedAnswers({ questionnaire: earlier, answers: from.answers }, { questionnaire: later, answers: to.answers }),
      completedPlanItems: completedBetween(plan?.items ?? [], from.submittedAt, to.submittedAt).map((item) => ({
        controlId: item.controlId,
        title: item.title,
        status: item.status,
        completedAt: item.completedAt,
        owner: item.owner,
      })),
      cohort,
    };
  }

  /**
   * Every submission's scores in one scope (`scopeId`; the whole organisation's when absent,
   * except for a respondent restricted to a scope, who sees theirs), the current targets, and
   * that scope's plan: its burn-down and totals.
   */
  async progress(principal: Principal, questionnaireId: string, requestedScopeId?: string): Promise<Progress> {
    authorize(principal, 'milestones.read');
    const organisationId = organisationOf(principal);
    if (!this.deps.catalogue.list().some((q) => q.id === questionnaireId)) throw notFound('questionnaire');
    const scopeId = requestedScopeId ?? principal.scopeId;
    if (scopeId !== undefined) await this.scopeShown(principal, organisationId, scopeId);
    // A restricted respondent asked for nothing but their scope by now; this refuses the whole organisation's.
    else if (principal.scopeId !== undefined) throw notFound('scope');
    const [assessments, milestones, targets, plan] = await Promise.all([
      this.deps.assessments.list(organisationId),
      this.deps.milestones.list(organisationId),
      may(principal, 'targets.read') ? this.deps.targets.current(organisationId, questionnaireId) : undefined,
      may(principal, 'plan.read') ? this.deps.plans?.get(organisationId, questionnaireId, scopeId) : undefined,
    ]);
    const submissions = assessments
      .filter((a) => a.questionnaireId === questionnaireId && (a.scopeId ?? undefined) === scopeId && this.reachable(principal, a))
      .filter(isSubmitted)
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
    const milestoneOf = (assessmentId: string) =>
      milestones.filter((m) => m.assessmentId === assessmentId).sort((x, y) => x.createdAt.localeCompare(y.createdAt))[0];
    const today = this.deps.clock.now().toISOString().slice(0, 10);
    return {
      questionnaireId,
      scopeId: scopeId ?? null,
      targets: targets ?? null,
      points: submissions.map((a) => {
        const milestone = milestoneOf(a.id);
        return {
          assessmentId: a.id,
          milestone: milestone ? { id: milestone.id, name: milestone.name } : null,
          submittedAt: a.submittedAt,
          overall: scoreLevel(a.scores.overall),
          domains: Object.fromEntries(Object.entries(a.scores.domains).map(([id, d]) => [id, scoreLevel(d)])),
        };
      }),
      burnDown: plan ? burnDown(plan.items, today) : [],
      plan: plan ? planTotals(plan.items, today) : null,
    };
  }

  /** A submitted assessment the caller reaches; 404 when there is none, 409 `assessment_not_submitted` for a draft. */
  private async submitted(principal: Principal, operation: Operation, organisationId: string, id: string): Promise<Submitted> {
    const assessment = await this.deps.assessments.get(organisationId, id);
    if (!assessment) throw notFound('assessment');
    assertReaches(principal, operation, assessment);
    if (!isSubmitted(assessment))
      throw new DomainError('assessment_not_submitted', `assessment ${id} is a draft: only submitted assessments are milestones and compare`);
    return assessment;
  }

  /** A scope of the organisation the caller reaches; 404 `not_found` (scope) otherwise, so other scopes are not revealed to a restricted respondent. */
  private async scopeShown(principal: Principal, organisationId: string, scopeId: string): Promise<void> {
    if (principal.scopeId !== undefined && principal.scopeId !== scopeId) throw notFound('scope');
    if (!(await this.deps.scopes.get(organisationId, scopeId))) throw notFound('scope');
  }

  private reachable(principal: Principal, assessment: Assessment): boolean {
    return (principal.assessmentId === undefined || principal.assessmentId === assessment.id) && reaches(principal, assessment);
  }

  /** Which assessments' milestones the caller may see (a bound token: its own; a respondent restricted to a scope: that scope's). */
  private async readableIds(principal: Principal, organisationId: string): Promise<(assessmentId: string) => boolean> {
    if (principal.assessmentId === undefined && principal.scopeId === undefined) return () => true;
    const reachable = new Set((await this.deps.assessments.list(organisationId)).filter((a) => this.reachable(principal, a)).map((a) => a.id));
    return (assessmentId) => reachable.has(assessmentId);
  }

  /**
   * The movement against the median of the organisation's own cohort, as each submission's
   * report shows it: the overall p50 of the default cohort, left out where it may not be
   * shown (a suppressed cohort) and for callers who may not see benchmark positions.
   */
  private async cohort(principal: Principal, from: Submitted, to: Submitted): Promise<Comparison['cohort']> {
    if (!may(principal, 'assessments.benchmark')) return null;
    const position = async (a: Submitted) => {
      try {
        return benchmarkInput(await this.deps.benchmarks.forAssessment(principal, a.id, {}));
      } catch {
        return undefined;
      }
    };
    const [before, after] = await Promise.all([position(from), position(to)]);
    const median = (input: typeof before) => (input && !input.suppressed ? input.overall?.p50 : undefined);
    const described = after ?? before;
    if (!described) return null;
    const description = `${describeCohort(described.cohort)}${described.reference ? ' (reference population)' : ''}`;
    return cohortMovement(description, { score: from.scores.overall.score, median: median(before) }, { score: to.scores.overall.score, median: median(after) });
  }
}
