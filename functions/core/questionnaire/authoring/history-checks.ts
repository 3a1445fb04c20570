/**
 * Checks across the versions of one questionnaire: every version after the first
 * declares a migration from an existing older version; the migration's references hold
 * and account for every question on both sides; a question id kept without a declared
 * equivalence keeps its meaning (domain, type, option levels); an id, once dropped, is
 * never used again.
 */
import type { Question } from '../model';
import { compareVersions } from '../semver';
import { pointer, type AuthoringError, type AuthoringErrorCode, type ParsedFile } from './types';

const optionIds = (q: Question | undefined): string[] => (q && 'options' in q ? q.options.map((o) => o.id) : []);

export function checkHistory(files: readonly ParsedFile[]): AuthoringError[] {
  const byQuestionnaire = new Map<string, ParsedFile[]>();
  for (const file of files) byQuestionnaire.set(file.questionnaire.id, [...(byQuestionnaire.get(file.questionnaire.id) ?? []), file]);
  const errors: AuthoringError[] = [];
  for (const versions of byQuestionnaire.values()) {
    versions.sort((a, b) => compareVersions(a.questionnaire.version, b.questionnaire.version));
    versions.forEach((file, i) => {
      errors.push(...checkMigration(file, versions.slice(0, i)));
    });
    errors.push(...checkIdReuse(versions));
  }
  return errors;
}

