/**
 * A 0–5 bar: the cohort's middle half as a light band, its median as a black tick, and
 * the organisation's score as a dark bar on top. Shapes, not colours, carry the meaning.
 */
import { View } from '@react-pdf/renderer';
import type { CohortDomainQuartiles } from '../../core/report-model';
import { percentOfFive } from './format';
import { grey } from './styles';

const HEIGHT = 12;

export function ScoreBar({ score, cohort }: { score: number; cohort?: CohortDomainQuartiles | undefined }) {
  return (
    <View style={{ height: HEIGHT, position: 'relative', borderWidth: 0.5, borderColor: grey.rule, backgroundColor: '#ffffff' }}>
      {/* quarter marks at levels 1–4 so a bar can be read without the number */}
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
          }}
        />
      )}
      <View style={{ position: 'absolute', left: 0, top: 3, height: HEIGHT - 7, width: percentOfFive(score), backgroundColor: grey.strong }} />
      {cohort && (
        <View style={{ position: 'absolute', left: percentOfFive(cohort.p50), top: -2, bottom: -2, borderLeftWidth: 1.5, borderLeftColor: '#000000' }} />
      )}
    </View>
  );
}
