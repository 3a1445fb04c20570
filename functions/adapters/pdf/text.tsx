/**
 * react-pdf's Text, with each run of adjacent strings and numbers among its children joined
 * into one string. JSX such as `Level {n} · {name}` gives react-pdf three text instances, and
 * react-pdf shapes every instance as a run of its own (a fontkit layout each), even when they
 * share one style: a third of the report's runs were such pieces (docs/reports.md, "Render time").
 */
import { Text as PdfText } from '@react-pdf/renderer';
import { Children, type ComponentProps, type ReactNode } from 'react';

/** `children` with every run of adjacent strings and numbers joined; nothing else changes. */
export function joinAdjacentStrings(children: ReactNode): ReactNode {
  if (typeof children === 'string' || children === undefined || children === null) return children;
  const out: ReactNode[] = [];
  let pending: string | undefined;
  // Children.toArray drops null, undefined and booleans, which render nothing.
  for (const child of Children.toArray(children)) {
    if (typeof child === 'string' || typeof child === 'number') {
      pending = (pending ?? '') + String(child);
      continue;
    }
    if (pending !== undefined) out.push(pending);
    pending = undefined;
    out.push(child);
  }
  if (pending !== undefined) out.push(pending);
  return out.length === 1 ? out[0] : out;
}

/** react-pdf's Text props for page text (its type also covers SVG text, which has x and y). */
type TextProps = Exclude<ComponentProps<typeof PdfText>, { x: string | number }>;

export function Text(props: TextProps) {
  return <PdfText {...props}>{joinAdjacentStrings(props.children)}</PdfText>;
}
