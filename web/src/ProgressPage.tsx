/**
 * Progress (issue 19), for the questionnaire of the organisation's latest submission (a
 * select when it has submitted on several): the overall score of every submission against
 * the overall target, the plan's burn-down and totals, the milestones (owners and leaders save
 * and delete them) and the choice of two submissions to compare. With `compare`, the page is
 * that comparison instead (#/progress/compare/<from>/<to>).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { api, type Milestone, type Progress, type QuestionnaireSummary, type QuestionnaireVersion, type Role } from './api';
import { BurnDownChart } from './BurnDownChart';
import { ComparisonForm } from './ComparisonForm';
import { ComparisonPage } from './ComparisonPage';
import { MilestoneList } from './MilestoneList';
import { ProblemNotice } from './ProblemNotice';
import { ProgrammeNav } from './ProgrammeNav';
import { ProgressScores } from './ProgressScores';
import { ScopeChoice, useScopes } from './ScopeChoice';

interface Props {
  role: Role | null;
  compare?: { from: string; to: string };
  /** The scope a respondent is restricted to, if any: the only progress they see. */
  restrictedScopeId?: string | null;
  onAuthError: (e: unknown) => boolean;
}

export default function ProgressPage({ role, compare, restrictedScopeId, onAuthError }: Props) {
  if (compare) return <ComparisonPage key={`${compare.from}/${compare.to}`} from={compare.from} to={compare.to} onAuthError={onAuthError} />;
  return <ProgressOverview role={role} restrictedScopeId={restrictedScopeId} onAuthError={onAuthError} />;
}

/** The questionnaires submitted on in a scope ('' the whole organisation), the one of its latest submission first. */
async function submittedQuestionnaires(scope: string): Promise<QuestionnaireSummary[]> {
  const [{ assessments }, { questionnaires }] = await Promise.all([api.assessments(), api.questionnaires()]);
  const submitted = assessments
    .filter((a) => a.status === 'submitted' && a.submittedAt && (a.scopeId ?? '') === scope)
    .sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? ''));
  const ids = [...new Set(submitted.map((a) => a.questionnaireId))];
  return ids.map((qid) => questionnaires.find((q) => q.id === qid)).filter((q): q is QuestionnaireSummary => !!q);
}

function ProgressOverview({
  role,
  restrictedScopeId,
  onAuthError,
}: {
  role: Role | null;
  restrictedScopeId?: string | null;
  onAuthError: (e: unknown) => boolean;
}) {
  const id = useId();
  const { scopes, scope, setScope, restricted } = useScopes(role, restrictedScopeId);
  /** A scope's milestones only: the list answers every one the caller reaches without a scope. */
  const ofScope = useCallback((list: Milestone[]) => list.filter((m) => (m.scopeId ?? '') === scope), [scope]);
  const mayWrite = roleMay(role, 'milestones.write');
  /** `undefined` while loading. */
  const [choices, setChoices] = useState<QuestionnaireSummary[] | undefined>(undefined);
  const [chosen, setChosen] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [milestones, setMilestones] = useState<Milestone[] | null>(null);
  const [questionnaire, setQuestionnaire] = useState<QuestionnaireVersion | null>(null);
  const [error, setError] = useState<unknown>(null);

  const fail = useCallback(
    (e: unknown) => {
      if (!onAuthError(e)) setError(e);
    },
    [onAuthError],
  );

  useEffect(() => {
    let live = true;
    setChoices(undefined);
    submittedQuestionnaires(scope).then((found) => {
      if (!live) return;
      setChoices(found);
      setChosen((current) => (found.some((q) => q.id === current) ? current : (found[0]?.id ?? '')));
    }, fail);
    return () => {
      live = false;
    };
  }, [scope, fail]);

  /** The progress and milestones of the chosen questionnaire, read again after a milestone is saved or deleted. */
  const reload = useCallback(async () => {
    if (!chosen) return;
    const [p, m] = await Promise.all([api.progress(chosen, scope), api.milestones(chosen, scope)]);
    setProgress(p);
    setMilestones(ofScope(m.milestones));
  }, [chosen, scope, ofScope]);

  useEffect(() => {
    const summary = choices?.find((q) => q.id === chosen);
    if (!summary) return;
    let live = true;
    setProgress(null);
    setMilestones(null);
    Promise.all([api.progress(summary.id, scope), api.milestones(summary.id, scope), api.questionnaire(summary.id, summary.latest)]).then(([p, m, q]) => {
      if (!live) return;
      setProgress(p);
      setMilestones(ofScope(m.milestones));
      setQuestionnaire(q);
    }, fail);
    return () => {
      live = false;
    };
  }, [choices, chosen, scope, ofScope, fail]);

  const loading = !error && (choices === undefined || (chosen !== '' && (!progress || !milestones || !questionnaire)));
  return (
    <>
      <ProgrammeNav current="progress" />
      <h1 tabIndex={-1}>Progress</h1>
      <p className="lead">
        How the organisation's scores moved from submission to submission against its targets, how the improvement plan is going, and what changed between any
        two submissions.
      </p>
      <ProblemNotice error={error} />
      <ScopeChoice scopes={scopes} value={scope} restricted={restricted} onChange={setScope} />
      {choices && choices.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-questionnaire`}>Questionnaire</label>
          <select id={`${id}-questionnaire`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {choices.map((q) => (
              <option key={q.id} value={q.id}>
                {q.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {loading ? (
        <p aria-busy="true">Loading…</p>
      ) : choices?.length === 0 ? (
        <p>
          No assessment has been submitted yet, so there is no progress to show. <a href="#/">Go to the assessments</a>.
        </p>
      ) : progress && milestones && questionnaire ? (
        <>
          <section aria-labelledby={`${id}-scores`}>
            <h2 id={`${id}-scores`}>Scores over time against target</h2>
            <ProgressScores points={progress.points} targets={progress.targets} domains={questionnaire.domains} />
          </section>
          <section aria-labelledby={`${id}-plan`}>
            <h2 id={`${id}-plan`}>Plan burn-down</h2>
            <PlanTotals plan={progress.plan} />
            {progress.plan && progress.burnDown.length ? <BurnDownChart points={progress.burnDown} /> : null}
          </section>
          <MilestoneList milestones={milestones} points={progress.points} mayWrite={mayWrite} onChanged={reload} onAuthError={onAuthError} />
          <section aria-labelledby={`${id}-compare`} className="card">
            <h2 id={`${id}-compare`}>Compare two submissions</h2>
            {progress.points.length >= 2 ? (
              <ComparisonForm points={progress.points} />
            ) : (
              <p>Comparing needs two submissions of the questionnaire; there is one so far.</p>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}

function PlanTotals({ plan }: { plan: Progress['plan'] }) {
  if (!plan) {
    return (
      <p data-testid="plan-totals">
        There is no improvement plan yet. <a href="#/plan">Start one on the Plan page</a> from a submitted assessment's recommendations.
      </p>
    );
  }
  const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
  return (
    <p data-testid="plan-totals">
      The plan has {items(plan.total)}: {plan.closed} closed (done or achieved), {plan.open} open{plan.overdue ? `, ${plan.overdue} of them overdue` : ''}
      {plan.wontDo ? `, ${plan.wontDo} won't do` : ''}. <a href="#/plan">Open the plan</a>.
    </p>
  );
}
