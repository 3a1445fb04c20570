/**
 * The plan's burn-down (issue 19): over the dates on which items fell due or closed, how many
 * were due by then, how many were closed (done or achieved) and how many were still open.
 * Inline SVG like TrendChart; the three lines differ by dash and marker shape, not colour
 * alone, and the same figures follow as a table.
 */
import { useId } from 'react';
import type { BurnDownPoint } from './api';
import { DataTable } from './DataTable';
import { formatTargetDate } from './targets-text';

const H = 180;
const TOP = 10;
const BOTTOM = 28;

const SERIES = [
  { key: 'due', name: 'Due by then', line: 'burn-due', marker: 'square' },
  { key: 'closed', name: 'Closed (done or achieved)', line: 'burn-closed', marker: 'circle' },
  { key: 'open', name: 'Still open', line: 'burn-open', marker: 'diamond' },
] as const;

function Marker({ shape, cx, cy, size = 4.5 }: { shape: 'square' | 'circle' | 'diamond'; cx: number | string; cy: number; size?: number }) {
  if (shape === 'circle') return <circle cx={cx} cy={cy} r={size} className="burn-marker" />;
  // A square or a diamond: an inner svg placed at the point, so that percentage x positions still work.
  return (
    <svg x={cx} y={cy} overflow="visible" aria-hidden="true">
      {shape === 'square' ? (
        <rect x={-size} y={-size} width={size * 2} height={size * 2} className="burn-marker" />
      ) : (
        <polygon points={`0,${-size - 1} ${size + 1},0 0,${size + 1} ${-size - 1},0`} className="burn-marker" />
      )}
    </svg>
  );
}

export function BurnDownChart({ points }: { points: BurnDownPoint[] }) {
  const id = useId();
  const n = points.length;
  const max = Math.max(1, ...points.flatMap((p) => [p.due, p.closed, p.open]));
  const y = (count: number) => TOP + (1 - count / max) * (H - TOP - BOTTOM);
  const x = (i: number) => `${n === 1 ? 50 : 8 + (i / (n - 1)) * 84}%`;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  // Date labels: all of them when few, else the first, the last and a few between.
  const step = Math.max(1, Math.ceil(n / 5));
  const labelled = (i: number) => i === 0 || i === n - 1 || (i % step === 0 && n - 1 - i >= step / 2);
  const last = points[n - 1];
  const summary = last
    ? `Plan items over ${n} ${n === 1 ? 'date' : 'dates'} from ${formatTargetDate(points[0]!.date)} to ${formatTargetDate(last.date)}; on ${formatTargetDate(last.date)}: ${last.due} due, ${last.closed} closed, ${last.open} open. The table below gives every date.`
    : 'No plan items have fallen due or closed yet.';
  return (
    <>
      <figure className="trend-chart burn-down" aria-labelledby={`${id}-title`}>
        <figcaption id={`${id}-title`}>Plan items due, closed and open over time</figcaption>
        <svg width="100%" height={H} role="img" aria-label={summary} focusable="false">
          {ticks.map((t) => (
            <g key={t}>
              <line x1="6%" x2="100%" y1={y(t)} y2={y(t)} className="grid" />
              <text x="0" y={y(t) + 4} className="tick">
                {t}
              </text>
            </g>
          ))}
          {SERIES.map((s) => (
            <g key={s.key}>
              {points.slice(1).map((p, i) => (
                <line key={p.date} x1={x(i)} x2={x(i + 1)} y1={y(points[i]![s.key])} y2={y(p[s.key])} className={s.line} />
              ))}
              {points.map((p, i) => (
                <Marker key={p.date} shape={s.marker} cx={x(i)} cy={y(p[s.key])} />
              ))}
            </g>
          ))}
          {points.map((p, i) =>
            labelled(i) ? (
              <text key={p.date} x={x(i)} y={H - 8} textAnchor="middle" className="tick">
                {formatTargetDate(p.date)}
              </text>
            ) : null,
          )}
        </svg>
        <ul className="legend" aria-hidden="true">
          {SERIES.map((s) => (
            <li key={s.key}>
              <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
                <line x1="2" x2="28" y1="8" y2="8" className={s.line} />
                <Marker shape={s.marker} cx={15} cy={8} size={3.5} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      </figure>
      <DataTable
        caption="Plan items by date"
        className="burn-down-table"
        columns={[{ label: 'Date' }, { label: 'Due by then', numeric: true }, { label: 'Closed', numeric: true }, { label: 'Open', numeric: true }]}
      >
        <tbody>
          {points.map((p) => (
            <tr key={p.date} data-testid="burn-down-row">
              <th scope="row">{formatTargetDate(p.date)}</th>
              <td className="num">{p.due}</td>
              <td className="num">{p.closed}</td>
              <td className="num">{p.open}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
