/** A recommended control in full: what to do, effort, impact, gain and framework references. */
import { Text, View } from '@react-pdf/renderer';
import type { RecommendedControl } from '../../core/report-model';
import { capitalise, formatScore } from './format';
import { afterText } from './held-by';
import { grey, styles } from './styles';

// react-pdf draws a Text's lines at its padding edge, not inside its border, so the 0.5 pt
// border moves from the right and bottom padding to the left and top: the text sits where
// it sat in a bordered View with 4 pt and 1 pt padding, and the chip keeps its size.
const chip = {
  fontSize: 7.5,
  borderWidth: 0.5,
  borderColor: grey.rule,
  paddingLeft: 4.5,
  paddingRight: 3.5,
  paddingTop: 1.5,
  paddingBottom: 0.5,
  marginRight: 4,
  marginTop: 2,
};

export function FrameworkChips({ labels }: { labels: string[] }) {
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap', marginTop: 2 }}>
      {labels.map((label) => (
        // The chip's border and padding on the Text itself: one layout node per chip, not two.
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
