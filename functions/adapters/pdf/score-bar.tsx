/**
 * A 0–5 bar: the interval of the cohort median as a light band with a dashed outline, the
 * median as a black tick, and the organisation's score as a dark bar on top. Shapes and shades,
 * not colours, carry the meaning, so the bar reads the same in greyscale.
 */
import { Text, View } from '@react-pdf/renderer';
import { percentOfFive, type ShownFigure } from './format';
import { grey } from './styles';

export function ScoreBar({ score, median, height = 12 }: { score: number; median?: ShownFigure | undefined; height?: number }) {
  return (
    <View style={{ height, position: 'relative', borderWidth: 0.5, borderColor: grey.rule, backgroundColor: '#ffffff' }}>
      {/* marks at levels 1–4 so a bar can be read without the number */}
      {[1, 2, 3, 4].map((level) => (
        <View key={level} style={{ position: 'absolute', left: percentOfFive(level), top: 0, bottom: 0, borderLeftWidth: 0.3, borderLeftColor: grey.band }} />
      ))}
      {median && median.high > median.low && (
        <View
          style={{
            position: 'absolute',
            left: percentOfFive(median.low),
            width: percentOfFive(Math.max(0, median.high - median.low)),
            top: 0,
            bottom: 0,
            backgroundColor: grey.band,
            borderWidth: 0.75,
            borderStyle: 'dashed',
            borderColor: grey.muted,
          }}
        />
      )}
      <View style={{ position: 'absolute', left: 0, top: height * 0.3, height: height * 0.4, width: percentOfFive(score), backgroundColor: grey.strong }} />
      {median && (
        <View style={{ position: 'absolute', left: percentOfFive(median.value), top: -2, bottom: -2, borderLeftWidth: 2, borderLeftColor: '#000000' }} />
      )}
    </View>
  );
}

/** The key to ScoreBar, drawn with the same shapes; `interval` names the band ("90% interval"), absent when the figures are exact. */
export function ScoreBarLegend({ interval }: { interval?: string | undefined }) {
  const swatch = { width: 18, height: 8, marginRight: 4 };
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap', alignItems: 'center', marginTop: 6 }}>
      <View style={[swatch, { height: 4, backgroundColor: grey.strong }]} />
      <View style={{ marginRight: 14 }}>
        <TextSmall>Your score</TextSmall>
      </View>
      <View style={{ width: 2, height: 10, backgroundColor: '#000000', marginRight: 4 }} />
      <View style={{ marginRight: 14 }}>
        <TextSmall>Cohort median</TextSmall>
      </View>
      {interval !== undefined && (
        <>
          <View style={[swatch, { backgroundColor: grey.band, borderWidth: 0.75, borderStyle: 'dashed', borderColor: grey.muted }]} />
          <TextSmall>{`Its ${interval}`}</TextSmall>
        </>
      )}
    </View>
  );
}

function TextSmall({ children }: { children: string }) {
  return <Text style={{ fontSize: 7.5, color: grey.muted }}>{children}</Text>;
}
