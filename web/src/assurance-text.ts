/**
 * Answer assurance in the web app (issue 20, docs/evidence.md, "Assurance"): which proposal speaks
 * for each question, how many answers of each domain are evidence-backed, and the sentences for
 * badges and evidence flags. Pure: the Evidence panel, the Review page and Results share it.
 */
import type { Assessment, EvidenceImport, StoredAnswer } from './api';

type Proposal = EvidenceImport['proposals'][number];
type Flag = NonNullable<Assessment['evidenceFlags']>[number];

/** The latest import proposing an answer to each question speaks for it (as functions/core/evidence/assurance.ts `latestProposals`). */
export function latestProposals<T extends Pick<EvidenceImport, 'id' | 'importedAt' | 'proposals'>>(imports: readonly T[]): { record: T; proposal: Proposal }[] {
  const newestFirst = [...imports].sort((a, b) => b.importedAt.localeCompare(a.importedAt) || b.id.localeCompare(a.id));
  const found = new Map<string, { record: T; proposal: Proposal }>();
  for (const record of newestFirst)
    for (const proposal of record.proposals) if (!found.has(proposal.questionId)) found.set(proposal.questionId, { record, proposal });
  return [...found.values()];
}

type Assured = Pick<StoredAnswer, 'assurance'>;

/** An answer without `assurance` is self-attested. */
export const isEvidenceBacked = (answer: Assured | undefined) => answer?.assurance === 'evidence';

export const assuranceLabel = (answer: Assured | undefined) => (isEvidenceBacked(answer) ? 'Evidence-backed' : 'Self-attested');

/**
 * Whether assurance is worth showing: some answer rests on imported evidence or departs from it
 * with a reason, or the submit flagged one. Otherwise every answer is self-attested and the
 * Review page and Results say nothing about it.
 */
export function usesEvidence(
  answers: Readonly<Record<string, Pick<StoredAnswer, 'assurance' | 'assuranceReason'> | undefined>>,
  flags: readonly unknown[] = [],
): boolean {
  return flags.length > 0 || Object.values(answers).some((a) => a?.assurance === 'evidence' || !!a?.assuranceReason);
}

/** Per domain, how many of the answers given rest on imported evidence. */
export function assuranceByDomain(
  domains: readonly { id: string; title: string; questions: readonly { id: string }[] }[],
  answers: Readonly<Record<string, Assured | undefined>>,
): { domainId: string; title: string; evidenceBacked: number; answered: number }[] {
  return domains.map((d) => {
    const given = d.questions.map((q) => answers[q.id]).filter((a): a is Assured => a !== undefined);
    return { domainId: d.id, title: d.title, evidenceBacked: given.filter(isEvidenceBacked).length, answered: given.length };
  });
}

/** "2 of 5 answers evidence-backed", "1 of 1 answer evidence-backed", "No answers". */
export function shareText({ evidenceBacked, answered }: { evidenceBacked: number; answered: number }): string {
  if (answered === 0) return 'No answers';
  return `${evidenceBacked} of ${answered} answer${answered === 1 ? '' : 's'} evidence-backed`;
}

/**
 * "Contradicts imported evidence: <question>: proposed “<option>”, answered “<option>”." `describe`
 * names a question (value null) or one of its options.
 */
export function flagLine(flag: Flag, describe: (questionId: string, value: string | null) => string): string {
  const answered =
    flag.answered === null
      ? 'not applicable'
      : `“${(Array.isArray(flag.answered) ? flag.answered : [String(flag.answered)]).map((v) => describe(flag.questionId, v)).join('; ')}”`;
  return `Contradicts imported evidence: ${describe(flag.questionId, null)}: proposed “${describe(flag.questionId, flag.proposed)}”, answered ${answered}.`;
}

/** What the decision panel says about the answer now held for a proposed question. */
export function decisionState(
  answer: StoredAnswer | undefined,
  proposal: Pick<Proposal, 'value'>,
  importId: string,
): 'accepted' | 'otherwise' | 'agrees' | 'open' {
  if (!answer) return 'open';
  if (answer.assurance === 'evidence' && answer.evidenceSource?.importId === importId && answer.value === proposal.value) return 'accepted';
  if (answer.assuranceReason) return 'otherwise';
  return answer.value === proposal.value && !answer.notApplicable ? 'agrees' : 'open';
}
