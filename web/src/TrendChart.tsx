/**
 * A small line chart of scores over time (inline SVG, percent coordinates so it
 * stretches to any width). Points are circles joined by a solid line; the reference
 * (a cohort median) is dashed: both read in greyscale. A released reference carries
 * privacy noise: its 90% interval is a shaded range around the dashed line, and the text
 * alternative gives it too. The data table sits beside it.
 */
import { useId } from 'react';
import type { Figure } from './api';
import { isExact, score2, scoreFigure } from './format';

export interface TrendSeries {
  name: string;
  /** In drawing order; `key` identifies a point (its label, a date, need not be unique). */
  points: { key: string; label: string; value: number }[];
}

const H = 160;
const TOP = 10;
const BOTTOM = 28;
const y = (score: number) => TOP + (1 - Math.max(0, Math.min(5, score)) / 5) * (H - TOP - BOTTOM);

/** A horizontal reference: a value, with its interval when it has one. */
export type TrendReference = { name: string } & Pick<Figure, 'value'> & Partial<Pick<Figure, 'low' | 'high'>>;

export function TrendChart({ title, series, reference }: { title: string; series: TrendSeries[]; reference?: TrendReference }) {
  const id = useId();
  const main = series[0]!;
  const n = main.points.length;
  const x = (i: number) => `${n === 1 ? 50 : 8 + (i / (n - 1)) * 84}%`;
  const range =
    reference && reference.low !== undefined && reference.high !== undefined ? { value: reference.value, low: reference.low, high: reference.high } : undefined;
  const referenceText = reference ? (range ? scoreFigure(range, false) : score2(reference.value)) : '';
  const shaded = range && !isExact(range) ? range : undefined;
  const summary = `${main.name}: ${main.points.map((p) => `${p.label} ${score2(p.value)}`).join(', ')}${reference ? `. ${reference.name}: ${referenceText}${range ? ', the range in brackets a 90% interval' : ''}` : ''}.`;
  return (
    <figure className="trend-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg width="100%" height={H} role="img" aria-label={summary} focusable="false">
        {[0, 1, 2, 3, 4, 5].map((t) => (
          <g key={t}>
            <line x1="6%" x2="100%" y1={y(t)} y2={y(t)} className="grid" />
            <text x="0" y={y(t) + 4} className="tick">
              {t}
            </text>
          </g>
        ))}
        {shaded ? <rect x="6%" width="94%" y={y(shaded.high)} height={Math.max(1, y(shaded.low) - y(shaded.high))} className="reference-range" /> : null}
        {reference ? <line x1="6%" x2="100%" y1={y(reference.value)} y2={y(reference.value)} className="reference" /> : null}
        {main.points.slice(1).map((p, i) => (
          <line key={`${main.points[i]!.key}-${p.key}`} x1={x(i)} x2={x(i + 1)} y1={y(main.points[i]!.value)} y2={y(p.value)} className="trend-line" />
        ))}
        {main.points.map((p, i) => (
          <g key={p.key}>
            <circle cx={x(i)} cy={y(p.value)} r={5} className="trend-point" />
            <text x={x(i)} y={H - 8} textAnchor="middle" className="tick">
              {p.label}
            </text>
          </g>
        ))}
      </svg>
      <ul className="legend" aria-hidden="true">
        <li>
          <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
            <line x1="2" x2="28" y1="8" y2="8" className="trend-line" />
            <circle cx="15" cy="8" r="4" className="trend-point" />
          </svg>
          {main.name}
        </li>
        {reference ? (
          <li>
            <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
              {shaded ? <rect x="2" y="3" width="26" height="10" className="reference-range" /> : null}
              <line x1="2" x2="28" y1="8" y2="8" className="reference" />
            </svg>
            {reference.name} {referenceText}
            {shaded ? ' (shaded: 90% interval)' : ''}
          </li>
        ) : null}
      </ul>
    </figure>
  );
}
