/**
 * One chart of every domain against the cohort: a row per domain with the score bar, the
 * cohort median and its interval, and the figures written out beside it.
 */
import { View } from '@react-pdf/renderer';
import type { DomainRow, ReportTargets } from '../../core/report-model';
import { formatScore, formatScoreFigureShort, formatShortDate, percentOfFive } from './format';
import { ScoreBar, ScoreBarLegend } from './score-bar';
import { CONTENT_WIDTH, grey, styles } from './styles';
import { Text } from './text';

const LABEL = 150;
const FIGURES = 132;
/** The Target column, printed only when the organisation has targets. */
const TARGET = 64;
const BAR_MARGIN = 6;

/** A domain's target in words: "4 (2 to go)", "met", or a dash for a domain without a target. */
export function targetCell(targets: ReportTargets, domainId: string): string {
  const row = targets.domains.find((d) => d.domainId === domainId);
  if (!row) return '–';
  return row.levelsToGo === 0 ? 'met' : `${row.target} (${row.levelsToGo} to go)`;
}

function Axis({ interval, targets }: { interval: string | undefined; targets: boolean }) {
  return (
    <View style={{ flexDirection: 'row', marginBottom: 3 }}>
      <View style={{ width: LABEL }} />
      <View style={{ flex: 1, height: 10, position: 'relative', marginHorizontal: BAR_MARGIN }}>
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
      {targets && <Text style={[styles.small, { width: TARGET, textAlign: 'right' }]}>Target</Text>}
    </View>
  );
}

/**
 * `interval` names the interval of the figures ("90% interval"), undefined when they are
 * exact; `targets`, the organisation's targets, adds the Target column when set.
 */
export function CohortChart({ domains, interval, targets = null }: { domains: DomainRow[]; interval: string | undefined; targets?: ReportTargets | null }) {
  const anyCohort = domains.some((d) => d.cohort);
  // What the label, figures and target columns and the bar's side margins leave of the content width.
  const barWidth = CONTENT_WIDTH - LABEL - FIGURES - (targets ? TARGET : 0) - 2 * BAR_MARGIN;
  return (
    <View style={styles.section}>
      <Text style={styles.h1} minPresenceAhead={120}>
        Domains against the cohort
      </Text>
      {!anyCohort && <Text style={[styles.paragraph, { color: grey.muted }]}>No cohort may be shown for this report: the bars show your scores alone.</Text>}
      <Axis interval={interval} targets={targets !== null} />
      {domains.map((d) => (
        <View
          key={d.id}
          style={{ flexDirection: 'row', alignItems: 'center', paddingVertical: 5, borderBottomWidth: 0.5, borderBottomColor: grey.faint }}
          wrap={false}
        >
          <Text style={{ width: LABEL, paddingRight: 6, fontSize: 8.5 }}>{d.title}</Text>
          <View style={{ flex: 1, marginHorizontal: BAR_MARGIN }}>
            <ScoreBar score={d.score} median={d.cohort?.p50} height={16} width={barWidth} />
          </View>
          <Text style={{ width: FIGURES, textAlign: 'right', fontSize: 8 }}>
            <Text style={styles.bold}>{formatScore(d.score)}</Text>
            {d.cohort ? ` · ${formatScoreFigureShort(d.cohort.p50)}${d.cohort.standing === 'indistinguishable' && interval ? ' ≈' : ''}` : ' · no cohort'}
          </Text>
          {targets && <Text style={{ width: TARGET, textAlign: 'right', fontSize: 8 }}>{targetCell(targets, d.id)}</Text>}
        </View>
      ))}
      <ScoreBarLegend interval={interval} />
      {targets && (
        <Text style={[styles.small, { marginTop: 4 }]}>
          {`Target: the level your organisation aims for by ${formatShortDate(targets.targetDate)} (targets revision ${targets.revision}), with the levels still to go; met when this assessment reaches it; – where no target is set.`}
        </Text>
      )}
      {anyCohort && interval && (
        <Text style={[styles.small, { marginTop: 4 }]}>
          ≈: the median's {interval} holds your score, so the two cannot be told apart. A score is below or above the median only when it lies outside that
          interval.
        </Text>
      )}
    </View>
  );
}
