/** The held-by line: why a level is below the one its score alone gives, in words (docs/reports.md). */
import type { HeldByRow } from '../../core/report-model';

export function heldByText(level: number, held: HeldByRow): string {
  const by =
    held.prompt !== undefined ? `“${held.prompt}”${held.domainTitle !== undefined ? ` in ${held.domainTitle}` : ''}` : (held.domainTitle ?? 'one answer');
  const rule = held.rule === 'cap' ? 'cap' : held.prompt !== undefined ? 'weakest answer' : 'weakest domain';
  return `Held at level ${level} by ${by} (${rule}); the score alone would give level ${held.unheldLevel}`;
}

/** "After: Name an owner for every agent, …": the recommended controls this one builds on, by title. */
export function afterText(prerequisites: readonly string[], titles: ReadonlyMap<string, string>): string | undefined {
  const names = prerequisites.map((id) => titles.get(id) ?? id);
  return names.length ? `After: ${names.join('; ')}` : undefined;
}
