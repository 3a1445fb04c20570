/** Why a level is held below the one its score alone gives: the scores' `heldBy`, named as the report names questions and domains. */
import type { Questionnaire } from '../questionnaire/model';
import type { HeldBy } from '../scoring/score';
import type { HeldByRow } from './types';

export function heldByRow(questionnaire: Questionnaire, heldBy: HeldBy | undefined): HeldByRow | undefined {
  if (!heldBy) return undefined;
  const question = heldBy.question === undefined ? undefined : questionnaire.questions.find((q) => q.id === heldBy.question);
  const domain = heldBy.domain === undefined ? undefined : questionnaire.domains.find((d) => d.id === heldBy.domain);
  return {
    rule: heldBy.rule,
    // Ids from the stored scores are kept even if the version no longer names them; the prompt or title then falls back to the id.
    ...(heldBy.question !== undefined ? { questionId: heldBy.question, prompt: question?.prompt ?? heldBy.question } : {}),
    ...(heldBy.domain !== undefined ? { domainId: heldBy.domain, domainTitle: domain?.title ?? heldBy.domain } : {}),
    unheldLevel: heldBy.unheldLevel,
  };
}
