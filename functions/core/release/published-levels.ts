/**
 * Which cohorts a release publishes (issue 14). A level is a set of fixed dimensions
 * ("everyone", "industry", "industry+region"…); the cohorts of a level are every
 * combination of its dimensions' values, so they partition the organisations and each
 * organisation is in exactly one cohort per level (parallel composition, budget-plan.ts).
 * Every extra level divides the per-cohort ε, so the operator chooses few: by default
 * everyone and by industry, the two that keep the median within ±0.1 in at least 95% of
 * releases for cohorts of 50 (bench/RESULTS.md, "Privacy: utility").
 */
import { PARTITIONING_DIMENSIONS, type PartitioningDimension } from '../benchmark/cells';
import { Industry, Region, SizeBand } from '../taxonomy';

export type Level = readonly PartitioningDimension[];
/** A cohort of a level: a value for each of its dimensions. */
export type CohortFilter = Partial<Record<PartitioningDimension, string>>;

export const EVERYONE = 'everyone';
export const DEFAULT_LEVELS: Level[] = [[], ['industry']];

const VALUES: Record<PartitioningDimension, readonly string[]> = { industry: Industry.options, sizeBand: SizeBand.options, region: Region.options };

/** Dimensions in their canonical order, so that "region+industry" and "industry+region" are one level. */
const canonical = (dims: readonly PartitioningDimension[]): Level => PARTITIONING_DIMENSIONS.filter((d) => dims.includes(d));

export const levelName = (level: Level): string => (level.length ? level.join('+') : EVERYONE);

/** "everyone,industry,industry+region" → levels; throws on an unknown dimension or a repeated level. */
export function parseLevels(text: string): Level[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.length) throw new RangeError('at least one published level is needed');
  const levels = names.map((name) => {
    if (name === EVERYONE) return canonical([]);
    const dims = name.split('+').map((d) => d.trim());
    for (const d of dims)
      if (!(PARTITIONING_DIMENSIONS as readonly string[]).includes(d))
        throw new RangeError(`unknown dimension "${d}" in level "${name}" (use ${PARTITIONING_DIMENSIONS.join(', ')})`);
    return canonical(dims as PartitioningDimension[]);
  });
  const seen = new Set(levels.map(levelName));
  if (seen.size !== levels.length) throw new RangeError(`a level is listed twice in "${text}"`);
  return levels;
}

/** The level a filter belongs to: the dimensions it fixes. */
export const levelOfFilter = (filter: CohortFilter): Level => canonical(PARTITIONING_DIMENSIONS.filter((d) => filter[d] !== undefined));

export const isPublished = (levels: readonly Level[], filter: CohortFilter): boolean => levels.some((l) => levelName(l) === levelName(levelOfFilter(filter)));

/** A stable key of a cohort: "everyone" or "industry=energy+region=europe". */
export function cohortKey(filter: CohortFilter): string {
  const level = levelOfFilter(filter);
  return level.length ? level.map((d) => `${d}=${filter[d]}`).join('+') : EVERYONE;
}

/** Every cohort of a level, in taxonomy order. */
export function cohortsOfLevel(level: Level): CohortFilter[] {
  let out: CohortFilter[] = [{}];
  for (const d of level) out = out.flatMap((f) => VALUES[d].map((v) => ({ ...f, [d]: v })));
  return out;
}
