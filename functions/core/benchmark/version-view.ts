/**
 * A cell as seen from one questionnaire version: its overall and domain histograms are
 * those of the version's metric keys (domain-lineage.ts), named by plain domain id, so
 * that statistics, privacy rules and releases read it as they read any cell. The count
 * is the organisations of the version's overall metric: those whose figures pool with
 * this version's (each contributes one overall score).
 */
import { OVERALL } from './contributions';
import { countOfDense, type DenseCounts } from './dense-histogram';
import type { Lineage, VersionMetrics } from './domain-lineage';

export function versionView(counts: DenseCounts, metrics: VersionMetrics): DenseCounts {
  const view: DenseCounts = { n: 0, metrics: new Map() };
  const overall = counts.metrics.get(metrics.overall);
  if (overall) {
    view.metrics.set(OVERALL, overall);
    view.n = countOfDense(overall);
  }
  for (const [domain, key] of Object.entries(metrics.domains)) {
    const h = counts.metrics.get(key);
    if (h) view.metrics.set(domain, h);
  }
  return view;
}

/** The overall metrics of a lineage, in version order (each one release group). */
export const overallMetrics = (lineage: Lineage): string[] => [...new Set([...lineage.values()].map((m) => m.overall))];
