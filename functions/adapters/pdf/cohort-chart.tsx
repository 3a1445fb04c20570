/**
 * One chart of every domain against the cohort: a row per domain with the score bar, the
 * cohort median and its interval, and the figures written out beside it.
 */
import { Text, View } from '@react-pdf/renderer';
import type { DomainRow } from '../../core/report-model';
import { formatScore, formatScoreFigureShort, percentOfFive } from './format';
import { ScoreBar, ScoreBarLegend } from './score-bar';
import { grey, styles } from './styles';

const LABEL = 150;
const FIGURES = 132;

function Axis({ interval }: { interval: string | undefined }) {
  return (
    <View style={{ flexDirection: 'row', marginBottom: 3 }}>
      <View style={{ width: LABEL }} />
      <View style={{ flex: 1, height: 10, position: 'relative', marginHorizontal: 6 }}>
        {[0, 1, 2, 3, 4, 5].map((level) => (
          <Text
            key={level}
            style={{
              position: 'absolute',
              left: percentOfFive(level),
              width: 12,
              marginLeft: level === 0 ? 0 : level === 5 ? -12 : -6,
              textAlign: level === 0 ? 'left' : level === 5 ? 'right' : 'center',
              fontSize: 7,
              color: grey.muted,
            }}
          >
            {level}
          </Text>
        ))}
      </View>
      <Text style={[styles.small, { width: FIGURES, textAlign: 'right' }]}>{interval ? `You · median (${interval})` : 'You · median'}</Text>
    </View>
  );
}

/** `interval` names the interval of the figures ("90% interval"), undefined when they are exact. */
export function CohortChart({ domains, interval }: { domains: DomainRow[]; interval: string | undefined }) {
  const anyCohort = domains.some((d) => d.cohort);
  return (
    <View style={styles.section}>
      <Text style={styles.h1} minPresenceAhead={120}>
        Domains against the cohort
      </Text>
      {!anyCohort && <Text style={[styles.paragraph, { color: grey.muted }]}>No cohort may be shown for this report: the bars show your scores alone.</Text>}
      <Axis interval={interval} />
      {domains.map((d) => (
        <View
          key={d.id}
          style={{ flexDirection: 'row', alignItems: 'center', paddingVertical: 5, borderBottomWidth: 0.5, borderBottomColor: grey.faint }}
          wrap={false}
        >
          <Text style={{ width: LABEL, paddingRight: 6, fontSize: 8.5 }}>{d.title}</Text>
          <View style={{ flex: 1, marginHorizontal: 6 }}>
            <ScoreBar score={d.score} median={d.cohort?.p50} height={16} />
          </View>
          <Text style={{ width: FIGURES, textAlign: 'right', fontSize: 8 }}>
            <Text style={styles.bold}>{formatScore(d.score)}</Text>
            {d.cohort ? ` · ${formatScoreFigureShort(d.cohort.p50)}${d.cohort.standing === 'indistinguishable' && interval ? ' ≈' : ''}` : ' · no cohort'}
          </Text>
        </View>
      ))}
      <ScoreBarLegend interval={interval} />
      {anyCohort && interval && (
        <Text style={[styles.small, { marginTop: 4 }]}>
          ≈: the median's {interval} holds your score, so the two cannot be told apart. A score is below or above the median only when it lies outside that
          interval.
        </Text>
      )}
    </View>
  );
}
