/** The top of the report: who, against what, compared with whom, and the overall result. */
import { Text, View } from '@react-pdf/renderer';
import type { CohortSummary, ReportModel } from '../../core/report-model';
import { formatDate, formatScore, ordinal } from './format';
import { grey, styles } from './styles';

function cohortText(cohort: CohortSummary): string {
  switch (cohort.status) {
    case 'available':
      return cohort.n === undefined ? cohort.description : `${cohort.description} (${cohort.n} organisations)`;
    case 'suppressed':
      return `${cohort.description}: suppressed, too few organisations to compare without identifying them`;
    case 'unavailable':
      return 'No peer benchmark for this report';
  }
}

function MetaRow({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.metaRow}>
      <Text style={styles.metaLabel}>{label}</Text>
      <Text style={styles.metaValue}>{value}</Text>
    </View>
  );
}

function OverallResult({ overall }: { overall: ReportModel['overall'] }) {
  return (
    <View style={{ flexDirection: 'row', alignItems: 'center', marginTop: 14, padding: 12, borderWidth: 1, borderColor: grey.rule }} wrap={false}>
      <View style={{ width: 130 }}>
        <Text style={styles.small}>Overall maturity</Text>
        <Text style={{ fontSize: 26, fontWeight: 'bold', lineHeight: 1.15 }}>
          {formatScore(overall.score)}
          <Text style={{ fontSize: 11, fontWeight: 'normal', color: grey.muted }}> / 5</Text>
        </Text>
      </View>
      <View style={{ flex: 1 }}>
        <Text style={{ fontSize: 13, fontWeight: 'bold' }}>
          Level {overall.level} · {overall.levelName}
        </Text>
        {overall.percentile !== undefined && (
          <Text style={{ color: grey.muted, marginTop: 2 }}>{ordinal(overall.percentile)} percentile within the cohort</Text>
        )}
      </View>
    </View>
  );
}

export function CoverSummary({ model }: { model: ReportModel }) {
  const { cover, overall } = model;
  const org = cover.organisation;
  return (
    <View>
      <Text style={styles.eyebrow}>Agent identity maturity report</Text>
      <Text style={styles.title}>{org.name}</Text>
      <Text style={styles.subtitle}>
        {org.industryLabel} · {org.sizeBandLabel} · {org.regionLabel}
      </Text>
      <View style={[styles.section, { marginTop: 14 }]}>
        <MetaRow label="Questionnaire" value={`${cover.questionnaire.title}, version ${cover.questionnaire.version}`} />
        <MetaRow label="Submitted" value={formatDate(cover.submittedAt)} />
        <MetaRow label="Cohort" value={cohortText(cover.cohort)} />
        <MetaRow label="Report" value={`${cover.reportId}, generated ${formatDate(cover.generatedAt)}`} />
      </View>
      <OverallResult overall={overall} />
    </View>
  );
}
