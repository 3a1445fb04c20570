/**
 * An organisation's percentile rank in its cohort, computed from the released 0.1-grid
 * histogram only, never from the exact data: 100 · (released count below the score's
 * tenth bin + ½ · the count in it) / released total. Post-processing of a released figure,
 * so it costs no privacy; its resolution is the 0.1 grid (ties are the whole bin).
 */
import { clampScore, TENTH_BINS } from './score-grid';

export function percentileRankFromTenths(tenths: readonly number[], score: number): number {
  if (tenths.length !== TENTH_BINS) throw new RangeError(`expected ${TENTH_BINS} tenth bins, got ${tenths.length}`);
  const bin = Math.min(TENTH_BINS - 1, Math.floor(Math.round(clampScore(score) * 100) / 10));
  const bins = tenths.map((c) => Math.max(0, c));
  const total = bins.reduce((a, b) => a + b, 0);
  if (total === 0) return 50;
  const below = bins.slice(0, bin).reduce((a, b) => a + b, 0);
  return (100 * (below + bins[bin]! / 2)) / total;
}
