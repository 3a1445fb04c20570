/** Sentences of the evidence panel (issue 20): a fact's reading, and what changed since the last import. */
import type { EvidenceImport } from './api';

type Fact = EvidenceImport['facts'][number];
type Changes = NonNullable<EvidenceImport['sinceLastImport']>;
type Reading = { numerator: number; denominator: number; value: number | null };

const IDENTITY_KINDS: Record<Changes['identities'][number]['kind'], string> = {
  agent: 'agent identities',
  human: "people's accounts",
  workload: 'other workloads',
  unknown: 'unclassified identities',
};

/** "12 of 30 (40%)", "412 days", or "not in this file" when the file cannot say. */
export function readingText(unit: Fact['unit'], reading: Reading | null): string {
  if (!reading || reading.value === null) return 'not in this file';
  if (unit === 'days') return `${Math.round(reading.value)} days`;
  return `${reading.numerator} of ${reading.denominator} (${Math.round(reading.value * 100)}%)`;
}

/** One line per change, in the order counts, facts, proposals; `describeFact` names a fact, `describeOption` a proposal. */
export function changeLines(
  changes: Changes,
  describeFact: (id: Fact['id']) => string,
  describeProposal: (questionId: string, value: string | null) => string,
): string[] {
  return [
    ...changes.identities.map((c) => `${IDENTITY_KINDS[c.kind]}: ${c.before} → ${c.after}`),
    ...changes.facts.map((f) => `${describeFact(f.id)}: ${readingText(f.unit, f.before)} → ${readingText(f.unit, f.after)}`),
    ...changes.proposals.map(
      (p) =>
        `${describeProposal(p.questionId, null)}: proposed ${p.before ? describeProposal(p.questionId, p.before) : 'nothing'} → ${p.after ? describeProposal(p.questionId, p.after) : 'nothing'}`,
    ),
  ];
}
