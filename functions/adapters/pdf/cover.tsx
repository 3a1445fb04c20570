/** The cover: who, which questionnaire, when, compared with whom, and which report this is. */
import { View } from '@react-pdf/renderer';
import type { CohortSummary, ReportModel } from '../../core/report-model';
import { formatCountFigure, formatDate, formatPercentileFigure, formatScore, formatScoreFigure, formatShortDate } from './format';
import { heldByText } from './held-by';
import { intervalLabel, peerFiguresText } from './peer-figures';
import { grey, styles } from './styles';
import { Text } from './text';

export function cohortText(cohort: CohortSummary): string {
  switch (cohort.status) {
    case 'available': {
      if (cohort.reference) {
        const size = cohort.n === undefined ? '' : `, ${formatCountFigure(cohort.n, intervalLabel(cohort))}`;
        return `${cohort.description}: reference population${size}. ${cohort.reference.realCohort}`.trim();
      }
      const text = cohort.n === undefined ? cohort.description : `${cohort.description} (${formatCountFigure(cohort.n, intervalLabel(cohort))})`;
      return cohort.versions ? `${text}. ${cohort.versions}` : text;
    }
    case 'suppressed':
      return `${cohort.description}: suppressed, ${cohort.reason ?? 'too few organisations to compare without identifying them'}`;
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

/** The overall target in one line: "Target: level 4 by 30 Jun 2027"; undefined without targets. */
export function overallTargetText(targets: ReportModel['targets'] | undefined): string | undefined {
  if (!targets) return undefined;
  const by = formatShortDate(targets.targetDate);
  if (!targets.overall) return `Targets by ${by} for ${targets.domains.length === 1 ? '1 domain' : `${targets.domains.length} domains`}; no overall target`;
  const { target, levelsToGo } = targets.overall;
  return `Target: level ${target} by ${by}${levelsToGo === 0 ? ' (met)' : ` (${levelsToGo} to go)`}`;
}

/** `interval` names the interval of the cohort figures ("90% interval"); `targets`, the organisation's targets, adds their line. */
export function OverallResult({ overall, interval, targets }: { overall: ReportModel['overall']; interval: string; targets?: ReportModel['targets'] }) {
  const target = overallTargetText(targets);
  return (
    <View style={[styles.box, { flexDirection: 'row', alignItems: 'center' }]} wrap={false}>
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
        <Text style={{ color: grey.muted, marginTop: 2 }}>
          {overall.percentile !== undefined
            ? formatPercentileFigure(overall.percentile, interval, ' percentile within the cohort')
            : 'No cohort percentile for this report'}
        </Text>
        {overall.cohort && <Text style={{ color: grey.muted, marginTop: 1 }}>{`Cohort median ${formatScoreFigure(overall.cohort.p50, interval)}`}</Text>}
        {overall.cohort && (
          <Text
            style={[styles.small, { marginTop: 1 }]}
          >{`Cohort 25th percentile ${formatScoreFigure(overall.cohort.p25, interval)}, 75th ${formatScoreFigure(overall.cohort.p75, interval)}`}</Text>
        )}
        {target && <Text style={{ color: grey.ink, marginTop: 1 }}>{target}</Text>}
        <Text style={[styles.small, { marginTop: 1 }]}>{`Scored with method ${overall.method} (docs/scoring.md)`}</Text>
        {overall.heldBy && <Text style={[styles.small, { marginTop: 1, color: grey.ink }]}>{heldByText(overall.level, overall.heldBy)}</Text>}
      </View>
    </View>
  );
}

export function Cover({ model }: { model: ReportModel }) {
  const { cover, overall } = model;
  const org = cover.organisation;
  return (
    <View>
      <Text style={styles.eyebrow}>Agent identity maturity report</Text>
      <Text style={styles.title}>{org.name}</Text>
      <Text style={styles.subtitle}>
        {org.industryLabel} · {org.sizeBandLabel} · {org.regionLabel}
      </Text>
      <View style={{ marginTop: 28, marginBottom: 24 }}>
        <MetaRow label="Questionnaire" value={`${cover.questionnaire.title}, version ${cover.questionnaire.version}`} />
        <MetaRow label="Submitted" value={formatDate(cover.submittedAt)} />
        <MetaRow label="Cohort chosen" value={cover.comparedWith.description} />
        <MetaRow label="Compared with" value={cohortText(cover.cohort)} />
        <MetaRow label="Peer figures" value={peerFiguresText(cover.cohort)} />
        <MetaRow label="Report id" value={cover.reportId} />
        <MetaRow label="Generated" value={formatDate(cover.generatedAt)} />
      </View>
      <OverallResult overall={overall} interval={intervalLabel(cover.cohort)} targets={model.targets} />
      <View style={{ marginTop: 28 }}>
        <Text style={[styles.small, { marginBottom: 4 }]}>Contents</Text>
        {[
          'Executive summary',
          'Domains against the cohort',
          'A page per domain',
          model.plan ? 'Improvement plan' : 'Roadmap: the next 30, 60 and 90 days',
          'Trend',
          'Method and provenance',
          'Appendix: every answer',
        ].map((title, i) => (
          <Text key={title} style={{ marginBottom: 2 }}>
            {i + 1}. {title}
          </Text>
        ))}
      </View>
    </View>
  );
}
