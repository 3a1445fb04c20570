/**
 * What changed since the last import (issue 20): a re-import of the same format for the same
 * scope is compared with the one before it, so the reviewer sees which facts moved, how the
 * identity counts changed and which proposals differ. Pure: both records are given.
 */
import type { Fact, FactId } from './facts';
import type { IdentityKind } from './inventory';

/** One import as compared: its record's identity counts, facts and proposed options. */
export interface ComparedImport {
  id: string;
  assessmentId: string;
  fileName: string;
  importedAt: string;
  sha256: string;
  identities: Record<IdentityKind, number>;
  facts: readonly Pick<Fact, 'id' | 'unit' | 'numerator' | 'denominator' | 'value'>[];
  proposals: readonly { questionId: string; value: string }[];
}

type Reading = { numerator: number; denominator: number; value: number | null };

/** What changed between two imports (the contract's EvidenceImportChanges has this shape). */
export interface ImportChanges {
  importId: string;
  assessmentId: string;
  fileName: string;
  importedAt: string;
  sameFile: boolean;
  identities: { kind: IdentityKind; before: number; after: number }[];
  facts: { id: FactId; unit: Fact['unit']; before: Reading | null; after: Reading | null }[];
  proposals: { questionId: string; before: string | null; after: string | null }[];
}

type Compared = ComparedImport;
type Format = string;

const KINDS = ['agent', 'human', 'workload', 'unknown'] as const;

/** The import the new one is compared with: the latest earlier one of the same format and scope, if any. */
export function previousImport<T extends { id: string; format: Format; importedAt: string; scopeId?: string }>(
  imports: readonly T[],
  current: { format: Format; scopeId?: string; importedAt: string },
): T | undefined {
  return imports
    .filter((i) => i.format === current.format && (i.scopeId ?? null) === (current.scopeId ?? null) && i.importedAt <= current.importedAt)
    .sort((a, b) => b.importedAt.localeCompare(a.importedAt) || b.id.localeCompare(a.id))[0];
}

export function compareImports(previous: Compared, current: Omit<Compared, 'id' | 'assessmentId' | 'fileName'>): ImportChanges {
  const identities = KINDS.filter((kind) => previous.identities[kind] !== current.identities[kind]).map((kind) => ({
    kind,
    before: previous.identities[kind],
    after: current.identities[kind],
  }));
  const before = new Map(previous.facts.map((f) => [f.id, f]));
  const facts = current.facts.flatMap((after) => {
    const was = before.get(after.id);
    if (was && was.numerator === after.numerator && was.denominator === after.denominator && was.value === after.value) return [];
    const side = (f: typeof after | undefined) => (f ? { numerator: f.numerator, denominator: f.denominator, value: f.value } : null);
    return [{ id: after.id, unit: after.unit, before: side(was), after: side(after) }];
  });
  const proposedBefore = new Map(previous.proposals.map((p) => [p.questionId, p.value]));
  const proposedAfter = new Map(current.proposals.map((p) => [p.questionId, p.value]));
  const questions = [...new Set([...proposedBefore.keys(), ...proposedAfter.keys()])].sort();
  const proposals = questions
    .filter((q) => proposedBefore.get(q) !== proposedAfter.get(q))
    .map((questionId) => ({ questionId, before: proposedBefore.get(questionId) ?? null, after: proposedAfter.get(questionId) ?? null }));
  return {
    importId: previous.id,
    assessmentId: previous.assessmentId,
    fileName: previous.fileName,
    importedAt: previous.importedAt,
    sameFile: previous.sha256 === current.sha256,
    identities,
    facts,
    proposals,
  };
}
