/**
 * A table in a region of its own that scrolls sideways on a narrow screen (and can be
 * scrolled with the keyboard), named by its caption or by a heading elsewhere.
 */
import { useId, type ReactNode } from 'react';
import type { Figure } from './api';
import { scoreFigure } from './format';

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
    // A named <section> is a region landmark.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls sideways on a narrow screen; keyboard users can only scroll it once it takes focus (WCAG 2.1.1, axe scrollable-region-focusable)
    <section className="table-wrap" aria-labelledby={caption === undefined ? labelledBy : captionId} tabIndex={0}>
      <table className={className}>
        {caption === undefined ? null : <caption id={captionId}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the header row is the caller's fixed column list (labels may be elements, not strings); cells hold no state
              <th key={i} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </section>
  );
}

/**
 * The 25th percentile, median and 75th percentile as three figure cells, each with its
 * 90% interval ("2.9 (2.6–3.2)"; exact figures without one); '–' when unknown.
 */
export function QuartileCells({ of, exact }: { of: { p25?: Figure; p50?: Figure; p75?: Figure } | undefined; exact?: boolean }) {
  return (
    <>
      {(['p25', 'p50', 'p75'] as const).map((q) => {
        const f = of?.[q];
        return (
          <td key={q} className="num">
            {f ? <FigureText text={scoreFigure(f, exact)} /> : '–'}
          </td>
        );
      })}
    </>
  );
}

/** A figure and its interval ("≈ 52 (47–57)"), each kept on one line; a narrow cell breaks between them. */
export function FigureText({ text }: { text: string }) {
  const i = text.indexOf(' (');
  if (i < 0) return <span className="nowrap">{text}</span>;
  return (
    <>
      <span className="nowrap">{text.slice(0, i)}</span> <span className="nowrap">{text.slice(i + 1)}</span>
    </>
  );
}
