/**
 * Cohort cells: every combination of the cohort dimensions, each either a value or the
 * wildcard `*`. One questionnaire id (all its versions in one cell; a domain whose
 * meaning changed counts in a metric of its own, domain-lineage.ts) and one population (real or synthetic data, never mixed in a cell).
 * A cell may be split into write shards (docs/benchmarks.md, "hot cells").
 */
import { Industry, Region, SizeBand } from '../taxonomy';

export const WILDCARD = '*';
export const DIMENSIONS = ['industry', 'sizeBand', 'region', 'period'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Population = 'real' | 'synthetic';

export interface Cell {
  population: Population;
  questionnaireId: string;
  industry: string;
  sizeBand: string;
  region: string;
  /** Calendar quarter (`2026-Q4`) or `*`. */
  period: string;
}

export interface ShardedCell extends Cell {
  shard: number;
}

/** The calendar quarter (UTC) of an ISO timestamp, e.g. `2026-Q4`. */
export function quarterOf(isoTime: string): string {
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a time: ${isoTime}`);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export const QUARTER = /^\d{4}-Q[1-4]$/;

/** The `count` quarters ending with the one containing `isoTime`, oldest first. */
export function quartersEndingAt(isoTime: string, count: number): string[] {
  const [year, q] = quarterOf(isoTime).split('-Q').map(Number) as [number, number];
  let index = year * 4 + (q - 1);
  const out: string[] = [];
  for (let i = 0; i < count; i++, index--) out.unshift(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
  return out;
}

export const wildcards = (cell: Cell) => DIMENSIONS.filter((d) => cell[d] === WILDCARD).length;

/**
 * Write shards per cell: the cells with three or four open dimensions take (nearly)
 * every submission, so their writes are spread over several items (and partitions).
 */
export function shardsFor(cell: Cell): number {
  const open = wildcards(cell);
  return open === 4 ? 8 : open === 3 ? 2 : 1;
}

/** FNV-1a, 32 bit: a stable, well-spread hash of an organisation id. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** An organisation always writes to the same shard of a cell, so its old and new contributions meet. */
export const shardOf = (cell: Cell, organisationId: string): ShardedCell => ({ ...cell, shard: stableHash(organisationId) % shardsFor(cell) });

export const allShards = (cell: Cell): ShardedCell[] => Array.from({ length: shardsFor(cell) }, (_, shard) => ({ ...cell, shard }));

/** A stable text key for a cell (shard included when given). */
export function cellId(cell: Cell | ShardedCell): string {
  const base = [cell.population, cell.questionnaireId, cell.industry, cell.sizeBand, cell.region, cell.period].join('#');
  return 'shard' in cell ? `${base}#${cell.shard}` : base;
}

export function parseCellId(id: string): ShardedCell {
  const [population, questionnaireId, industry, sizeBand, region, period, shard] = id.split('#');
  return {
    population: population as Population,
    questionnaireId: questionnaireId!,
    industry: industry!,
    sizeBand: sizeBand!,
    region: region!,
    period: period!,
    shard: Number(shard ?? 0),
  };
}

/** Every cell that a member with these dimension values falls in: each dimension its value or `*` (the member's own cell first). */
export function cellsCovering(member: Cell, dimensions: readonly Dimension[] = DIMENSIONS): Cell[] {
  let cells: Cell[] = [member];
  for (const d of dimensions) cells = cells.flatMap((c) => (c[d] === WILDCARD ? [c] : [c, { ...c, [d]: WILDCARD }]));
  return cells;
}

/**
 * Dimensions on which every organisation has exactly one value, so that a cell and its
 * siblings along one of them add up to the broader cell (privacy rule 3). Not the
 * quarter: an organisation counts once overall but may count in several quarters.
 */
export const PARTITIONING_DIMENSIONS = ['industry', 'sizeBand', 'region'] as const satisfies readonly Dimension[];
export type PartitioningDimension = (typeof PARTITIONING_DIMENSIONS)[number];

const DIMENSION_VALUES: Record<PartitioningDimension, readonly string[]> = {
  industry: Industry.options,
  sizeBand: SizeBand.options,
  region: Region.options,
};

/** The cell with `dimension` set to each of its values in taxonomy order (the cell itself among them). */
export const siblingsAlong = (cell: Cell, dimension: PartitioningDimension): Cell[] =>
  DIMENSION_VALUES[dimension].map((value) => ({ ...cell, [dimension]: value }));
