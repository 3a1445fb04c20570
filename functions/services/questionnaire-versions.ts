import type { Catalogue } from '../core/catalogue/catalogue';
import { DomainError, type FieldPath } from '../core/errors';
import { equivalencesBetween, type Equivalence } from '../core/questionnaire/equivalences';
import type { Questionnaire } from '../core/questionnaire/model';
import { compareVersions } from '../core/questionnaire/semver';
import { diffVersions, type QuestionnaireDiff } from '../core/questionnaire/version-diff';
import type { DiffQuery } from '../contract';

/**
 * The equivalences from `from` to the newer `to`. A version missing from the chain is a
 * content error the authoring check prevents; it is refused as invalid (naming `field`, the
 * caller's input that chose the versions), never an internal error.
 */
export function equivalencesFor(
  catalogue: Catalogue,
  from: Questionnaire,
  to: Questionnaire,
  field: FieldPath,
): { equivalences: Equivalence[]; path: string[] } {
  const chain = equivalencesBetween(from, to, (version) => catalogue.find(to.id, version));
  if (!chain.ok) throw new DomainError('validation_failed', chain.message, [{ field, message: chain.message }]);
  return chain;
}

export function diffQuestionnaireVersions(catalogue: Catalogue, id: string, query: DiffQuery): QuestionnaireDiff {
  const from = catalogue.get(id, query.from);
  const to = catalogue.get(id, query.to);
  if (compareVersions(from.version, to.version) >= 0)
    throw new DomainError('validation_failed', `"from" must be older than "to"`, [{ field: ['to'], message: `${query.to} is not newer than ${query.from}` }]);
  const { equivalences, path } = equivalencesFor(catalogue, from, to, ['from']);
  return diffVersions(from, to, equivalences, path);
}
