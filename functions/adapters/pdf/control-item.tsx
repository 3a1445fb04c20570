/** A recommended control in full: what to do, effort, impact, gain and framework references. */
import { View } from '@react-pdf/renderer';
import type { RecommendedControl } from '../../core/report-model';
import { capitalise, formatScore } from './format';
import { afterText } from './held-by';
import { grey, styles } from './styles';
import { Text } from './text';

// A chip is a filled Text, not a bordered one: react-pdf draws each side of a border as a
// clipped path of its own, four per chip and 135 chips in the full report, which cost 5–10% of
// a render (docs/reports.md, "Render time"); a fill is one rectangle. The padding
// keeps the box and the text where the bordered chip had them.
const chip = {
  fontSize: 7.5,
  backgroundColor: grey.faint,
  paddingHorizontal: 4.5,
  paddingVertical: 1.5,
  marginRight: 4,
  marginTop: 2,
};

export function FrameworkChips({ labels }: { labels: string[] }) {
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap', marginTop: 2 }}>
      {labels.map((label) => (
        // The chip's fill and padding on the Text itself: one layout node per chip, not two.
        <Text key={label} style={chip}>
          {label}
        </Text>
      ))}
    </View>
  );
}

/** `titles`: every recommended control's title by id, to name the prerequisites. */
export function ControlItem({ control, index, titles }: { control: RecommendedControl; index: number; titles: ReadonlyMap<string, string> }) {
  const after = afterText(control.prerequisites, titles);
  return (
    <View style={{ flexDirection: 'row', paddingVertical: 6, borderBottomWidth: 0.5, borderBottomColor: grey.band }} wrap={false}>
      <Text style={{ width: 22, fontWeight: 'bold', color: grey.muted }}>{index + 1}</Text>
      <View style={{ flex: 1 }}>
        <View style={{ flexDirection: 'row' }}>
          <Text style={[styles.bold, { flex: 1, paddingRight: 8 }]}>{control.title}</Text>
          <Text style={[styles.small, { width: 150, textAlign: 'right' }]}>
            {capitalise(control.impact)} impact · {control.effort} effort · +{formatScore(control.scoreGain)}
          </Text>
        </View>
        <Text style={{ marginTop: 1, fontSize: 9.5, lineHeight: 1.3 }}>{control.action}</Text>
        {after && <Text style={[styles.small, { marginTop: 2, color: grey.ink }]}>{after}</Text>}
        <FrameworkChips labels={control.frameworks} />
      </View>
    </View>
  );
}
