/** Cell counts in a comparable form: empty cells and empty metrics dropped, cells sorted by id. */
import type { CellCounts } from '../../functions/core/benchmark/contributions';

export const nonEmptyCells = (cells: ReadonlyMap<string, CellCounts>): Record<string, CellCounts> =>
  Object.fromEntries(
    [...cells]
      .filter(([, c]) => c.n !== 0)
      .map(([id, c]) => [id, { n: c.n, metrics: Object.fromEntries(Object.entries(c.metrics).filter(([, h]) => h.count !== 0)) }] as const)
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
