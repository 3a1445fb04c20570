/** Why a multi-select answer sits below its highest tick: the essential actions not ticked (docs/scoring.md). */
import type { HoldingBackAnswer } from '../../core/report-model';

export function essentialText(row: HoldingBackAnswer): string | undefined {
  const held = row.essentialMissing;
  if (!held || row.level === undefined) return undefined;
  const names = held.labels.map((label) => `“${label}”`).join(' and ');
  return `Held at ${row.level}: ${names} not ticked (the highest action ticked shows level ${held.unheldLevel})`;
}
