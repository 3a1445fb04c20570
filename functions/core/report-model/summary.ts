/** The executive summary: where to look first, and the three quick wins to start with. */
import type { DomainRow, ExecutiveSummary, RecommendedControl, RoadmapWindow } from './types';

const FOCUS = 3;

export function executiveSummary(domains: readonly DomainRow[], controls: readonly RecommendedControl[], plan: readonly RoadmapWindow[]): ExecutiveSummary {
  const measured = domains.filter((d) => d.counted > 0);
  const compared = measured.filter((d) => d.cohort !== undefined);
  // A score below the low end of the median's interval is told apart from the median: those come first.
  const clearlyFirst = (a: { standing?: string }, b: { standing?: string }) => Number(b.standing === 'below') - Number(a.standing === 'below');
  const order = new Map(domains.map((d, i) => [d.id, i]));
  const byOrder = (a: { id: string }, b: { id: string }) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);

  const summary: ExecutiveSummary = compared.length
    ? {
        focusBasis: 'below-median',
        focusDomains: compared
          .map((d) => ({
            id: d.id,
            title: d.title,
            score: d.score,
            median: d.cohort!.p50,
            gap: Math.round((d.cohort!.p50.value - d.score) * 100) / 100,
            standing: d.cohort!.standing,
          }))
          .filter((d) => d.gap > 0)
          .sort((a, b) => clearlyFirst(a, b) || b.gap - a.gap || byOrder(a, b))
          .slice(0, FOCUS),
        quickWinIds: [],
      }
    : {
        focusBasis: 'lowest',
        focusDomains: [...measured]
          .sort((a, b) => a.score - b.score || byOrder(a, b))
          .slice(0, FOCUS)
          .map((d) => ({ id: d.id, title: d.title, score: d.score })),
        quickWinIds: [],
      };

  // The first 30 days in the roadmap's order: everything there is ready now, so a quick win
  // never comes before a prerequisite still to do (docs/reports.md).
  const gain = new Map(controls.map((c) => [c.id, c.scoreGain]));
  const first = plan.find((w) => w.days === 30)?.controlIds ?? [];
  summary.quickWinIds = first.filter((id) => (gain.get(id) ?? 0) > 0).slice(0, FOCUS);
  return summary;
}
