/**
 * One sentence saying which questionnaire versions a cohort's figures pool (the report,
 * report.json and the PDF cover), so that a reader knows a domain whose meaning changed
 * is compared only with organisations that answered it the same way.
 */
import { OVERALL } from './contributions';

const span = (versions: readonly string[]) => (versions.length === 1 ? `version ${versions[0]}` : `versions ${versions[0]}–${versions.at(-1)}`);

export function pooledVersionsNote(pooled: Readonly<Record<string, readonly string[]>>, titleOf: (domainId: string) => string): string {
  const groups = new Map<string, string[]>();
  const overall = pooled[OVERALL];
  if (overall) groups.set(span(overall), ['the overall score']);
  for (const [id, versions] of Object.entries(pooled)) {
    if (id === OVERALL) continue;
    const key = span(versions);
    groups.set(key, [...(groups.get(key) ?? []), titleOf(id)]);
  }
  if (groups.size === 1) return `Compared with organisations on questionnaire ${[...groups.keys()][0]}.`;
  const parts = [...groups].map(([versions, names]) => `${names.join(', ')} with organisations on ${versions}`);
  return `Compared per questionnaire version where a domain changed meaning: ${parts.join('; ')}.`;
}
