/** Recommended controls, weakest domain first, each with its framework references. */
import { Text, View } from '@react-pdf/renderer';
import type { RecommendedControl } from '../../core/report-model';
import { capitalise, formatScore } from './format';
import { grey, styles } from './styles';

function FrameworkChips({ labels }: { labels: string[] }) {
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap', marginTop: 3 }}>
      {labels.map((label) => (
        <View key={label} style={{ borderWidth: 0.5, borderColor: grey.rule, paddingHorizontal: 4, paddingVertical: 1, marginRight: 4, marginTop: 2 }}>
          <Text style={{ fontSize: 7.5 }}>{label}</Text>
        </View>
      ))}
    </View>
  );
}

function ControlItem({ control, index }: { control: RecommendedControl; index: number }) {
  return (
    <View style={{ flexDirection: 'row', paddingVertical: 6, borderBottomWidth: 0.5, borderBottomColor: grey.band }} wrap={false}>
      <Text style={{ width: 22, fontWeight: 'bold', color: grey.muted }}>{index + 1}</Text>
      <View style={{ flex: 1 }}>
        <View style={{ flexDirection: 'row' }}>
          <Text style={[styles.bold, { flex: 1, paddingRight: 8 }]}>{control.title}</Text>
          <Text style={[styles.small, { width: 130, textAlign: 'right' }]}>
            {capitalise(control.impact)} impact · {control.effort} effort
          </Text>
        </View>
        <Text style={{ marginTop: 1 }}>{control.action}</Text>
        <Text style={[styles.small, { marginTop: 2 }]}>
          For: {control.domains.map((d) => `${d.title} (${formatScore(d.score)})`).join(', ')}
        </Text>
        <FrameworkChips labels={control.frameworks} />
      </View>
    </View>
  );
}

export function Recommendations({ controls }: { controls: RecommendedControl[] }) {
  return (
    <View style={styles.section}>
      <Text style={styles.h2} minPresenceAhead={80}>
        Recommended controls
      </Text>
      {controls.length === 0 ? (
        <Text>No controls are recommended: every answer meets the level its recommendations ask for.</Text>
      ) : (
        <>
          <Text style={[styles.small, { marginBottom: 4 }]}>
            Ordered by the weakest domain first, then by impact for the effort.
          </Text>
          {controls.map((control, i) => (
            <ControlItem key={control.id} control={control} index={i} />
          ))}
        </>
      )}
    </View>
  );
}
