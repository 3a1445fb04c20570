/** What the report says about where its peer figures come from, and how to read them. */
import type { CohortSummary, DomainCohort } from '../../core/report-model';

/** The name of the cohort figures' interval: "90% interval". */
export function intervalLabel(cohort: CohortSummary): string {
  const confidence = cohort.status === 'available' && cohort.release ? cohort.release.confidence : 0.9;
  return `${Math.round(confidence * 100)}% interval`;
}

/** One sentence on the release the peer figures come from, or why there are none. */
export function peerFiguresText(cohort: CohortSummary): string {
  switch (cohort.status) {
    case 'available':
      if (cohort.reference) return `${cohort.reference.explanation} Your real cohort cannot be shown yet, so the reference population stands in for it.`;
      if (cohort.release)
        return `Peer figures from the release of ${cohort.release.date}; they include random noise that protects each organisation, and each comes with its ${intervalLabel(cohort)}.`;
      return cohort.synthetic
        ? 'Peer figures are exact: the cohort is synthetic demo data, released without noise.'
        : 'Peer figures are exact: they come from no noisy release.';
    case 'suppressed':
      return `No peer figures: the cohort is suppressed${cohort.reason ? ` (${cohort.reason})` : ', too few organisations to compare without identifying them'}.`;
    case 'unavailable':
      return 'No peer benchmark for this report.';
  }
}

/** Where a score stands against a cohort median, in words. */
export function standingText(standing: DomainCohort['standing'], exact: boolean): string {
  switch (standing) {
    case 'below':
      return exact ? 'your score is below the median' : "your score is below the median's interval";
    case 'above':
      return exact ? 'your score is above the median' : "your score is above the median's interval";
    case 'indistinguishable':
      return exact ? 'your score equals the median' : 'your score is within the interval: not distinguishable';
  }
}
