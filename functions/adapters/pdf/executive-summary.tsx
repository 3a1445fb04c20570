/** The executive summary: the overall result, where to look first, and the quickest wins. */
import { View } from '@react-pdf/renderer';
import type { RecommendedControl, ReportModel } from '../../core/report-model';
import { OverallResult } from './cover';
import { capitalise, formatScore, isExact } from './format';
import { intervalLabel, peerFiguresText } from './peer-figures';
import { grey, styles } from './styles';
import { Text } from './text';

export function ExecutiveSummary({ model, controls }: { model: ReportModel; controls: Map<string, RecommendedControl> }) {
  const { summary } = model;
  const interval = intervalLabel(model.cover.cohort);
  const exact = !(model.cover.cohort.status === 'available' && model.cover.cohort.release);
  const indistinguishable = model.domains.filter((d) => d.cohort?.standing === 'indistinguishable' && !isExact(d.cohort.p50)).length;
  const quickWins = summary.quickWinIds.map((id) => controls.get(id)).filter((c): c is RecommendedControl => c !== undefined);
  return (
    <View>
      <Text style={styles.h1}>Executive summary</Text>
      <OverallResult overall={model.overall} interval={interval} targets={model.targets} />
      <Text style={[styles.small, { marginTop: 3 }]}>{peerFiguresText(model.cover.cohort)}</Text>

      <Text style={styles.h2}>{summary.focusBasis === 'below-median' ? 'Furthest below the cohort median' : 'Lowest-scoring domains'}</Text>
      {summary.focusDomains.length === 0 ? (
        <Text>Every domain is at or above the cohort median.</Text>
      ) : (
        summary.focusDomains.map((d, i) => (
          <View key={d.id} style={styles.row} wrap={false}>
            <Text style={{ width: 16, fontWeight: 'bold', color: grey.muted }}>{i + 1}</Text>
            <Text style={[styles.bold, { flex: 1, paddingRight: 8 }]}>{d.title}</Text>
            <View style={{ width: 220 }}>
              <Text style={{ textAlign: 'right' }}>
                {d.median !== undefined && d.gap !== undefined
                  ? `${formatScore(d.score)} against median ${formatScore(d.median.value)} (−${formatScore(d.gap)})`
                  : `score ${formatScore(d.score)}`}
              </Text>
              {d.median !== undefined && !isExact(d.median) && (
                <Text style={[styles.small, { textAlign: 'right' }]}>
                  {`median's ${interval} ${formatScore(d.median.low)}–${formatScore(d.median.high)}${d.standing === 'indistinguishable' ? ': holds the score, not distinguishable' : ''}`}
                </Text>
              )}
            </View>
          </View>
        ))
      )}
      {summary.focusBasis === 'below-median' && !exact && (
        <Text style={[styles.small, { marginTop: 3 }]}>
          {`A score is clearly below the median only below the low end of the median's ${interval}; those come first.${indistinguishable ? ` ${indistinguishable === 1 ? '1 domain lies' : `${indistinguishable} domains lie`} within the interval of its median: not distinguishable from it.` : ''}`}
        </Text>
      )}
      {summary.focusBasis === 'lowest' && (
        <Text style={[styles.small, { marginTop: 3 }]}>No cohort may be shown for this report, so the lowest scores are listed instead.</Text>
      )}

      <Text style={styles.h2}>Quick wins: three controls to start in the first 30 days</Text>
      {quickWins.length === 0 ? (
        <Text>No control planned for the first 30 days would raise the score.</Text>
      ) : (
        quickWins.map((c, i) => (
          <View key={c.id} style={styles.row} wrap={false}>
            <Text style={{ width: 16, fontWeight: 'bold', color: grey.muted }}>{i + 1}</Text>
            <View style={{ flex: 1, paddingRight: 8 }}>
              <Text style={styles.bold}>{c.title}</Text>
              <Text style={styles.small}>{c.frameworks.join(' · ')}</Text>
            </View>
            <View style={{ width: 150 }}>
              <Text style={{ textAlign: 'right' }}>+{formatScore(c.scoreGain)} overall</Text>
              <Text style={[styles.small, { textAlign: 'right' }]}>
                {capitalise(c.effort)} effort · {c.impact} impact
              </Text>
            </View>
          </View>
        ))
      )}
      <Text style={[styles.small, { marginTop: 4 }]}>
        The first three controls of the roadmap's 30-day window that raise the score: each is ready now, with no prerequisite still to do, and they come in the
        roadmap's order, highest gain per effort first. The gain is how much the overall score would rise if each answer that calls for the control rose to its
        next level; effort counts low 1, medium 2, high 3.
      </Text>
    </View>
  );
}
