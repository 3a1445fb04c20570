/** The 30/60/90-day roadmap: every recommended control, in prerequisite order within each window's capacity, and what is left for later. */
import { View } from '@react-pdf/renderer';
import { type RecommendedControl, type RoadmapWindow, STAGE_LABELS } from '../../core/report-model';
import { capitalise, formatScore } from './format';
import { afterText } from './held-by';
import { grey, styles } from './styles';
import { Text } from './text';

export const HEADINGS: Record<RoadmapWindow['days'], string> = { 30: 'Next 30 days', 60: 'Days 31 to 60', 90: 'Days 61 to 90', later: 'Later' };

/** The window's load: "Effort points: 5 of 6 used" ('later' has no capacity). */
export function loadText(w: RoadmapWindow): string {
  return w.capacity === undefined ? `Effort points: ${w.effortPoints}, no capacity after 90 days` : `Effort points: ${w.effortPoints} of ${w.capacity} used`;
}

function RoadmapRow({ control, titles }: { control: RecommendedControl; titles: ReadonlyMap<string, string> }) {
  const after = afterText(control.prerequisites, titles);
  return (
    <View style={styles.row} wrap={false}>
      <View style={{ flex: 1, paddingRight: 8 }}>
        <Text style={styles.bold}>
          {control.title}
          {control.stage && <Text style={[styles.small, { color: grey.ink }]}> · {STAGE_LABELS[control.stage]}</Text>}
        </Text>
        <Text style={styles.small}>
          {control.domains.map((d) => d.title).join(', ')} · {control.frameworks.join(' · ')}
        </Text>
        {after && <Text style={[styles.small, { color: grey.ink }]}>{after}</Text>}
      </View>
      <Text style={{ width: 60 }}>{capitalise(control.impact)}</Text>
      <Text style={{ width: 60 }}>{capitalise(control.effort)}</Text>
      <Text style={{ width: 50, textAlign: 'right' }}>+{formatScore(control.scoreGain)}</Text>
    </View>
  );
}

/** `planNote`: why no improvement plan is printed although the organisation has one (it follows another submission). */
export function Roadmap({ windows, controls, planNote }: { windows: RoadmapWindow[]; controls: Map<string, RecommendedControl>; planNote?: string }) {
  const total = windows.reduce((n, w) => n + w.controlIds.length, 0);
  const titles = new Map([...controls.values()].map((c) => [c.id, c.title]));
  return (
    <View>
      <Text style={styles.h1}>Roadmap: the next 30, 60 and 90 days</Text>
      <Text style={styles.paragraph}>
        Every recommended control, planned window by window: a control starts in a window after the ones holding its prerequisites, the highest score gain per
        effort goes first, and each window holds up to its capacity in effort points (low 1, medium 2, high 3). What does not fit in 90 days is listed as later.
      </Text>
      {planNote && <Text style={[styles.paragraph, { color: grey.muted }]}>{planNote}</Text>}
      {total === 0 && <Text>No controls are recommended: every answer meets the level its recommendations ask for.</Text>}
      {total > 0 &&
        windows.map((w) => (
          <View key={w.days} style={{ marginTop: 10 }}>
            <View style={[styles.rule, { flexDirection: 'row', paddingBottom: 3, marginBottom: 2 }]} minPresenceAhead={40}>
              <Text style={[styles.bold, { flex: 1, fontSize: 11 }]}>
                {HEADINGS[w.days]}: {w.rule.toLowerCase()} ({w.controlIds.length})
              </Text>
              <Text style={[styles.small, { width: 60 }]}>Impact</Text>
              <Text style={[styles.small, { width: 60 }]}>Effort</Text>
              <Text style={[styles.small, { width: 50, textAlign: 'right' }]}>Gain</Text>
            </View>
            <Text style={[styles.small, { marginBottom: 2 }]}>{loadText(w)}</Text>
            {w.controlIds.length === 0 ? (
              <Text style={{ color: grey.muted }}>{w.days === 'later' ? 'Nothing left for later.' : 'Nothing in this window.'}</Text>
            ) : (
              w.controlIds.map((id) => {
                const control = controls.get(id);
                return control ? <RoadmapRow key={id} control={control} titles={titles} /> : null;
              })
            )}
          </View>
        ))}
    </View>
  );
}
