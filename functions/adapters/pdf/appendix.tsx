/** Every question with the answer given, its comment and evidence links. */
import { Link, Text, View } from '@react-pdf/renderer';
import type { AppendixDomain, AppendixQuestion } from '../../core/report-model';
import { grey, styles } from './styles';

function QuestionBlock({ q, number }: { q: AppendixQuestion; number: string }) {
  return (
    <View style={{ paddingVertical: 5, borderBottomWidth: 0.5, borderBottomColor: grey.band }}>
      {/* The prompt and answer stay together; a long comment may flow onto the next page. */}
      <View wrap={false}>
        <Text style={styles.bold}>
          {number} {q.prompt}
        </Text>
        <Text style={{ marginTop: 2, ...(q.shown ? {} : { color: grey.muted }) }}>
          {`Answer: ${q.answer}${q.level !== undefined ? ` (level ${q.level})` : ''}`}
        </Text>
      </View>
      {q.notApplicableReason && <Text style={[styles.paragraph, { marginTop: 2 }]}>Why not applicable: {q.notApplicableReason}</Text>}
      {q.comment && <Text style={[styles.paragraph, { marginTop: 2 }]}>Comment: {q.comment}</Text>}
      {q.evidence.length > 0 && (
        <View style={{ marginTop: 2 }}>
          <Text style={styles.small}>Evidence</Text>
          {q.evidence.map((url) => (
            <Link key={url} src={url} style={{ fontSize: 8, color: grey.ink }}>
              {url}
            </Link>
          ))}
        </View>
      )}
    </View>
  );
}

export function Appendix({ domains }: { domains: AppendixDomain[] }) {
  return (
    <View break>
      <Text style={styles.h1}>Appendix: every answer</Text>
      {domains.map((d, di) => (
        <View key={d.id}>
          <Text style={styles.h2} minPresenceAhead={60}>
            {di + 1}. {d.title}
          </Text>
          {d.questions.map((q, qi) => (
            <QuestionBlock key={q.id} q={q} number={`${di + 1}.${qi + 1}`} />
          ))}
        </View>
      ))}
    </View>
  );
}
