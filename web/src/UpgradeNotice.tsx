/**
 * A draft on an older questionnaire version: what the newest version changes, and a
 * button that moves the draft there (answers with an equivalent carry over, server-side).
 * After the move, which answers carried over and which questions to answer now.
 */
import { useEffect, useState } from 'react';
import { api, type Assessment, type QuestionnaireDiff, type QuestionnaireVersion, type UpgradeResult } from './api';
import { ProblemNotice } from './ProblemNotice';
import { assessmentPath } from './route';
import { useAction } from './useAction';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface OfferProps {
  assessment: Assessment;
  latest: string;
  /** False while changes are still being saved: the move waits for them. */
  enabled: boolean;
  onUpgraded: (result: UpgradeResult) => void;
  onAuthError: (e: unknown) => boolean;
}

export function UpgradeOffer({ assessment, latest, enabled, onUpgraded, onAuthError }: OfferProps) {
  const [diff, setDiff] = useState<QuestionnaireDiff | null>(null);
  const { busy, error, setError, run } = useAction({ onAuthError });

  useEffect(() => {
    let live = true;
    api.diff(assessment.questionnaireId, assessment.version, latest).then(
      (d) => live && setDiff(d),
      (e: unknown) => live && !onAuthError(e) && setError(e),
    );
    return () => {
      live = false;
    };
  }, [assessment.questionnaireId, assessment.version, latest, onAuthError, setError]);

  const move = () =>
    run(async () => {
      // The latest revision: the move is refused (409) if anything changed since.
      const current = await api.assessment(assessment.id);
      onUpgraded(await api.upgrade(assessment.id, latest, current.revision));
    });

  const q = diff?.questions;
  const reworded = q?.changed.filter((c) => c.wordingOnly).length ?? 0;
  const changed = (q?.changed.length ?? 0) - reworded;
  return (
    <section className="notice" aria-labelledby="upgrade-title" data-testid="upgrade-offer">
      <h2 id="upgrade-title">Version {latest} of this questionnaire is available</h2>
      <p>
        This draft uses version {assessment.version}.
        {q
          ? ` Version ${latest} adds ${plural(q.added.length, 'question', 'questions')}, rewords ${reworded}, changes ${changed} and removes ${q.removed.length}.`
          : ' Loading what changed…'}{' '}
        Answers to unchanged questions, and those with an equivalent in the new version, carry over; you will see which did and what to answer again.
      </p>
      {q && (q.added.length > 0 || q.removed.length > 0) ? (
        <details>
          <summary>Questions added and removed</summary>
          <ul>
            {q.added.map((a) => (
              <li key={`added-${a.id}`}>Added: {a.prompt}</li>
            ))}
            {q.removed.map((r) => (
              <li key={`removed-${r.id}`}>Removed: {r.prompt}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <p>
        <button type="button" onClick={() => void move()} disabled={busy || !enabled} aria-describedby={enabled ? undefined : 'upgrade-wait'}>
          {busy ? 'Moving…' : `Move this draft to version ${latest}`}
        </button>
        {!enabled ? (
          <span id="upgrade-wait" className="hint">
            {' '}
            Waiting until your changes are saved.
          </span>
        ) : null}
      </p>
      <ProblemNotice error={error} />
    </section>
  );
}

interface OutcomeProps {
  result: UpgradeResult['upgrade'];
  assessmentId: string;
  questionnaire: QuestionnaireVersion;
}

export function UpgradeOutcome({ result, assessmentId, questionnaire }: OutcomeProps) {
  const where = new Map(questionnaire.domains.flatMap((d) => d.questions.map((q) => [q.id, { domain: d.id, prompt: q.prompt }] as const)));
  return (
    <section className="notice" role="status" aria-labelledby="upgraded-title" data-testid="upgrade-outcome">
      <h2 id="upgraded-title">
        Moved from version {result.from} to {result.to}
      </h2>
      <p>
        {plural(result.carried.length, 'answer', 'answers')} carried over
        {result.dropped.length ? `; ${plural(result.dropped.length, 'answer', 'answers')} had no equivalent and must be given again` : ''}.
      </p>
      {result.needsAnswer.length ? (
        <>
          <p>{result.needsAnswer.length === 1 ? 'This question needs an answer now:' : 'These questions need an answer now:'}</p>
          <ul>
            {result.needsAnswer.map((id) => (
              <li key={id}>
                <a href={`#${assessmentPath(assessmentId, where.get(id)?.domain, id)}`}>{where.get(id)?.prompt ?? id}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
