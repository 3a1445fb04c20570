/** The executive summary: the overall result, where to look first, and the quickest wins. */
import { Text, View } from '@react-pdf/renderer';
import type { RecommendedControl, ReportModel } from '../../core/report-model';
import { OverallResult } from './cover';
import { capitalise, formatScore } from './format';
import { grey, styles } from './styles';

export function ExecutiveSummary({ model, controls }: { model: ReportModel; controls: Map<string, RecommendedControl> }) {
  const { summary } = model;
  const quickWins = summary.quickWinIds.map((id) => controls.get(id)).filter((c): c is RecommendedControl => c !== undefined);
  return (
    <View>
      <Text style={styles.h1}>Executive summary</Text>
      <OverallResult overall={model.overall} />

      <Text style={styles.h2}>{summary.focusBasis === 'below-median' ? 'Furthest below the cohort median' : 'Lowest-scoring domains'}</Text>
      {summary.focusDomains.length === 0 ? (
        <Text>Every domain is at or above the cohort median.</Text>
      ) : (
        summary.focusDomains.map((d, i) => (
          <View key={d.id} style={styles.row} wrap={false}>
            <Text style={{ width: 16, fontWeight: 'bold', color: grey.muted }}>{i + 1}</Text>
            <Text style={[styles.bold, { flex: 1, paddingRight: 8 }]}>{d.title}</Text>
            <Text style={{ width: 190, textAlign: 'right' }}>
              {d.median !== undefined && d.gap !== undefined
                ? `${formatScore(d.score)} against median ${formatScore(d.median)} (−${formatScore(d.gap)})`
                : `score ${formatScore(d.score)}`}
            </Text>
          </View>
        ))
      )}
      {summary.focusBasis === 'lowest' && <Text style={[styles.small, { marginTop: 3 }]}>No cohort may be shown for this report, so the lowest scores are listed instead.</Text>}

      <Text style={styles.h2}>Three controls that raise the score most for the least effort</Text>
      {quickWins.length === 0 ? (
        <Text>No recommended control would raise the score.</Text>
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
        The gain is how much the overall score would rise if the answers that call for the control reached the level it is recommended below; controls are ranked by that gain divided by their effort (low 1, medium 2, high 3).
      </Text>
    </View>
  );
}