function checkMigration(file: ParsedFile, older: readonly ParsedFile[]): AuthoringError[] {
  const errors: AuthoringError[] = [];
  const add = (code: AuthoringErrorCode, at: string, message: string, fix: string) => errors.push({ code, file: file.path, pointer: at, message, fix });
  const newer = file.questionnaire;
  const migration = newer.migration;
  if (!migration) {
    if (older.length)
      add(
        'migration_missing',
        '/migration',
        `${newer.id} ${newer.version} has no migration, so answers of earlier versions cannot carry over`,
        `add "migration": { "from": "${older.at(-1)!.questionnaire.version}", ... } declaring question equivalences, removed and added questions`,
      );
    return errors;
  }
  const source = older.find((f) => f.questionnaire.version === migration.from)?.questionnaire;
  if (!source) {
    const known = older.map((f) => f.questionnaire.version);
    add(
      'migration_reference',
      '/migration/from',
      `migration.from is ${migration.from}, which is not an older version of ${newer.id}`,
      known.length ? `migrate from one of: ${known.join(', ')}` : 'remove the migration: the first version of a questionnaire has nothing to migrate from',
    );
    return errors;
  }

  const olderById = new Map(source.questions.map((q) => [q.id, q]));
  const newerById = new Map(newer.questions.map((q) => [q.id, q]));
  const declaredFrom = new Set(migration.questions.map((e) => e.from));
  const declaredTo = new Set(migration.questions.map((e) => e.to));
  const removed = new Set(migration.removed);
  const added = new Set(migration.added);
  const ref = (message: string, at: string, fix: string) => add('migration_reference', at, message, fix);

  const targets: string[] = [];
  migration.questions.forEach((entry, i) => {
    const at = (...rest: (string | number)[]) => pointer('migration', 'questions', i, ...rest);
    const from = olderById.get(entry.from);
    const to = newerById.get(entry.to);
    if (!from) ref(`${entry.from} is not a question of ${source.version}`, at('from'), `use a question id of ${source.version}`);
    if (!to) ref(`${entry.to} is not a question of ${newer.version}`, at('to'), `use a question id of ${newer.version}`);
    if (targets.includes(entry.to))
      ref(
        `${entry.to} receives answers from more than one question`,
        at('to'),
        'map at most one older question to each newer question (one question may split into several, not the reverse)',
      );
    targets.push(entry.to);
    if (to && olderById.has(entry.to) && !declaredFrom.has(entry.to) && !removed.has(entry.to))
      ref(
        `${entry.to} already keeps its own answers from ${source.version}, and would also receive those of ${entry.from}`,
        at('to'),
        `map ${entry.to} → ${entry.to} explicitly or list it in migration.removed, or map ${entry.from} to another question`,
      );
    for (const [option, mapped] of Object.entries(entry.options)) {
      if (from && !optionIds(from).includes(option))
        ref(`${entry.from} has no option "${option}"`, at('options', option), `use options of ${entry.from}: ${optionIds(from).join(', ') || '(none)'}`);
      if (to && !optionIds(to).includes(mapped))
        ref(`${entry.to} has no option "${mapped}"`, at('options', option), `map to options of ${entry.to}: ${optionIds(to).join(', ') || '(none)'}`);
    }
  });
  migration.removed.forEach((id, i) => {
    if (!olderById.has(id))
      ref(
        `${id} is listed as removed but is not a question of ${source.version}`,
        pointer('migration', 'removed', i),
        'list only questions of the version migrated from',
      );
    else if (newerById.has(id))
      ref(
        `${id} is listed as removed but is still a question of ${newer.version}`,
        pointer('migration', 'removed', i),
        'question ids are never reused: give the new question another id, or keep the question and drop it from "removed"',
      );
    if (declaredFrom.has(id))
      ref(
        `${id} is listed as removed but its answers are also mapped in migration.questions`,
        pointer('migration', 'removed', i),
        'either map it or remove it, not both',
      );
  });
  migration.added.forEach((id, i) => {
    if (!newerById.has(id))
      ref(`${id} is listed as added but is not a question of ${newer.version}`, pointer('migration', 'added', i), 'list only questions of this version');
    else if (olderById.has(id))
      ref(
        `${id} is listed as added but was already a question of ${source.version}`,
        pointer('migration', 'added', i),
        'a question kept by id is not added; drop it from "added"',
      );
    if (declaredTo.has(id))
      ref(
        `${id} is listed as added but also receives answers in migration.questions`,
        pointer('migration', 'added', i),
        'either map answers to it or list it as added, not both',
      );
  });

  // Every question on both sides is accounted for.
  for (const q of source.questions) {
    if (!newerById.has(q.id) && !declaredFrom.has(q.id) && !removed.has(q.id))
      add(
        'migration_incomplete',
        '/migration/removed',
        `${q.id} of ${source.version} is not in ${newer.version} and the migration does not say what became of it`,
        `map it in migration.questions (for example to the question that replaces it) or list it in migration.removed`,
      );
  }
  newer.questions.forEach((q, qi) => {
    if (!olderById.has(q.id) && !declaredTo.has(q.id) && !added.has(q.id))
      add(
        'migration_incomplete',
        pointer('questions', qi, 'id'),
        `${q.id} is new in ${newer.version} but the migration does not say where it comes from`,
        `list it in migration.added, or map the question it replaces in migration.questions`,
      );
  });

  // A kept id keeps its meaning.
  newer.questions.forEach((q, qi) => {
    const before = olderById.get(q.id);
    if (!before) return;
    if (declaredFrom.has(q.id) && !migration.questions.some((e) => e.from === q.id && e.to === q.id)) {
      add(
        'id_meaning_changed',
        pointer('questions', qi, 'id'),
        `${q.id} keeps its id, but the migration sends its answers elsewhere`,
        `give the new question another id, or map ${q.id} → ${q.id} in migration.questions`,
      );
      return;
    }
    if (declaredFrom.has(q.id)) return; // an explicit equivalence says how answers carry
    const renamed = 'give the question a new id and map the old one to it in migration.questions';
    if (q.domain !== before.domain)
      add('id_meaning_changed', pointer('questions', qi, 'domain'), `${q.id} moved from domain ${before.domain} to ${q.domain} under the same id`, renamed);
    if (q.type !== before.type)
      add('id_meaning_changed', pointer('questions', qi, 'type'), `${q.id} changed type from ${before.type} to ${q.type} under the same id`, renamed);
    if ('options' in q && 'options' in before)
      q.options.forEach((option, oi) => {
        const old = before.options.find((o) => o.id === option.id);
        if (old && old.level !== option.level)
          add(
            'id_meaning_changed',
            pointer('questions', qi, 'options', oi, 'level'),
            `option ${option.id} of ${q.id} was level ${old.level} in ${source.version} and is level ${option.level} here`,
            'give the option a new id (an equivalent old option can be mapped to it in migration.questions), or keep its level',
          );
      });
  });
  return errors;
}

/** An id that disappears from a version must not come back in a later one with the same name. */
function checkIdReuse(versions: readonly ParsedFile[]): AuthoringError[] {
  const errors: AuthoringError[] = [];
  versions.forEach((file, i) => {
    file.questionnaire.questions.forEach((q, qi) => {
      const present = versions.slice(0, i).map((v) => v.questionnaire.questions.some((x) => x.id === q.id));
      const first = present.indexOf(true);
      const gap = first < 0 ? -1 : present.findIndex((p, k) => k > first && !p);
      if (gap >= 0)
        errors.push({
          code: 'id_reused',
          file: file.path,
          pointer: pointer('questions', qi, 'id'),
          message: `${q.id} was dropped in ${versions[gap]!.questionnaire.version} and is used again here`,
          fix: 'question ids are never reused: give this question a new id',
        });
    });
  });
  return errors;
}
