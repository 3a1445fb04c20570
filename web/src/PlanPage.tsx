/**
 * The organisation's improvement plan (issue 19, docs/plan.md): the controls a submitted
 * assessment recommends, as items people own, date and work through. It opens on the
 * questionnaire of the latest submission (a select offers the others). Owners and leaders
 * create the plan from a submission, carry it forward to a newer one, and assign and date
 * items; the person an item is assigned to updates its status and notes.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { api, ApiError, type Assessment, type Assignee, type Plan, type PlanItem, type Role } from './api';
import { formatDate, saveFile } from './format';
import { type ItemEditing, PlanItemCard } from './PlanItemCard';
import { latestSubmissions, planSummaryText, type Submission, todayUtc } from './plan-text';
import { ProblemNotice } from './ProblemNotice';
import { ProgrammeNav } from './ProgrammeNav';
import { ScopeChoice, useScopes } from './ScopeChoice';
import { useAction } from './useAction';

interface Props {
  role: Role | null;
  /** The signed-in person's id: the items they own are theirs to update. */
  me: string;
  /** The scope a respondent is restricted to, if any: the only plan they see. */
  restrictedScopeId?: string | null;
  onAuthError: (e: unknown) => boolean;
}

/** The plan of a questionnaire, or null when none is made yet (404 `plan_not_found`). */
export async function planOrNone(questionnaireId: string, scopeId?: string): Promise<Plan | null> {
  try {
    return await api.plan(questionnaireId, scopeId);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'plan_not_found') return null;
    throw e;
  }
}

