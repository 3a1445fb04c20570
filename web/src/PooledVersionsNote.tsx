/**
 * Which questionnaire versions a cohort's figures pool (docs/benchmarks.md, "Versions"):
 * a domain whose meaning changed in a version is compared only with organisations on the
 * versions that measure it the same way. The same sentence as the report's cover.
 */
const span = (versions: readonly string[]) => (versions.length === 1 ? `version ${versions[0]}` : `versions ${versions[0]}–${versions.at(-1)}`);

export function pooledVersionsText(pooled: Record<string, string[]>, titleOf: (domainId: string) => string): string {
  const groups = new Map<string, string[]>();
  if (pooled.overall) groups.set(span(pooled.overall), ['the overall score']);
  for (const [id, versions] of Object.entries(pooled)) {
    if (id === 'overall') continue;
    groups.set(span(versions), [...(groups.get(span(versions)) ?? []), titleOf(id)]);
  }
  if (groups.size === 1) return `Compared with organisations on questionnaire ${[...groups.keys()][0]}.`;
  const parts = [...groups].map(([versions, names]) => `${names.join(', ')} with organisations on ${versions}`);
  return `Compared per questionnaire version where a domain changed meaning: ${parts.join('; ')}.`;
}

export function PooledVersionsNote({ pooled, titleOf }: { pooled: Record<string, string[]> | undefined; titleOf: (domainId: string) => string }) {
  if (!pooled) return null;
  return (
    <p className="hint" data-testid="pooled-versions">
      {pooledVersionsText(pooled, titleOf)}
    </p>
  );
}
