/**
 * A 0–5 bar: the cohort's middle half as a light band with a dashed outline, its median
 * as a black tick, and the organisation's score as a dark bar on top. Shapes and shades,
 * not colours, carry the meaning, so the bar reads the same in greyscale.
 */
import { Text, View } from '@react-pdf/renderer';
import type { CohortDomainQuartiles } from '../../core/report-model';
import { percentOfFive } from './format';
import { grey } from './styles';

export function ScoreBar({ score, cohort, height = 12 }: { score: number; cohort?: Pick<CohortDomainQuartiles, 'p25' | 'p50' | 'p75'> | undefined; height?: number }) {
  return (
    <View style={{ height, position: 'relative', borderWidth: 0.5, borderColor: grey.rule, backgroundColor: '#ffffff' }}>
      {/* marks at levels 1–4 so a bar can be read without the number */}
      {[1, 2, 3, 4].map((level) => (
        <View key={level} style={{ position: 'absolute', left: percentOfFive(level), top: 0, bottom: 0, borderLeftWidth: 0.3, borderLeftColor: grey.band }} />
      ))}
      {cohort && (
        <View
          style={{
            position: 'absolute',
            left: percentOfFive(cohort.p25),
            width: percentOfFive(Math.max(0, cohort.p75 - cohort.p25)),
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
      {cohort && <View style={{ position: 'absolute', left: percentOfFive(cohort.p50), top: -2, bottom: -2, borderLeftWidth: 2, borderLeftColor: '#000000' }} />}
    </View>
  );
}

/** The key to ScoreBar, drawn with the same shapes. */
export function ScoreBarLegend() {
  const swatch = { width: 18, height: 8, marginRight: 4 };
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap', alignItems: 'center', marginTop: 6 }}>
      <View style={[swatch, { height: 4, backgroundColor: grey.strong }]} />
      <View style={{ marginRight: 14 }}>
        <TextSmall>Your score</TextSmall>
      </View>
      <View style={[swatch, { backgroundColor: grey.band, borderWidth: 0.75, borderStyle: 'dashed', borderColor: grey.muted }]} />
      <View style={{ marginRight: 14 }}>
        <TextSmall>Cohort 25th to 75th percentile</TextSmall>
      </View>
      <View style={{ width: 2, height: 10, backgroundColor: '#000000', marginRight: 4 }} />
      <TextSmall>Cohort median</TextSmall>
    </View>
  );
}

function TextSmall({ children }: { children: string }) {
  return <Text style={{ fontSize: 7.5, color: grey.muted }}>{children}</Text>;
}
