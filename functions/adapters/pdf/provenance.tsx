/** How the figures are made, and how a reader checks that this report matches its data. */
import { View } from '@react-pdf/renderer';
import type { CohortSummary, Provenance as ProvenanceModel } from '../../core/report-model';
import { peerFiguresText } from './peer-figures';
import { grey, styles } from './styles';
import { Text } from './text';

function Digest({ label, value }: { label: string; value: string }) {
  return (
    <View style={{ flexDirection: 'row', marginBottom: 3 }} wrap={false}>
      <Text style={{ width: 120, color: grey.muted }}>{label}</Text>
      <Text style={{ flex: 1, fontSize: 8 }}>{value}</Text>
    </View>
  );
}

function syntheticText(p: ProvenanceModel): string {
  const org = p.syntheticData.organisation ? 'Your organisation is marked as synthetic (demo data).' : 'Your organisation is not marked as synthetic.';
  const cohort =
    p.syntheticData.cohort === undefined
      ? 'No cohort figures are shown, or the benchmark did not say whether synthetic organisations are in it.'
      : p.syntheticData.reference
        ? 'The cohort is the reference population: synthetic organisations calibrated to published surveys, not real peers; its figures are exact.'
        : p.syntheticData.cohort
          ? 'The cohort is synthetic (demo) data: its figures are exact.'
          : 'The cohort holds no synthetic organisations.';
  return `${org} ${cohort}`;
}

export function Provenance({
  provenance,
  cohort,
  reportId,
  unprintedCharacters = 0,
}: {
  provenance: ProvenanceModel;
  cohort: CohortSummary;
  reportId: string;
  unprintedCharacters?: number;
}) {
  return (
    <View>
      <Text style={styles.h1}>Method and provenance</Text>
      {provenance.method.map((sentence) => (
        <View key={sentence} style={{ flexDirection: 'row', marginBottom: 3 }} wrap={false}>
          <Text style={{ width: 10 }}>•</Text>
          <Text style={[styles.paragraph, { flex: 1, marginBottom: 0 }]}>{sentence}</Text>
        </View>
      ))}
      {unprintedCharacters > 0 ? (
        <>
          <Text style={styles.h2}>Characters not printed</Text>
          <Text style={styles.paragraph}>
            {unprintedCharacters === 1 ? '1 character' : `${unprintedCharacters} characters`} in names, answers or comments (for example Chinese, Japanese or
            Korean script) are outside the font embedded in this PDF and print as □. The digests below cover them as entered, and report.json and the web app
            show them in full.
          </Text>
        </>
      ) : null}
      <Text style={styles.h2}>Peer figures</Text>
      <Text style={styles.paragraph}>{peerFiguresText(cohort)}</Text>
      <Text style={styles.h2}>Synthetic data</Text>
      <Text style={styles.paragraph}>{syntheticText(provenance)}</Text>

      <Text style={styles.h2}>Verifying this report</Text>
      <Text style={styles.paragraph}>
        The SHA-256 below covers the answers, the questionnaire version and the benchmark figures this report was made from. It was recorded when the report was
        generated: ask the API whether a copy matches its data with
      </Text>
      <Text style={[styles.paragraph, { fontSize: 8 }]}>GET /v1/reports/verify?reportId={reportId}&amp;sha256=&lt;the digest below&gt;</Text>
      <View style={[styles.box, { marginTop: 4 }]} wrap={false}>
        <Digest label="Report id" value={reportId} />
        <Digest label="Questionnaire" value={`${provenance.questionnaire.id} ${provenance.questionnaire.version}`} />
        <Digest label="SHA-256" value={provenance.sha256} />
        <Digest label="Answers SHA-256" value={provenance.answersSha256} />
        <Digest label="Benchmark SHA-256" value={provenance.benchmarkSha256} />
      </View>
      <Text style={[styles.small, { marginTop: 4 }]}>
        Each digest is SHA-256 over canonical JSON (object keys sorted, no spaces); the report digest covers {'{'}answers, benchmark, questionnaire{'}'} as
        described in docs/reports.md.
      </Text>
    </View>
  );
}
