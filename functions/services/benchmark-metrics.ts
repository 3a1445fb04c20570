/**
 * The benchmark metric keys of every questionnaire version (core/benchmark/domain-lineage.ts),
 * for folding submissions and reading figures. Built from the questionnaires bundled
 * with the code by default, the same documents the catalogue serves, so that every path
 * that folds (the stream, the rebuild, opt-in, verification, the demo seeder) keys a
 * submission the same way without each caller passing it along.
 */
import { questionnaireDocuments } from '../../questionnaires';
import { domainLineage, plainMetrics, type Lineage, type VersionMetrics } from '../core/benchmark/domain-lineage';
import { Catalogue } from '../core/catalogue/catalogue';
import type { Questionnaire } from '../core/questionnaire/model';
import { compareVersions } from '../core/questionnaire/semver';

export interface BenchmarkMetrics {
  /** Metric keys of a version; plain ids for a questionnaire or version not known here. */
  metricsOf(questionnaireId: string, version: string): VersionMetrics;
  lineageOf(questionnaireId: string): Lineage | undefined;
  /** Versions analysts may pick (published or retired: they have submissions), oldest first. */
  queryableVersions(questionnaireId: string): string[];
  /** The latest published version (the default of analysts' queries). */
  latestPublished(questionnaireId: string): string | undefined;
}

export function benchmarkMetricsOf(questionnaires: readonly Questionnaire[]): BenchmarkMetrics {
  const byId = new Map<string, Questionnaire[]>();
  // Drafts take no submissions: left out, they neither get release groups nor divide a pooled domain's ε.
  for (const q of questionnaires) if (q.status !== 'draft') byId.set(q.id, [...(byId.get(q.id) ?? []), q]);
  const lineages = new Map([...byId].map(([id, versions]) => [id, domainLineage(versions)]));
  const ordered = (id: string) => [...(byId.get(id) ?? [])].sort((a, b) => compareVersions(a.version, b.version));
  return {
    metricsOf: (id, version) => {
      const found = lineages.get(id)?.get(version);
      if (found) return found;
      return plainMetrics([], version);
    },
    lineageOf: (id) => lineages.get(id),
    queryableVersions: (id) =>
      ordered(id)
        .filter((q) => q.status !== 'draft')
        .map((q) => q.version),
    latestPublished: (id) =>
      ordered(id)
        .filter((q) => q.status === 'published')
        .at(-1)?.version,
  };
}

let bundled: BenchmarkMetrics | undefined;

/** The metrics of the bundled questionnaires (built once, on first use). */
export function bundledBenchmarkMetrics(): BenchmarkMetrics {
  bundled ??= benchmarkMetricsOf(new Catalogue(questionnaireDocuments).all());
  return bundled;
}
