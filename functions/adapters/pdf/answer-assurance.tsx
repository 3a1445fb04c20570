/**
 * How many answers rest on imported evidence (issue 20, docs/evidence.md, "Assurance"):
 * overall, per domain when any does, and the answers the submit flagged as contradicting an import.
 */
import { View } from '@react-pdf/renderer';
import type { ReportAssurance } from '../../core/report-model';
import { grey, styles } from './styles';
import { Text } from './text';

const percent = (share: number | null) => `${Math.round((share ?? 0) * 100)}%`;

/** The section's opening sentence. */
export function assuranceSummary(a: ReportAssurance): string {
  if (a.answered === 0) return 'No question was answered.';
  if (a.evidenceBacked === 0) return `All ${a.answered} answers are self-attested: none accepts an answer measured from an imported identity inventory.`;
  const rest = a.answered - a.evidenceBacked;
  return `${a.evidenceBacked} of ${a.answered} answers are evidence-backed (${percent(a.share)}): each accepts what an imported identity inventory measured, named in the appendix with its file, date and SHA-256. The other ${rest} ${rest === 1 ? 'is' : 'are'} self-attested.`;
}

/** Whether the appendix prints each answer's assurance: only when some answer rests on, or departs from, an import. */
export const showsAssurance = (a: ReportAssurance) => a.evidenceBacked > 0 || a.flags.length > 0;

export function AnswerAssurance({ assurance }: { assurance: ReportAssurance }) {
  return (
    <View style={styles.section}>
      <Text style={styles.h2} minPresenceAhead={40}>
        Evidence behind the answers
      </Text>
      <Text style={styles.paragraph}>{assuranceSummary(assurance)}</Text>
      {assurance.evidenceBacked > 0
        ? assurance.domains.map((d) => (
            <View key={d.domainId} style={styles.row} wrap={false}>
              <Text style={{ flex: 1 }}>{d.title}</Text>
              <Text style={{ width: 170, textAlign: 'right' }}>
                {d.answered ? `${d.evidenceBacked} of ${d.answered} evidence-backed (${percent(d.share)})` : 'nothing answered'}
              </Text>
            </View>
          ))
        : null}
      {assurance.flags.length ? (
        <View style={{ marginTop: 8 }}>
          <Text style={styles.bold} minPresenceAhead={40}>
            Answers that contradict imported evidence (flagged on submit, not refused)
          </Text>
          {assurance.flags.map((f) => (
            <View key={f.questionId} style={{ paddingVertical: 4, borderBottomWidth: 0.5, borderBottomColor: grey.band }} wrap={false}>
              <Text>{f.prompt}</Text>
              <Text style={{ marginTop: 2 }}>{`Answered “${f.answered}”; the latest import proposed “${f.proposed}”.`}</Text>
              <Text style={[styles.small, { marginTop: 2 }]}>{f.reason ? `Reason given: ${f.reason}` : 'No reason given.'}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
