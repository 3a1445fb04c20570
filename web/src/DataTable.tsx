/**
 * A table in a region of its own that scrolls sideways on a narrow screen (and can be
 * scrolled with the keyboard), named by its caption or by a heading elsewhere.
 */
import { useId, type ReactNode } from 'react';
import { score2 } from './format';

export interface Column {
  label: ReactNode;
  /** Right-aligned figures. */
  numeric?: boolean;
}

interface Props {
  columns: Column[];
  /** The table's caption; without one, `labelledBy` names the element that titles it. */
  caption?: ReactNode;
  labelledBy?: string;
  className?: string;
  /** The body: `<tbody>` (and `<tfoot>`) elements. */
  children: ReactNode;
}

export function DataTable({ columns, caption, labelledBy, className, children }: Props) {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={caption === undefined ? labelledBy : captionId} tabIndex={0}>
      <table className={className}>
        {caption === undefined ? null : <caption id={captionId}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

/** The 25th percentile, median and 75th percentile as three figure cells ('–' when unknown). */
export function QuartileCells({ of }: { of: { p25: number; p50: number; p75: number } | undefined }) {
  return (
    <>
      {(['p25', 'p50', 'p75'] as const).map((q) => (
        <td key={q} className="num">
          {of ? score2(of[q]) : '–'}
        </td>
      ))}
    </>
  );
}
