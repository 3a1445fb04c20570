/**
 * Assurance (issue 20, docs/evidence.md, "Assurance"): which answers rest on imported evidence
 * and which on the respondent's word, and which answers contradict what an import measured.
 *
 * - Accepting a proposal makes the answer `evidence`, naming the import behind it.
 * - Any other answer is `self-attested`; one that departs from a proposal may carry a reason.
 * - Changing only an evidence-backed answer's comment or links keeps its evidence; changing its
 *   value makes it self-attested.
 * - On submit, an answer outside the options an import leaves open is flagged (never refused).
 *
 * Pure: the imports are given.
 */
import type { Answer, AssuredAnswer, EvidenceSource, StoredAssurance } from '../questionnaire/answers';

export interface ProposedAnswer {
  questionId: string;
  value: string;
  /** The options the facts leave open: an answer outside them contradicts the import. */
  consistent: readonly string[];
  evidence: string;
}

export interface ImportWithProposals {
  id: string;
  importedAt: string;
  sha256: string;
  proposals: readonly ProposedAnswer[];
}

type AnswerInput = Answer;
type StoredAnswerLike = AssuredAnswer;

/** The newest import first (ties: the larger id), so the latest evidence speaks for a question. */
const newestFirst = <T extends Pick<ImportWithProposals, 'id' | 'importedAt'>>(imports: readonly T[]) =>
  [...imports].sort((a, b) => b.importedAt.localeCompare(a.importedAt) || b.id.localeCompare(a.id));

/** For each question some import proposes an answer to, the latest import's proposal. */
export function latestProposals<T extends ImportWithProposals>(imports: readonly T[]): Map<string, { record: T; proposal: ProposedAnswer }> {
  const found = new Map<string, { record: T; proposal: ProposedAnswer }>();
  for (const record of newestFirst(imports))
    for (const proposal of record.proposals) if (!found.has(proposal.questionId)) found.set(proposal.questionId, { record, proposal });
  return found;
}

/** Why an acceptance cannot stand, or the evidence source it gives the answer. */
export function acceptProposal(
  imports: readonly ImportWithProposals[],
  questionId: string,
  answer: AnswerInput,
): { source: EvidenceSource } | { problem: string } {
  const record = imports.find((i) => i.id === answer.evidenceImportId);
  if (!record) return { problem: `no import "${answer.evidenceImportId}" in this assessment` };
  const proposal = record.proposals.find((p) => p.questionId === questionId);
  if (!proposal) return { problem: `import "${record.id}" proposes no answer to "${questionId}"` };
  if (answer.value !== proposal.value)
    return {
      problem: `import "${record.id}" proposes "${proposal.value}" for "${questionId}"; answer otherwise without evidenceImportId, with an assuranceReason`,
    };
  return { source: { importId: record.id, sha256: record.sha256, importedAt: record.importedAt, statement: proposal.evidence } };
}

const sameValue = (a: Answer['value'], b: Answer['value']) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The answer as stored, with its assurance: `source` when it accepts a proposal; otherwise the
 * evidence it had, kept while its value stays the same and no reason says it departs; otherwise
 * self-attested (with the reason given, if any).
 */
export function assuredAnswer(input: AnswerInput, stored: StoredAnswerLike | undefined, source?: EvidenceSource): StoredAnswerLike {
  const { evidenceImportId: _accepted, assuranceReason, ...answer } = input;
  if (source) return { ...answer, assurance: 'evidence', evidenceSource: source };
  const keepsEvidence =
    !assuranceReason &&
    stored?.assurance === 'evidence' &&
    stored.evidenceSource !== undefined &&
    !input.notApplicable &&
    !stored.notApplicable &&
    sameValue(stored.value, input.value);
  if (keepsEvidence) return { ...answer, assurance: 'evidence', evidenceSource: stored.evidenceSource };
  return { ...answer, assurance: 'self-attested', ...(assuranceReason ? { assuranceReason } : {}) };
}

/** An answer outside the options the latest import proposing on its question leaves open. */
export interface EvidenceFlag {
  questionId: string;
  importId: string;
  proposed: string;
  consistent: string[];
  /** The answer's value; null when it was marked not applicable. (Its reason, if any, stays on the answer: not copied, as the item's size is bounded.) */
  answered: string | number | string[] | null;
}

/** The answers (asked and answered) that contradict imported evidence, in the order of `questionIds`. */
export function evidenceFlags(
  questionIds: readonly string[],
  answers: Readonly<Record<string, StoredAnswerLike | undefined>>,
  imports: readonly ImportWithProposals[],
): EvidenceFlag[] {
  const proposals = latestProposals(imports);
  return questionIds.flatMap((questionId) => {
    const answer = answers[questionId];
    const found = proposals.get(questionId);
    if (!answer || !found) return [];
    const { record, proposal } = found;
    const agrees = !answer.notApplicable && typeof answer.value === 'string' && proposal.consistent.includes(answer.value);
    if (agrees) return [];
    return [
      {
        questionId,
        importId: record.id,
        proposed: proposal.value,
        consistent: [...proposal.consistent],
        answered: answer.notApplicable ? null : (answer.value ?? null),
      },
    ];
  });
}

/** How many of the answers are evidence-backed: an answer without `assurance` counts as self-attested. */
export function assuranceCounts(answers: readonly (StoredAssurance | undefined)[]): { answered: number; evidenceBacked: number; share: number | null } {
  const given = answers.filter((a): a is StoredAssurance => a !== undefined);
  const evidenceBacked = given.filter((a) => a.assurance === 'evidence').length;
  return { answered: given.length, evidenceBacked, share: given.length ? evidenceBacked / given.length : null };
}
