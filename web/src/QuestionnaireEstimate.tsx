import { useEffect, useState } from 'react';
import { api } from './api';
import { estimateOf, estimateText } from './progress';

/**
 * How long the questionnaire takes, from its newest published version (public, so shown
 * before signing in): the number of questions asked of everyone × `SECONDS_PER_QUESTION`
 * (progress.ts).
 * Shows nothing until it is known, or when it cannot be read.
 */
export function QuestionnaireEstimate() {
  const [estimate, setEstimate] = useState<ReturnType<typeof estimateOf> | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const first = (await api.questionnaires()).questionnaires[0];
      if (!first) return;
      const version = await api.questionnaire(first.id, first.latest);
      if (live) setEstimate(estimateOf(version.domains.flatMap((d) => d.questions)));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!estimate) return null;
  return (
    <p className="hint" data-testid="estimate">
      {estimateText(estimate)} Every answer is saved as you go, so you can stop and come back.
    </p>
  );
}
