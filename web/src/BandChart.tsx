/**
 * Percentile bands drawn as inline SVG, one row each: the middle half of a cohort
 * (p25–p75) as a hatched band, its median as a thick line and, when given, the
 * organisation's own score as a diamond. Shapes, not colours, tell them apart, so the
 * chart reads in greyscale; every row carries its figures as text for screen readers.
 */
import { useId } from 'react';
import { score2 } from './format';

export interface BandRow {
  key: string;
  label: string;
  band?: { p25: number; p50: number; p75: number };
  marker?: number;
  /** Shown instead of a band (a suppressed cohort, a domain without figures). */
  note?: string;
  /** Extra words for the text alternative (a count, a percentile). */
  detail?: string;
}

const H = 28;
/** Horizontal positions in percent of the row, so the chart stretches without distorting its shapes. */
const pct = (score: number) => 2 + (Math.max(0, Math.min(5, score)) / 5) * 96;
const x = (score: number) => `${pct(score)}%`;
const span = (from: number, to: number) => `${Math.max(0.6, pct(to) - pct(from))}%`;

export function describeRow(row: BandRow, markerName: string): string {
  if (!row.band) return `${row.label}: ${row.note ?? 'no figures'}`;
  const { p25, p50, p75 } = row.band;
  const own = row.marker !== undefined ? `${markerName} ${score2(row.marker)}; ` : '';
  return `${row.label}: ${own}median ${score2(p50)}, middle half ${score2(p25)} to ${score2(p75)}${row.detail ? `; ${row.detail}` : ''}`;
}

export function BandChart({ rows, title, markerName = 'your score', legend = true }: { rows: BandRow[]; title: string; markerName?: string; legend?: boolean }) {
  const id = useId().replace(/:/g, '');
  return (
    <figure className="band-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {legend ? <Legend id={id} markerName={markerName} showMarker={rows.some((r) => r.marker !== undefined)} /> : null}
      <div className="band-rows">
        <div className="band-row band-axis" aria-hidden="true">
          <span />
          <svg width="100%" height="18" focusable="false">
            {[0, 1, 2, 3, 4, 5].map((t) => (
              <text key={t} x={x(t)} y={13} textAnchor={t === 0 ? 'start' : t === 5 ? 'end' : 'middle'} className="tick">
                {t}
              </text>
            ))}
          </svg>
        </div>
        {rows.map((row) => (
          <div className="band-row" key={row.key}>
            <span className="band-label">{row.label}</span>
            <svg width="100%" height={H} role="img" aria-label={describeRow(row, markerName)} focusable="false">
              <Pattern id={id} />
              {[1, 2, 3, 4].map((t) => (
                <line key={t} x1={x(t)} x2={x(t)} y1={2} y2={H - 2} className="grid" />
              ))}
              <line x1={x(0)} x2={x(5)} y1={H / 2} y2={H / 2} className="baseline" />
              {row.band ? (
                <>
                  <rect x={x(row.band.p25)} y={5} width={span(row.band.p25, row.band.p75)} height={H - 10} fill={`url(#${id}-hatch)`} className="band" />
                  <svg x={x(row.band.p50)} y={0} overflow="visible">
                    <rect x={-2} y={2} width={4} height={H - 4} className="median" />
                  </svg>
                </>
              ) : (
                <text x={x(2.5)} y={H / 2 + 5} textAnchor="middle" className="band-note">
                  {row.note ?? 'No figures'}
                </text>
              )}
              {row.marker !== undefined ? (
                <svg x={x(row.marker)} y={0} overflow="visible">
                  <Diamond cx={0} cy={H / 2} />
                </svg>
              ) : null}
            </svg>
          </div>
        ))}
      </div>
    </figure>
  );
}

function Diamond({ cx, cy }: { cx: number; cy: number }) {
  const r = 8;
  return <polygon points={`${cx},${cy - r} ${cx + r},${cy} ${cx},${cy + r} ${cx - r},${cy}`} className="marker" />;
}

function Pattern({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" className="hatch-bg" />
        <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
      </pattern>
    </defs>
  );
}

function Legend({ id, markerName, showMarker }: { id: string; markerName: string; showMarker: boolean }) {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
          <Pattern id={`${id}-legend`} />
          <rect x="1" y="3" width="28" height="10" fill={`url(#${id}-legend-hatch)`} className="band" />
        </svg>
        Middle half of the cohort (25th to 75th percentile)
      </li>
      <li>
        <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
          <rect x="13" y="0" width="4" height="16" className="median" />
        </svg>
        Median
      </li>
      {showMarker ? (
        <li>
          <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
            <Diamond cx={15} cy={8} />
          </svg>
          {markerName.charAt(0).toUpperCase() + markerName.slice(1)}
        </li>
      ) : null}
    </ul>
  );
}
