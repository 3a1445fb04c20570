/**
 * The words every reader of reference figures gets (web app, report.json, PDF): what the
 * reference population is, and where the organisation's real cohort stands. Only what
 * the release publishes: a withheld cohort's count is "fewer than" the minimum, never exact.
 */
import type { RealCohortStatus } from '../../release/figures';

export const REFERENCE_EXPLANATION =
  'Reference population: synthetic organisations calibrated to published surveys, not real peers. Its figures are exact and stay the same until the questionnaire changes.';

/** One or two sentences on the real cohort: how many verified organisations it holds, as far as the release says, and when it may open. */
export function realCohortSentence(real: RealCohortStatus): string {
  switch (real.status) {
    case 'not-published':
      return `Real peer figures are not published for cohorts of this kind (${real.reason}); choose a published kind of cohort, such as your industry, to compare with real peers once it holds at least ${real.minimum} verified organisations.`;
    case 'no-release':
      return `No release of real peer figures has been made yet; a cohort is shown once a release counts at least ${real.minimum} verified organisations in it${real.nextRelease ? ` (next release ${real.nextRelease})` : ''}.`;
    case 'withheld':
      return `Your real cohort: fewer than ${real.fewerThan ?? real.minimum} verified organisations in the release of ${real.releaseDate}. It opens once a release counts at least ${real.minimum}${real.nextRelease ? `; the next release is on ${real.nextRelease}` : ''}.`;
  }
}
