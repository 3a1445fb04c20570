/**
 * The organisation's classification rules for evidence imports (issue 20, docs/evidence.md,
 * "Classification"): the tag that declares a kind, naming rules and the corrections from its
 * review. One record per organisation, changed at a revision: a change based on a revision
 * that is no longer the current one conflicts (409 `revision_conflict`) and writes nothing.
 * Every import reads the current rules and records their revision.
 */
import { authorize, organisationOf } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { type ClassificationRules, type ClassifiedKind, DEFAULT_TAG_KEY, namingRuleProblems } from '../core/evidence/classification';
import { DomainError, type FieldProblem } from '../core/errors';
import type { ClassificationRulesRecord, SetClassificationRulesRequest } from '../contract';
import { actorOf, auditEvent } from './audit';
import type { ClassificationRulesStore, Clock, IdSource } from './ports';
import { DYNAMODB_ITEM_LIMIT_BYTES, storedSize } from './stored-size';

export interface ClassificationRulesDeps {
  classificationRules: ClassificationRulesStore;
  clock: Clock;
  ids: IdSource;
}

/** The most the rules may measure when written: the item limit less room for the key and type attributes. */
export const CLASSIFICATION_RULES_MAX_BYTES = DYNAMODB_ITEM_LIMIT_BYTES - 8 * 1024;

/** What an organisation that never set rules has: revision 0, the default tag, no rules, no corrections. */
const unset = (): ClassificationRulesRecord => ({ revision: 0, tagKey: DEFAULT_TAG_KEY, namingRules: [], corrections: [] });

/** The rules as the classifier takes them (corrections by identity key), with the revision they are at. */
export async function rulesForImport(
  store: Pick<ClassificationRulesStore, 'get'>,
  organisationId: string,
): Promise<{ revision: number; rules: ClassificationRules }> {
  const stored = (await store.get(organisationId)) ?? unset();
  const corrections: Record<string, ClassifiedKind> = Object.create(null);
  for (const correction of stored.corrections) corrections[correction.identity] = correction.kind;
  return { revision: stored.revision, rules: { tagKey: stored.tagKey, namingRules: stored.namingRules, corrections } };
}

/** The naming rules' problems (namingRuleProblems) as field problems: `rule <n>: …` names `namingRules/<n-1>/pattern` (or `kind`). */
function namingRuleFieldProblems(rules: SetClassificationRulesRequest['namingRules']): FieldProblem[] {
  return namingRuleProblems(rules).map((problem) => {
    const match = /^rule (\d+): (.*)$/.exec(problem);
    if (!match) return { field: ['namingRules'], message: problem };
    const index = Number(match[1]) - 1;
    return { field: ['namingRules', index, /kind/.test(match[2]!) ? 'kind' : 'pattern'], message: match[2]! };
  });
}

/** What the audit event's before and after hash: the rules themselves, not who set them when. */
const auditedPart = (rules: ClassificationRulesRecord | undefined) =>
  rules ? { revision: rules.revision, tagKey: rules.tagKey, namingRules: rules.namingRules, corrections: rules.corrections } : undefined;

/**
 * The rules are the whole organisation's: a token bound to one assessment, or a member
 * restricted to one scope, reads them but never changes them (core/access/agents.ts,
 * ORGANISATION_WIDE_WRITES; core/access/scope-reach.ts).
 */
function assertOrganisationWide(principal: Principal): void {
  if (principal.assessmentId !== undefined)
    throw new DomainError('forbidden', "a token bound to one assessment may not change the organisation's classification rules");
  if (principal.scopeId !== undefined)
    throw new DomainError('forbidden', "a member restricted to one scope may not change the whole organisation's classification rules");
}

export async function readClassificationRules(deps: ClassificationRulesDeps, principal: Principal): Promise<ClassificationRulesRecord> {
  authorize(principal, 'evidence.read');
  const organisationId = organisationOf(principal);
  return (await deps.classificationRules.get(organisationId)) ?? unset();
}

/** Sets the rules based on `request.revision`; 409 `revision_conflict` with the current rules when it is stale. */
export async function setClassificationRules(
  deps: ClassificationRulesDeps,
  principal: Principal,
  request: SetClassificationRulesRequest,
): Promise<ClassificationRulesRecord> {
  // Who may import may set the rules every import is classified with.
  authorize(principal, 'evidence.import');
  const organisationId = organisationOf(principal);
  assertOrganisationWide(principal);

  const problems = namingRuleFieldProblems(request.namingRules);
  if (problems.length) throw new DomainError('validation_failed', 'some naming rules cannot be used', problems);

  const current = await deps.classificationRules.get(organisationId);
  const conflict = (latest: ClassificationRulesRecord | undefined) =>
    new DomainError(
      'revision_conflict',
      latest
        ? `the classification rules are at revision ${latest.revision}, not ${request.revision}; review the current rules and set them again`
        : `no classification rules are set yet: send revision 0, not ${request.revision}`,
      [],
      { currentRevision: latest?.revision ?? 0, current: latest ?? null },
    );
  if ((current?.revision ?? 0) !== request.revision) throw conflict(current);

  const now = deps.clock.now().toISOString();
  const updatedBy = actorOf(principal);
  const rules: ClassificationRulesRecord = {
    revision: request.revision + 1,
    tagKey: request.tagKey ?? DEFAULT_TAG_KEY,
    namingRules: request.namingRules.map(({ pattern, kind }) => ({ pattern, kind })),
    corrections: request.corrections.map(({ identity, kind }) => ({ identity, kind })),
    updatedAt: now,
    updatedBy,
  };
  // One item holds them: refuse, before writing, rules the table could not store.
  if (storedSize(rules) > CLASSIFICATION_RULES_MAX_BYTES)
    throw new DomainError('validation_failed', 'the classification rules are too large to store', [
      { field: ['corrections'], message: `the rules take more than ${Math.floor(CLASSIFICATION_RULES_MAX_BYTES / 1024)} KB; shorten or remove corrections` },
    ]);

  const audit = auditEvent(deps, {
    organisationId,
    actor: updatedBy,
    operation: 'evidence.classification-rules.update',
    target: { type: 'classification-rules', id: organisationId },
    before: auditedPart(current),
    after: auditedPart(rules),
    at: now,
  });
  const outcome = await deps.classificationRules.put(organisationId, rules, audit);
  if (outcome === 'conflict') throw conflict(await deps.classificationRules.get(organisationId));
  return rules;
}