export default function PlanPage({ role, me, restrictedScopeId, onAuthError }: Props) {
  const id = useId();
  const mayWrite = roleMay(role, 'plan.write');
  const mayUpdateOwn = roleMay(role, 'plan.updateOwn');
  const { scopes, scope, setScope, restricted } = useScopes(role, restrictedScopeId);
  /** Every assessment the caller reaches; `undefined` while loading. */
  const [assessments, setAssessments] = useState<Assessment[] | undefined>(undefined);
  const [titles, setTitles] = useState<Record<string, string>>({});
  /** The questionnaire chosen in the select; the page shows it while the scope has a submission of it. */
  const [chosenQuestionnaire, setQuestionnaireId] = useState<string | null>(null);
  /** `undefined` while loading, `null` when there is no plan yet. */
  const [plan, setPlan] = useState<Plan | null | undefined>(undefined);
  const [assignees, setAssignees] = useState<Assignee[]>([]);
  const [status, setStatus] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);
  const carry = useAction({ onAuthError });
  const download = useAction({ onAuthError });
  const today = todayUtc(new Date());

  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setLoadError(e);
    },
    [onAuthError],
  );

  useEffect(() => {
    let live = true;
    Promise.all([api.assessments(), api.questionnaires()]).then(([list, catalogue]) => {
      if (!live) return;
      setTitles(Object.fromEntries(catalogue.questionnaires.map((q) => [q.id, q.title])));
      setAssessments(list.assessments);
    }, fail);
    return () => {
      live = false;
    };
  }, [fail]);

  // The submissions of the chosen scope: each scope (and the whole organisation) has its own plan.
  const inScope = useMemo(() => (assessments ?? []).filter((a) => (a.scopeId ?? '') === scope), [assessments, scope]);
  const submissions = useMemo<Submission[] | undefined>(
    () =>
      assessments &&
      inScope
        .filter((a) => a.status === 'submitted' && a.submittedAt)
        .map((a) => ({ id: a.id, questionnaireId: a.questionnaireId, submittedAt: a.submittedAt! })),
    [assessments, inScope],
  );
  const latest = useMemo(() => latestSubmissions(inScope), [inScope]);

  const questionnaireId = latest.some((s) => s.questionnaireId === chosenQuestionnaire) ? chosenQuestionnaire : (latest[0]?.questionnaireId ?? null);

  const loaded = assessments !== undefined;

  useEffect(() => {
    // Nothing submitted in this scope: no plan to read.
    if (!questionnaireId) {
      if (loaded) setPlan(null);
      return;
    }
    let live = true;
    setPlan(undefined);
    planOrNone(questionnaireId, scope).then((p) => {
      if (live) setPlan(p);
    }, fail);
    return () => {
      live = false;
    };
  }, [questionnaireId, scope, loaded, fail]);

  useEffect(() => {
    if (!mayWrite || !questionnaireId) return;
    api.planAssignees(questionnaireId).then((r) => setAssignees(r.assignees), fail);
  }, [mayWrite, questionnaireId, fail]);

  const submittedAt = useCallback((assessmentId: string) => submissions?.find((s) => s.id === assessmentId)?.submittedAt ?? null, [submissions]);

  const newest = latest.find((s) => s.questionnaireId === questionnaireId) ?? null;
  const newerThanPlan = plan && newest && newest.id !== plan.basedOn.assessmentId && newest.submittedAt > plan.basedOn.submittedAt ? newest : null;

  const carryForward = (to: Submission, created: boolean) =>
    carry.run(async () => {
      setStatus('');
      const next = await api.carryPlanForward(to.questionnaireId, to.id, scope);
      setPlan(next);
      setStatus(
        created
          ? `Plan created from the submission of ${formatDate(to.submittedAt)}: ${next.items.length} ${next.items.length === 1 ? 'item' : 'items'}.`
          : `Plan carried forward to the submission of ${formatDate(to.submittedAt)}. ${planSummaryText(next.summary)}`,
      );
      document.getElementById(`${id}-summary`)?.focus();
    });

  const downloadCsv = () =>
    download.run(async () => {
      if (!questionnaireId) return;
      const { blob, filename } = await api.planCsv(questionnaireId, scope);
      saveFile(blob, filename ?? `aim-plan-${questionnaireId}.csv`);
    });

  const saveItem = (controlId: string, revision: number, changes: Record<string, unknown>) =>
    api.updatePlanItem(questionnaireId!, controlId, { revision, ...changes }, scope);

  const onSaved = (item: PlanItem, message: string) => {
    setStatus(message);
    setPlan((p) => (p ? { ...p, items: p.items.map((i) => (i.controlId === item.controlId ? item : i)) } : p));
    // The counts (open, overdue…) follow from every item: read them again.
    if (questionnaireId) planOrNone(questionnaireId, scope).then((p) => p && setPlan(p), fail);
  };

  const editingOf = (item: PlanItem): ItemEditing => {
    if (mayWrite) return 'all';
    if (mayUpdateOwn && item.owner?.type === 'person' && item.owner.id === me) return 'own';
    return 'none';
  };

  return (
    <>
      <ProgrammeNav current="plan" />
      <h1 tabIndex={-1}>Improvement plan</h1>
      <p className="lead">
        The controls your latest submission recommends, as work to do: each item has an owner, a due date and a status. When a later submission's answers meet
        the level a control was recommended below, its item counts as achieved.
      </p>
      <ProblemNotice error={loadError} />
      <ScopeChoice
        scopes={scopes}
        value={scope}
        restricted={restricted}
        onChange={(next) => {
          setStatus('');
          setScope(next);
        }}
      />
      <p role="status" className="save-status-line" data-testid="plan-status">
        {status}
      </p>
      {latest.length > 1 && questionnaireId ? (
        <div className="field plan-questionnaire">
          <label htmlFor={`${id}-questionnaire`}>Questionnaire</label>
          <select id={`${id}-questionnaire`} value={questionnaireId} onChange={(e) => setQuestionnaireId(e.target.value)}>
            {latest.map((s) => (
              <option key={s.questionnaireId} value={s.questionnaireId}>
                {titles[s.questionnaireId] ?? s.questionnaireId}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {plan === undefined ? (
        loadError ? null : (
          <p aria-busy="true">Loading…</p>
        )
      ) : !newest ? (
        <p data-testid="plan-none">
          A plan starts from a submitted assessment: the controls it recommends become the plan's items. No assessment is submitted yet.{' '}
          <a href="#/">Go to your assessments</a>.
        </p>
      ) : plan === null ? (
        <section className="card" aria-labelledby={`${id}-start`}>
          <h2 id={`${id}-start`}>No plan yet</h2>
          <p data-testid="plan-none">
            A plan turns the recommendations of a submission into items to assign, date and track. It follows later submissions: what their answers no longer
            call for counts as achieved, and newly recommended controls are added.
          </p>
          {mayWrite ? (
            <div className="actions">
              <button type="button" onClick={() => void carryForward(newest, true)} disabled={carry.busy}>
                {carry.busy ? 'Creating…' : `Create the plan from the submission of ${formatDate(newest.submittedAt)}`}
              </button>
            </div>
          ) : (
            <p>Owners and leaders of the organisation create it.</p>
          )}
          <ProblemNotice error={carry.error} />
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby={`${id}-summary-title`}>
            <h2 id={`${id}-summary-title`}>Summary</h2>
            <p id={`${id}-summary`} tabIndex={-1} data-testid="plan-summary">
              {planSummaryText(plan.summary)} Based on the submission of {formatDate(plan.basedOn.submittedAt)}.
            </p>
            {newerThanPlan ? (
              mayWrite ? (
                <>
                  <p>
                    A newer submission exists. Carrying the plan forward keeps every item's owner, dates, status and notes, marks achieved the items its answers
                    no longer call for, and adds the controls it newly recommends.
                  </p>
                  <div className="actions">
                    <button type="button" onClick={() => void carryForward(newerThanPlan, false)} disabled={carry.busy}>
                      {carry.busy ? 'Carrying forward…' : `Carry the plan forward to the submission of ${formatDate(newerThanPlan.submittedAt)}`}
                    </button>
                  </div>
                </>
              ) : (
                <p>A newer submission exists ({formatDate(newerThanPlan.submittedAt)}); owners and leaders carry the plan forward to it.</p>
              )
            ) : null}
            <ProblemNotice error={carry.error} />
            <div className="actions">
              <button type="button" className="secondary" onClick={() => void downloadCsv()} disabled={download.busy}>
                {download.busy ? 'Preparing…' : 'Download CSV'}
              </button>
            </div>
            <ProblemNotice error={download.error} />
          </section>
          <h2>Items ({plan.items.length})</h2>
          {plan.items.length === 0 ? (
            <p>The submission recommends no controls: its answers meet every control the questionnaire checks.</p>
          ) : (
            <ol className="plan-items">
              {plan.items.map((item) => (
                <PlanItemCard
                  key={item.controlId}
                  item={item}
                  today={today}
                  editing={editingOf(item)}
                  assignees={assignees}
                  submittedAt={submittedAt}
                  onSave={saveItem}
                  onSaved={onSaved}
                  onAuthError={onAuthError}
                />
              ))}
            </ol>
          )}
        </>
      )}
    </>
  );
}
