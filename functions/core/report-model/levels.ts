/** The names of the five maturity levels, shared by every report. */
import type { LevelName } from './types';

export const LEVEL_NAMES: readonly LevelName[] = ['Ad hoc', 'Emerging', 'Defined', 'Managed', 'Adaptive'];

export function levelName(level: number): LevelName {
  const index = Math.min(5, Math.max(1, Math.round(level))) - 1;
  return LEVEL_NAMES[index] ?? 'Ad hoc';
}
