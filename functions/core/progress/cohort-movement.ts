/**
 * How an organisation moved against its cohort's median between two submissions: each
 * side's overall score, the median shown with it and their difference, and the change of
 * that difference. A side whose median may not be shown (suppressed cohort) has none.
 */
import { round2 } from '../numbers';

export interface Figure {
  value: number;
  low: number;
  high: number;
}

export interface CohortSide {
  score: number;
  median: Figure;
  difference: number;
}

export interface CohortMovement {
  description: string;
  from: CohortSide | null;
  to: CohortSide | null;
  movement: number | null;
}

const side = (score: number, median: Figure | undefined): CohortSide | null =>
  median ? { score, median: { value: median.value, low: median.low, high: median.high }, difference: round2(score - median.value) } : null;

/** null when neither side has a median to show. */
export function cohortMovement(
  description: string,
  from: { score: number; median: Figure | undefined },
  to: { score: number; median: Figure | undefined },
): CohortMovement | null {
  const earlier = side(from.score, from.median);
  const later = side(to.score, to.median);
  if (!earlier && !later) return null;
  return { description, from: earlier, to: later, movement: earlier && later ? round2(later.difference - earlier.difference) : null };
}
