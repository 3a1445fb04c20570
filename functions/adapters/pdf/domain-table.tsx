/** Scores and levels per domain, with what each level means, caps, and the cohort. */
import { Text, View } from '@react-pdf/renderer';
import type { DomainRow } from '../../core/report-model';
import { formatScore } from './format';
import { ScoreBar } from './score-bar';
import { grey, styles } from './styles';

const col = {
  domain: { flex: 3.2, paddingRight: 6 },
  score: { width: 38, textAlign: 'right' as const, paddingRight: 8 },
  level: { width: 78 },
  bar: { flex: 3, paddingTop: 2, paddingRight: 8 },
  cohort: { width: 70, textAlign: 'right' as const },
};

function HeaderRow({ showCohort }: { showCohort: boolean }) {
  return (
    <View style={[styles.rule, { flexDirection: 'row', paddingBottom: 3, marginBottom: 2 }]} fixed>
      <Text style={[styles.small, col.domain]}>Domain</Text>
      <Text style={[styles.small, col.score]}>Score</Text>
      <Text style={[styles.small, col.level]}>Level</Text>
      <Text style={[styles.small, col.bar]}>0 to 5</Text>
      <Text style={[styles.small, col.cohort]}>{showCohort ? 'Cohort median' : ''}</Text>
    </View>
  );
}

function DomainTableRow({ row, showCohort }: { row: DomainRow; showCohort: boolean }) {
  return (
    <View style={{ paddingVertical: 5, borderBottomWidth: 0.5, borderBottomColor: grey.band }} wrap={false}>
      <View style={{ flexDirection: 'row', alignItems: 'flex-start' }}>
        <Text style={[styles.bold, col.domain]}>{row.title}</Text>
        <Text style={[styles.bold, col.score]}>{formatScore(row.score)}</Text>
        <Text style={col.level}>
          {row.level} · {row.levelName}
        </Text>
        <View style={col.bar}>
          <ScoreBar score={row.score} cohort={row.cohort} />
        </View>
        <Text style={col.cohort}>{row.cohort ? formatScore(row.cohort.p50) : showCohort ? '–' : ''}</Text>
      </View>
      <Text style={[styles.small, { marginTop: 2 }]}>{row.levelDescription}</Text>
      {row.caps.map((cap) => (
        <Text key={cap.questionId} style={[styles.small, { color: grey.ink, marginTop: 2 }]}>
          Capped at level {cap.maxLevel}: {cap.reason}
        </Text>
      ))}
    </View>
  );
}

export function DomainTable({ domains }: { domains: DomainRow[] }) {
  const showCohort = domains.some((d) => d.cohort);
  return (
    <View style={styles.section}>
      <Text style={styles.h2} minPresenceAhead={60}>
        Maturity by domain
      </Text>
      <HeaderRow showCohort={showCohort} />
      {domains.map((row) => (
        <DomainTableRow key={row.id} row={row} showCohort={showCohort} />
      ))}
      <Text style={[styles.small, { marginTop: 5 }]}>
        {showCohort
          ? 'Dark bar: your score. Grey band: the middle half of the cohort (25th to 75th percentile). Black line: cohort median.'
          : 'Dark bar: your score on the 0 to 5 scale.'}
      </Text>
    </View>
  );
}
