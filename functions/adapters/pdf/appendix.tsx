/** Every question with the answer given, its comment and evidence links, and its assurance when the report has any evidence. */
import { Link, View } from '@react-pdf/renderer';
import type { AppendixDomain, AppendixQuestion } from '../../core/report-model';
import { grey, styles } from './styles';
import { Text } from './text';

function AssuranceLines({ q }: { q: AppendixQuestion }) {
  if (!q.assurance) return null;
  return (
    <>
      <Text style={[styles.paragraph, { marginTop: 2 }]}>
        {q.assurance === 'evidence' ? `Assurance: evidence-backed. ${q.evidenceStatement ?? ''}` : 'Assurance: self-attested'}
      </Text>
      {q.assuranceReason && <Text style={[styles.paragraph, { marginTop: 2 }]}>Why it departs from the imported evidence: {q.assuranceReason}</Text>}
      {q.contradictsEvidence && (
        <Text
          style={[styles.paragraph, { marginTop: 2 }]}
        >{`Contradicts imported evidence: the latest import proposed “${q.contradictsEvidence.proposed}”.`}</Text>
      )}
    </>
  );
}

function QuestionBlock({ q, number, assurance }: { q: AppendixQuestion; number: string; assurance: boolean }) {
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
      {assurance && <AssuranceLines q={q} />}
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

/** `assurance`: print each answer's assurance (when some answer rests on or departs from an import). */
export function Appendix({ domains, assurance = false }: { domains: AppendixDomain[]; assurance?: boolean }) {
  return (
    <View>
      <Text style={styles.h1}>Appendix: every answer</Text>
      {domains.map((d, di) => (
        <View key={d.id}>
          <Text style={styles.h2} minPresenceAhead={60}>
            {di + 1}. {d.title}
          </Text>
          {d.questions.map((q, qi) => (
            <QuestionBlock key={q.id} q={q} number={`${di + 1}.${qi + 1}`} assurance={assurance} />
          ))}
        </View>
      ))}
    </View>
  );
}
