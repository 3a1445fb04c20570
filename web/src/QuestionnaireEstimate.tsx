import { useEffect, useState } from 'react';
import { api } from './api';
import { estimateOf, estimateText } from './progress';

/**
 * How long the questionnaire takes, from its newest published version (public, so shown
 * before signing in): the number of questions asked of everyone × `SECONDS_PER_QUESTION`
 * (progress.ts).
 * Shows nothing until it is known, or when it cannot be read. `id` and `version` name the
 * questionnaire when the page has chosen one (home's start card); otherwise the first listed.
 */
export function QuestionnaireEstimate({ id, version }: { id?: string; version?: string } = {}) {
  const [estimate, setEstimate] = useState<ReturnType<typeof estimateOf> | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const first = id && version ? null : (await api.questionnaires()).questionnaires[0];
      const chosen = id && version ? { id, version } : first && { id: first.id, version: first.latest };
      if (!chosen) return;
      const served = await api.questionnaire(chosen.id, chosen.version);
      if (live) setEstimate(estimateOf(served.domains.flatMap((d) => d.questions)));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, version]);
  if (!estimate) return null;
  return (
    <p className="hint" data-testid="estimate">
      {estimateText(estimate)} Every answer is saved as you go, so you can stop and come back.
    </p>
  );
}
