/** Scores over time: a column per submission, the cohort median beside them. */
import { View } from '@react-pdf/renderer';
import type { DomainRow, Trend as TrendModel } from '../../core/report-model';
import { formatChange, formatScore, formatScoreFigureShort, formatShortDate } from './format';
import { grey, styles } from './styles';
import { Text } from './text';

const LABEL = 140;
/** The cohort median column holds "2.40 (2.20–2.60)". */
const MEDIAN = 78;

function Cell({ children, bold }: { children: string; bold?: boolean }) {
  return <Text style={{ flex: 1, textAlign: 'right', fontSize: 8.5, ...(bold ? { fontWeight: 'bold' } : {}) }}>{children}</Text>;
}

/** `interval` names the interval of the cohort medians ("90% interval"), undefined when they are exact. */
export function Trend({ trend, domains, interval }: { trend: TrendModel; domains: DomainRow[]; interval: string | undefined }) {
  const { points, cohortMedian } = trend;
  const previous = points.length > 1 ? points[points.length - 2] : undefined;
  const current = points[points.length - 1];
  const rows = [
    { id: '__overall', title: 'Overall', values: points.map((p) => p.overall), median: cohortMedian?.overall },
    ...domains.map((d) => ({ id: d.id, title: d.title, values: points.map((p) => p.domains[d.id]), median: cohortMedian?.domains[d.id] })),
  ];
  return (
    <View style={styles.section} wrap={false}>
      <Text style={styles.h1}>Trend</Text>
      <Text style={styles.paragraph}>
        {points.length === 1
          ? 'This is the first submission of this questionnaire by your organisation: later reports will show how the scores move.'
          : `Your submissions of this questionnaire, oldest first${trend.omitted ? ` (the ${trend.omitted} oldest left out)` : ''}, beside the current cohort median.`}
      </Text>
      <View style={[styles.rule, { flexDirection: 'row', paddingBottom: 3, alignItems: 'flex-end' }]}>
        <Text style={[styles.small, { width: LABEL }]}>Score</Text>
        {points.map((p) => (
          // Two Texts, not one with "\n": react-pdf 4.9 sets a line break in Helvetica, outside the embedded fonts.
          <View key={p.assessmentId} style={{ flex: 1 }}>
            <Text style={[styles.small, { textAlign: 'right' }]}>{formatShortDate(p.submittedAt)}</Text>
            <Text style={[styles.small, { textAlign: 'right' }]}>{`v${p.version}${p.current ? ' (this)' : ''}`}</Text>
          </View>
        ))}
        {previous && <Text style={[styles.small, { flex: 1, textAlign: 'right' }]}>Change</Text>}
        <Text style={[styles.small, { width: MEDIAN, textAlign: 'right' }]}>{interval ? `Cohort median (${interval})` : 'Cohort median'}</Text>
      </View>
      {rows.map((row) => {
        const last = row.values[row.values.length - 1];
        const before = row.values[row.values.length - 2];
        return (
          <View key={row.id} style={[styles.row, row.id === '__overall' ? { backgroundColor: grey.faint } : {}]}>
            <Text style={{ width: LABEL, paddingRight: 6, fontSize: 8.5, ...(row.id === '__overall' ? { fontWeight: 'bold' } : {}) }}>{row.title}</Text>
            {row.values.map((v, i) => (
              <Cell key={points[i]!.assessmentId} bold={points[i]!.current}>
                {v === undefined ? '–' : formatScore(v)}
              </Cell>
            ))}
            {previous && <Cell>{last !== undefined && before !== undefined ? formatChange(Math.round((last - before) * 100) / 100) : '–'}</Cell>}
            <Text style={{ width: MEDIAN, textAlign: 'right', fontSize: 8 }}>{row.median === undefined ? '–' : formatScoreFigureShort(row.median)}</Text>
          </View>
        );
      })}
      {current && !cohortMedian && <Text style={[styles.small, { marginTop: 4 }]}>No cohort median may be shown for this report.</Text>}
    </View>
  );
}
