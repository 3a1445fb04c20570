/**
 * Percentile bands drawn as inline SVG, one row each: the middle half of a cohort
 * (p25–p75) as a hatched band, its median as a thick bar and, when given, the
 * organisation's own score as a diamond. Released figures carry privacy noise, so each
 * comes with its 90% interval: the median's as a whisker under the band (an I-beam),
 * the quartiles' as a lightly shaded, dashed range around the band (from the lowest the
 * 25th percentile may be to the highest the 75th may be). Exact figures (synthetic demo
 * data) have no whiskers. Shapes, not colours, tell them apart, so the chart reads in
 * greyscale; every row carries its figures, intervals included, as text for screen readers.
 */
import { useId } from 'react';
import type { Figure } from './api';
import { isExact, score2, scoreFigure } from './format';

export interface BandRow {
  key: string;
  label: string;
  /** The cohort's median with its interval. */
  median?: Figure;
  /** The middle half, when the cohort's quartiles are known (not for a domain of an analyst's comparison). */
  quartiles?: { p25: Figure; p75: Figure };
  marker?: number;
  /** True for exact figures (synthetic demo data), false for released ones; unset: judged by the intervals' width. */
  exact?: boolean;
  /** Shown instead of a band (a suppressed cohort, a domain without figures). */
  note?: string;
  /** Extra words for the text alternative (a count, a percentile, why there are no figures). */
  detail?: string;
}

const H = 36;
const BAND_TOP = 4;
const BAND_BOTTOM = 23;
const WHISKER_Y = 30;
/** Horizontal positions in percent of the row, so the chart stretches without distorting its shapes. */
const pct = (score: number) => 2 + (Math.max(0, Math.min(5, score)) / 5) * 96;
const x = (score: number) => `${pct(score)}%`;
const span = (from: number, to: number) => `${Math.max(0.6, pct(to) - pct(from))}%`;

export function describeRow(row: BandRow, markerName: string): string {
  if (!row.median) return `${row.label}: ${row.note ?? 'no figures'}${row.detail ? `; ${row.detail}` : ''}`;
  const own = row.marker !== undefined ? `${markerName} ${score2(row.marker)}; ` : '';
  const half = row.quartiles ? `, middle half ${scoreFigure(row.quartiles.p25, row.exact)} to ${scoreFigure(row.quartiles.p75, row.exact)}` : '';
  return `${row.label}: ${own}median ${scoreFigure(row.median, row.exact)}${half}${row.detail ? `; ${row.detail}` : ''}`;
}

const hasInterval = (row: BandRow) =>
  !!row.median && (!isExact(row.median) || (!!row.quartiles && (!isExact(row.quartiles.p25) || !isExact(row.quartiles.p75))));

export function BandChart({
  rows,
  title,
  markerName = 'your score',
  legend = true,
}: {
  rows: BandRow[];
  title: string;
  markerName?: string;
  legend?: boolean;
}) {
  const id = useId().replace(/:/g, '');
  return (
    <figure className="band-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {legend ? (
        <Legend
          id={id}
          markerName={markerName}
          showMarker={rows.some((r) => r.marker !== undefined)}
          showBand={rows.some((r) => r.quartiles)}
          showIntervals={rows.some(hasInterval)}
        />
      ) : null}
      <div className="band-rows">
        <div className="band-row band-axis" aria-hidden="true">
          <span />
          <svg width="100%" height="18" aria-hidden="true" focusable="false">
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
              <line x1={x(0)} x2={x(5)} y1={(BAND_TOP + BAND_BOTTOM) / 2} y2={(BAND_TOP + BAND_BOTTOM) / 2} className="baseline" />
              {row.median ? (
                <>
                  {row.quartiles ? (
                    <>
                      {isExact(row.quartiles.p25) && isExact(row.quartiles.p75) ? null : (
                        <rect
                          x={x(row.quartiles.p25.low)}
                          y={BAND_TOP - 2}
                          width={span(row.quartiles.p25.low, row.quartiles.p75.high)}
                          height={BAND_BOTTOM - BAND_TOP + 4}
                          className="band-range"
                        />
                      )}
                      <rect
                        x={x(row.quartiles.p25.value)}
                        y={BAND_TOP}
                        width={span(row.quartiles.p25.value, row.quartiles.p75.value)}
                        height={BAND_BOTTOM - BAND_TOP}
                        fill={`url(#${id}-hatch)`}
                        className="band"
                      />
                    </>
                  ) : null}
                  <svg x={x(row.median.value)} y={0} overflow="visible" aria-hidden="true">
                    <rect x={-2} y={BAND_TOP - 2} width={4} height={BAND_BOTTOM - BAND_TOP + 4} className="median" />
                  </svg>
                  {isExact(row.median) ? null : <Whisker from={row.median.low} to={row.median.high} y={WHISKER_Y} />}
                </>
              ) : (
                <text x={x(2.5)} y={H / 2 + 4} textAnchor="middle" className="band-note">
                  {row.note ?? 'No figures'}
                </text>
              )}
              {row.marker !== undefined ? (
                <svg x={x(row.marker)} y={0} overflow="visible" aria-hidden="true">
                  <Diamond cx={0} cy={(BAND_TOP + BAND_BOTTOM) / 2} />
                </svg>
              ) : null}
            </svg>
          </div>
        ))}
      </div>
    </figure>
  );
}

/** An interval as an I-beam: a line from `from` to `to` with a cap at each end. */
function Whisker({ from, to, y }: { from: number; to: number; y: number }) {
  return (
    <g className="whisker">
      <line x1={x(from)} x2={x(to)} y1={y} y2={y} />
      <line x1={x(from)} x2={x(from)} y1={y - 4} y2={y + 4} />
      <line x1={x(to)} x2={x(to)} y1={y - 4} y2={y + 4} />
    </g>
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

function Legend({
  id,
  markerName,
  showMarker,
  showBand,
  showIntervals,
}: {
  id: string;
  markerName: string;
  showMarker: boolean;
  showBand: boolean;
  showIntervals: boolean;
}) {
  return (
    <ul className="legend" aria-label="Legend">
      {showBand ? (
        <li>
          <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
            <Pattern id={`${id}-legend`} />
            <rect x="1" y="3" width="28" height="10" fill={`url(#${id}-legend-hatch)`} className="band" />
          </svg>
          Middle half of the cohort (25th to 75th percentile)
        </li>
      ) : null}
      <li>
        <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
          <rect x="13" y="0" width="4" height="16" className="median" />
        </svg>
        Median
      </li>
      {showIntervals ? (
        <li>
          <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
            <g className="whisker">
              <line x1="3" x2="27" y1="8" y2="8" />
              <line x1="3" x2="3" y1="4" y2="12" />
              <line x1="27" x2="27" y1="4" y2="12" />
            </g>
          </svg>
          90% interval of the median
        </li>
      ) : null}
      {showIntervals && showBand ? (
        <li>
          <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
            <rect x="1" y="2" width="28" height="12" className="band-range" />
          </svg>
          Where the 25th and 75th percentiles may lie (90% intervals)
        </li>
      ) : null}
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
