/** The change of a score and level between two submissions (a domain's or the overall one). */
import { round2 } from '../numbers';

export interface ScoreLevel {
  score: number;
  level: number;
}

export interface ScoreChange {
  from: ScoreLevel | null;
  to: ScoreLevel | null;
  change: number | null;
}

const scoreLevel = (s: ScoreLevel | undefined): ScoreLevel | null => (s ? { score: s.score, level: s.level } : null);

/** `to.score − from.score` to 2 places; null change when either side is missing. */
export function scoreChange(from: ScoreLevel | undefined, to: ScoreLevel | undefined): ScoreChange {
  return { from: scoreLevel(from), to: scoreLevel(to), change: from && to ? round2(to.score - from.score) : null };
}

/** The domains of two submissions: the later version's in its order, then those only the earlier version had. */
export function domainChanges(
  domains: { earlier: readonly { id: string; title: string }[]; later: readonly { id: string; title: string }[] },
  scores: { earlier: Record<string, ScoreLevel>; later: Record<string, ScoreLevel> },
): (ScoreChange & { id: string; title: string })[] {
  const laterIds = new Set(domains.later.map((d) => d.id));
  const ordered = [...domains.later, ...domains.earlier.filter((d) => !laterIds.has(d.id))];
  const earlierIds = new Set(domains.earlier.map((d) => d.id));
  return ordered.map((d) => ({
    id: d.id,
    title: d.title,
    ...scoreChange(earlierIds.has(d.id) ? scores.earlier[d.id] : undefined, laterIds.has(d.id) ? scores.later[d.id] : undefined),
  }));
}
