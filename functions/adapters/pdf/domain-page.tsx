/** A page per domain: level and meaning, the answers holding it back, caps, and its controls. */
import { View } from '@react-pdf/renderer';
import type { DomainRow, HoldingBackAnswer, RecommendedControl } from '../../core/report-model';
import { ControlItem } from './control-item';
import { essentialText } from './essential-text';
import { formatScore, formatScoreFigure, isExact } from './format';
import { heldByText } from './held-by';
import { standingText } from './peer-figures';
import { ScoreBar, ScoreBarLegend } from './score-bar';
import { CONTENT_WIDTH, grey, styles } from './styles';
import { Text } from './text';

/** The width inside styles.box (a 1 pt border and 10 pt padding each side). */
const BOX_INNER_WIDTH = CONTENT_WIDTH - 2 * (1 + 10);

function HoldingBackRow({ row }: { row: HoldingBackAnswer }) {
  const essential = essentialText(row);
  return (
    <View style={styles.row} wrap={false}>
      <Text style={{ flex: 3, paddingRight: 8 }}>{row.prompt}</Text>
      <View style={{ flex: 2, paddingRight: 8 }}>
        <Text>{row.answer}</Text>
        {essential && <Text style={[styles.small, { color: grey.ink }]}>{essential}</Text>}
      </View>
      <Text style={{ width: 86, textAlign: 'right' }}>
        {`${row.level === undefined ? 'counts as 0' : `level ${row.level}`}${row.capLevel !== undefined ? `, caps at ${row.capLevel}` : ''}`}
      </Text>
    </View>
  );
}

/** `interval` names the interval of the cohort figures ("90% interval"). */
export function DomainPage({
  domain,
  index,
  total,
  controls,
  titles,
  interval,
}: {
  domain: DomainRow;
  index: number;
  total: number;
  controls: RecommendedControl[];
  titles: ReadonlyMap<string, string>;
  interval: string;
}) {
  return (
    <View>
      <Text style={styles.eyebrow}>
        Domain {index + 1} of {total}
      </Text>
      <Text style={[styles.h1, { marginTop: 2 }]}>{domain.title}</Text>
      <Text style={[styles.paragraph, { color: grey.muted }]}>{domain.description}</Text>

      <View style={[styles.box, { marginTop: 6 }]} wrap={false}>
        <View style={{ flexDirection: 'row', alignItems: 'flex-end', marginBottom: 6 }}>
          <Text style={{ fontSize: 20, fontWeight: 'bold', width: 90 }}>{formatScore(domain.score)}</Text>
          <Text style={{ fontSize: 12, fontWeight: 'bold', flex: 1 }}>
            Level {domain.level} · {domain.levelName}
          </Text>
          <View style={{ width: 230 }}>
            <Text style={[styles.small, { textAlign: 'right' }]}>
              {domain.cohort ? `Cohort median ${formatScoreFigure(domain.cohort.p50, interval)}` : 'No cohort figures for this domain'}
            </Text>
            {domain.cohort && <Text style={[styles.small, { textAlign: 'right' }]}>{standingText(domain.cohort.standing, isExact(domain.cohort.p50))}</Text>}
          </View>
        </View>
        <ScoreBar score={domain.score} median={domain.cohort?.p50} height={14} width={BOX_INNER_WIDTH} />
        {domain.cohort && <ScoreBarLegend interval={isExact(domain.cohort.p50) ? undefined : interval} />}
        {domain.heldBy && <Text style={[styles.bold, { marginTop: 6 }]}>{heldByText(domain.level, domain.heldBy)}</Text>}
      </View>

      <Text style={styles.h2}>What level {domain.level} means here</Text>
      <Text style={styles.paragraph}>{domain.levelDescription}</Text>
      {domain.nextLevelDescription !== undefined && (
        <>
          <Text style={[styles.bold, { marginTop: 4 }]}>To reach level {domain.level + 1}</Text>
          <Text style={styles.paragraph}>{domain.nextLevelDescription}</Text>
        </>
      )}

      {domain.caps.length > 0 && (
        <View style={[styles.box, { marginTop: 8, borderWidth: 1.5, borderColor: grey.ink }]} wrap={false}>
          {domain.caps.map((cap) => (
            <Text key={`${cap.questionId}-${cap.maxLevel}`} style={{ marginBottom: 2 }}>
              <Text style={styles.bold}>Capped at level {cap.maxLevel}</Text> by “{cap.prompt}”: {cap.reason}
            </Text>
          ))}
        </View>
      )}

      <Text style={styles.h2} minPresenceAhead={40}>
        Answers holding it back
      </Text>
      {domain.holdingBack.length === 0 ? (
        <Text>{domain.nextLevel === undefined ? 'This domain is at the top level.' : 'No single answer holds this domain below the next level.'}</Text>
      ) : (
        <>
          <View style={[styles.rule, { flexDirection: 'row', paddingBottom: 2 }]}>
            <Text style={[styles.small, { flex: 3 }]}>Question</Text>
            <Text style={[styles.small, { flex: 2 }]}>Answer</Text>
            <Text style={[styles.small, { width: 86, textAlign: 'right' }]}>Level</Text>
          </View>
          {domain.holdingBack.map((row) => (
            <HoldingBackRow key={row.questionId} row={row} />
          ))}
        </>
      )}

      <Text style={styles.h2} minPresenceAhead={60}>
        Recommended controls
      </Text>
      {controls.length === 0 ? (
        <Text>No control is recommended for this domain.</Text>
      ) : (
        controls.map((control, i) => <ControlItem key={control.id} control={control} index={i} titles={titles} />)
      )}
    </View>
  );
}
