/**
 * A 0–5 bar: the interval of the cohort median as a light band with a dashed outline, the
 * median as a black tick, and the organisation's score as a dark bar on top. Shapes and shades,
 * not colours, carry the meaning, so the bar reads the same in greyscale.
 */
import { Rect, Svg, View } from '@react-pdf/renderer';
import type { ShownFigure } from './format';
import { grey } from './styles';
import { Text } from './text';

/** How far the median tick reaches above and below the bar, in points. */
const OVERHANG = 2;
const BORDER = 0.5;

/**
 * Drawn as one SVG in points rather than a View per mark: a bar is a single layout node, not
 * eight, and the report lays out 14 of them (docs/reports.md, "Render time"). `width` is the
 * bar's width in points, which the caller knows from the page geometry (styles.ts).
 */
export function ScoreBar({ score, median, height = 12, width }: { score: number; median?: ShownFigure | undefined; height?: number; width: number }) {
  const inner = width - 2 * BORDER;
  // x of a 0–5 value inside the border, clamped as percentOfFive clamps.
  const x = (v: number) => BORDER + (Math.min(5, Math.max(0, v)) / 5) * inner;
  const top = OVERHANG + BORDER;
  const innerHeight = height - 2 * BORDER;
  return (
    // The SVG is taller than the bar by the tick's overhang on each side, and negative margins give that space back.
    <Svg width={width} height={height + 2 * OVERHANG} style={{ marginVertical: -OVERHANG }}>
      <Rect x={BORDER / 2} y={OVERHANG + BORDER / 2} width={width - BORDER} height={height - BORDER} fill="#ffffff" stroke={grey.rule} strokeWidth={BORDER} />
      {/* marks at levels 1–4 so a bar can be read without the number */}
      {[1, 2, 3, 4].map((level) => (
        <Rect key={level} x={x(level)} y={top} width={0.3} height={innerHeight} fill={grey.band} />
      ))}
      {median && median.high > median.low && (
        <Rect
          x={x(median.low) + 0.375}
          y={top + 0.375}
          width={Math.max(0, x(median.high) - x(median.low) - 0.75)}
          height={innerHeight - 0.75}
          fill={grey.band}
          stroke={grey.muted}
          strokeWidth={0.75}
          strokeDasharray="1.5 1.5"
        />
      )}
      <Rect x={BORDER} y={top + height * 0.3} width={x(score) - BORDER} height={height * 0.4} fill={grey.strong} />
      {median && <Rect x={x(median.value)} y={top - OVERHANG} width={2} height={innerHeight + 2 * OVERHANG} fill="#000000" />}
    </Svg>
  );
}

/** The key to ScoreBar, drawn with the same shapes; `interval` names the band ("90% interval"), absent when the figures are exact. */
export function ScoreBarLegend({ interval }: { interval?: string | undefined }) {
  const swatch = { width: 18, height: 8, marginRight: 4 };
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap', alignItems: 'center', marginTop: 6 }}>
      <View style={[swatch, { height: 4, backgroundColor: grey.strong }]} />
      <TextSmall gap>Your score</TextSmall>
      <View style={{ width: 2, height: 10, backgroundColor: '#000000', marginRight: 4 }} />
      <TextSmall gap>Cohort median</TextSmall>
      {interval !== undefined && (
        <>
          <View style={[swatch, { backgroundColor: grey.band, borderWidth: 0.75, borderStyle: 'dashed', borderColor: grey.muted }]} />
          <TextSmall>{`Its ${interval}`}</TextSmall>
        </>
      )}
    </View>
  );
}

const legendText = { fontSize: 7.5, color: grey.muted };
const legendTextGap = { ...legendText, marginRight: 14 };

/** `gap`: the space before the next key. */
function TextSmall({ children, gap = false }: { children: string; gap?: boolean }) {
  return <Text style={gap ? legendTextGap : legendText}>{children}</Text>;
}
