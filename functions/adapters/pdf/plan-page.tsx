/**
 * The improvement plan (issue 19), printed instead of the roadmap when the organisation's
 * plan follows this assessment: a table per status group, open items first, with each
 * item's owner, due date and status in words.
 */
import { View } from '@react-pdf/renderer';
import type { ReportPlan, ReportPlanItem } from '../../core/report-model';
import { formatDate, formatScore, formatShortDate } from './format';
import { PLAN_GROUPS, planOwnerText, planStatusText, planSummaryText } from './plan-text';
import { HEADINGS } from './roadmap';
import { grey, styles } from './styles';
import { Text } from './text';

// Column widths in points; the control column takes the rest of the content width. Every
// cell wraps: long names break at spaces, and words over 24 characters anywhere (fonts.ts).
const OWNER = 118;
const DUE = 70;
const STATUS = 104;

function PlanRow({ item }: { item: ReportPlanItem }) {
  const closed = item.status === 'done' || item.status === 'achieved';
  const detail = [
    HEADINGS[item.window],
    item.expectedGain > 0 ? `expected gain +${formatScore(item.expectedGain)}` : undefined,
    item.status === 'done' && item.stillRecommended ? 'the answers do not show it yet' : undefined,
  ].filter(Boolean);
  return (
    <View style={styles.row} wrap={false}>
      <View style={{ flex: 1, paddingRight: 8 }}>
        <Text style={styles.bold}>{item.title}</Text>
        <Text style={styles.small}>{detail.join(' · ')}</Text>
      </View>
      <Text style={{ width: OWNER, paddingRight: 6, color: item.owner ? grey.ink : grey.muted }}>{planOwnerText(item.owner)}</Text>
      <View style={{ width: DUE, paddingRight: 6 }}>
        <Text style={{ color: item.dueDate ? grey.ink : grey.muted }}>{item.dueDate ? formatShortDate(item.dueDate) : 'No date'}</Text>
        {item.overdue && <Text style={[styles.bold, { fontSize: 8 }]}>Overdue</Text>}
      </View>
      <View style={{ width: STATUS }}>
        <Text>{planStatusText(item)}</Text>
        {closed && item.completedAt && <Text style={styles.small}>{formatShortDate(item.completedAt)}</Text>}
      </View>
    </View>
  );
}

export function ImprovementPlan({ plan }: { plan: ReportPlan }) {
  return (
    <View>
      <Text style={styles.h1}>Improvement plan</Text>
      <Text style={styles.paragraph}>
        The organisation’s plan for the recommended controls of this submission, as it stood when the report was generated (last changed{' '}
        {formatDate(plan.updatedAt)}): who owns each control, when it is due, and where it stands. It is not part of the report’s digest.
      </Text>
      <Text style={[styles.bold, { marginBottom: 4 }]}>{planSummaryText(plan.summary)}</Text>
      {plan.items.length === 0 && <Text>The plan has no items: this submission recommends no controls.</Text>}
      {PLAN_GROUPS.map((group) => {
        const items = plan.items.filter((item) => group.statuses.includes(item.status));
        if (items.length === 0) return null;
        return (
          <View key={group.heading} style={{ marginTop: 10 }}>
            <View style={[styles.rule, { flexDirection: 'row', paddingBottom: 3, marginBottom: 2 }]} minPresenceAhead={40}>
              <Text style={[styles.bold, { flex: 1, fontSize: 11 }]}>
                {group.heading} ({items.length})
              </Text>
              <Text style={[styles.small, { width: OWNER }]}>Owner</Text>
              <Text style={[styles.small, { width: DUE }]}>Due</Text>
              <Text style={[styles.small, { width: STATUS }]}>Status</Text>
            </View>
            {items.map((item) => (
              <PlanRow key={item.controlId} item={item} />
            ))}
          </View>
        );
      })}
    </View>
  );
}
