/**
 * Essential actions of a multi-select (docs/scoring.md): an option marked `essential` is an
 * action every organisation at its level and above must have, so leaving it unticked holds
 * the answer at its level minus 1 (never below 1), whatever else is ticked.
 */
import type { Option } from '../questionnaire/model';

export interface MultiLevel {
  /** The answer's level: the highest ticked, held by the unticked essentials. */
  level: number;
  /** The highest level ticked, before the essentials hold it. */
  unheldLevel: number;
  /** The unticked essential options that bind (those with the lowest level), in option order; empty when none holds the level. */
  missing: Option[];
}

/** The level of a multi-select answer, or undefined when nothing listed is ticked. */
export function multiLevel(options: readonly Option[], ticked: readonly string[]): MultiLevel | undefined {
  const chosen = options.filter((o) => ticked.includes(o.id));
  if (chosen.length === 0) return undefined;
  const unheldLevel = Math.max(...chosen.map((o) => o.level));
  // Only unticked options can hold the level down, so ticking more never lowers it. An exclusive
  // option cannot be essential (the authoring check refuses it): were it marked, it is ignored.
  const unticked = options.filter((o) => o.essential === true && o.exclusive !== true && !ticked.includes(o.id));
  const cap = Math.max(1, Math.min(5, ...unticked.map((o) => o.level - 1)));
  if (cap >= unheldLevel) return { level: unheldLevel, unheldLevel, missing: [] };
  return { level: cap, unheldLevel, missing: unticked.filter((o) => Math.max(1, o.level - 1) === cap) };
}
