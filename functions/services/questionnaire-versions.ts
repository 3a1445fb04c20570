/**
 * Questionnaire versions side by side: what changed between two of them, and the
 * equivalences that carry answers from one to the other (through the chain of
 * migrations the newer versions declare).
 */
import { z } from 'zod';
import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError } from '../core/errors';
import { equivalencesBetween, type Equivalence } from '../core/questionnaire/equivalences';
import { Identifier, SemanticVersion, type Questionnaire } from '../core/questionnaire/model';
import { compareVersions } from '../core/questionnaire/semver';
import { diffVersions, type QuestionnaireDiff } from '../core/questionnaire/version-diff';

export const DiffQuery = z.strictObject({
  from: SemanticVersion.describe('the older version'),
  to: SemanticVersion.describe('the newer version'),
});
export type DiffQuery = z.infer<typeof DiffQuery>;

export const QuestionnaireIdParam = z.object({ id: Identifier });

/**
 * The equivalences from `from` to the newer `to`. A version missing from the chain is a
 * content error the authoring check prevents; it still answers 400, never 500.
 */
export function equivalencesFor(
  catalogue: Catalogue,
  from: Questionnaire,
  to: Questionnaire,
  pointer: string,
): { equivalences: Equivalence[]; path: string[] } {
  const chain = equivalencesBetween(from, to, (version) => catalogue.find(to.id, version));
  if (!chain.ok) throw new DomainError('validation_failed', chain.message, [{ pointer, message: chain.message }]);
  return chain;
}

export function diffQuestionnaireVersions(catalogue: Catalogue, id: string, query: DiffQuery): QuestionnaireDiff {
  const from = catalogue.get(id, query.from);
  const to = catalogue.get(id, query.to);
  if (compareVersions(from.version, to.version) >= 0)
    throw new DomainError('validation_failed', `"from" must be older than "to"`, [
      { pointer: '/query/to', message: `${query.to} is not newer than ${query.from}` },
    ]);
  const { equivalences, path } = equivalencesFor(catalogue, from, to, '/query/from');
  return diffVersions(from, to, equivalences, path);
}
