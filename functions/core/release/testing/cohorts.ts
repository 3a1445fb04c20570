/**
 * Test-only synthetic cohorts: scores drawn from a seeded generator (replayable), rounded
 * to hundredths and clamped to [0, 5], laid out as DenseCounts like the query path's.
 * Normal draws by Box–Muller (Box & Muller 1958) from xoshiro128** words.
 */
import { OVERALL } from '../../benchmark/contributions';
import { emptyDense, percentilesOfDense, type DenseCounts } from '../../benchmark/dense-histogram';
import { seededRandom } from '../../privacy/testing/seeded-random';

export interface ScoreGenerator {
  uniform(): number;
  normal(mean: number, sd: number): number;
}

export function scoreGenerator(seed: number): ScoreGenerator {
  const source = seededRandom(seed);
  const word = new Uint8Array(4);
  const uniform = () => {
    source.fill(word);
    return (((word[0]! | (word[1]! << 8) | (word[2]! << 16)) >>> 0) + word[3]! * 2 ** 24 + 0.5) / 2 ** 32;
  };
  return {
    uniform,
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  };
}

export const toHundredths = (x: number): number => Math.round(Math.min(5, Math.max(0, x)) * 100);

/** The realistic distribution of the brief: normal(2.35, 0.47), clamped and rounded. */
export function realisticScores(gen: ScoreGenerator, n: number): number[] {
  return Array.from({ length: n }, () => toHundredths(gen.normal(2.35, 0.47)));
}

/** A mix of shapes: realistic, uniform on [0, 5], or two clusters. */
export function mixedScores(gen: ScoreGenerator, n: number): number[] {
  const shape = Math.floor(gen.uniform() * 3);
  return Array.from({ length: n }, () => {
    if (shape === 0) return toHundredths(gen.normal(2.35, 0.47));
    if (shape === 1) return toHundredths(gen.uniform() * 5);
    return toHundredths(gen.uniform() < 0.5 ? gen.normal(1, 0.2) : gen.normal(4, 0.2));
  });
}

/** DenseCounts of organisations with these overall scores (hundredths), every domain given the same scores. */
export function cohortOf(hundredths: readonly number[], domainIds: readonly string[] = []): DenseCounts {
  const dense = emptyDense();
  for (const h of hundredths) {
    dense[0]! += 1;
    dense[1]! += h;
    dense[2 + h]! += 1;
  }
  const metrics = new Map([[OVERALL, dense]]);
  for (const id of domainIds) metrics.set(id, dense.slice());
  return { n: hundredths.length, metrics };
}

/** Exact R-7 quantiles of the cohort's overall scores. */
export function exactQuantiles(counts: DenseCounts, ps: readonly number[]): number[] {
  return percentilesOfDense(counts.metrics.get(OVERALL)!, ps);
}

export const exactMean = (hundredths: readonly number[]): number => hundredths.reduce((a, b) => a + b, 0) / 100 / hundredths.length;
