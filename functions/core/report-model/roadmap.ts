/** The 30/60/90-day roadmap: every recommended control in one window, best impact over effort first. */
import { valueForEffort } from './recommendations';
import type { RecommendedControl, RoadmapWindow } from './types';

const RULES: Record<RoadmapWindow['days'], string> = {
  30: 'Impact above effort',
  60: 'Impact equal to effort',
  90: 'Effort above impact',
};

export function roadmap(controls: readonly RecommendedControl[]): RoadmapWindow[] {
  const rank = new Map(controls.map((c, i) => [c.id, i]));
  const sorted = [...controls].sort(
    (a, b) => valueForEffort(b) - valueForEffort(a) || b.gainPerEffort - a.gainPerEffort || (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0),
  );
  return ([30, 60, 90] as const).map((days) => ({
    days,
    rule: RULES[days],
    controlIds: sorted.filter((c) => c.window === days).map((c) => c.id),
  }));
}
