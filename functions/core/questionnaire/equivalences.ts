/**
 * How the answers of one questionnaire version correspond to another's. A newer version
 * declares, in its `migration`, which questions of the version it migrates from became
 * which of its own (with option equivalences) and which were removed or added; a
 * question whose id it keeps, and that the migration does not mention, keeps its
 * meaning, and its options carry over by identical id. Versions further apart compose
 * through the chain of migrations.
 */
import type { Question, Questionnaire } from './model';
import { compareVersions } from './semver';

/** One older question whose answers carry to one newer question. */
export interface Equivalence {
  /** Question id in the older version. */
  from: string;
  /** Question id in the newer version. */
  to: string;
  /** Older option id → newer option id, for every option that has an equivalent. */
  options: Record<string, string>;
  /** Declared in a migration somewhere along the way, rather than kept by id. */
  declared: boolean;
}

const optionIds = (q: Question | undefined): string[] => (q && 'options' in q ? q.options.map((o) => o.id) : []);

/**
 * The equivalences between `older` and `newer`, where `newer.migration` is declared
 * from `older`. A declared equivalence maps the options it lists; any other option
 * carries when the newer question has an option with the same id.
 */
export function stepEquivalences(older: Questionnaire, newer: Questionnaire): Equivalence[] {
  const migration = newer.migration;
  const olderById = new Map(older.questions.map((q) => [q.id, q]));
  const newerById = new Map(newer.questions.map((q) => [q.id, q]));
  const declaredFrom = new Set(migration?.questions.map((e) => e.from) ?? []);
  const removed = new Set(migration?.removed ?? []);
  const result: Equivalence[] = [];

  for (const entry of migration?.questions ?? []) {
    const source = olderById.get(entry.from);
    const target = newerById.get(entry.to);
    if (!source || !target) continue; // invalid references are the authoring check's to report
    const targetOptions = new Set(optionIds(target));
    const options: Record<string, string> = {};
    for (const option of optionIds(source)) {
      const mapped = entry.options[option] ?? option;
      if (targetOptions.has(mapped)) options[option] = mapped;
    }
    result.push({ from: entry.from, to: entry.to, options, declared: true });
  }

  for (const source of older.questions) {
    if (declaredFrom.has(source.id) || removed.has(source.id)) continue;
    const target = newerById.get(source.id);
    if (!target) continue;
    const targetOptions = new Set(optionIds(target));
    const options = Object.fromEntries(
      optionIds(source)
        .filter((o) => targetOptions.has(o))
        .map((o) => [o, o]),
    );
    result.push({ from: source.id, to: source.id, options, declared: false });
  }
  return result;
}

/** `first` (A → B) followed by `second` (B → C) gives A → C; a split fans out. */
export function composeEquivalences(first: readonly Equivalence[], second: readonly Equivalence[]): Equivalence[] {
  const result: Equivalence[] = [];
  for (const a of first) {
    for (const b of second.filter((x) => x.from === a.to)) {
      const options: Record<string, string> = {};
      for (const [option, middle] of Object.entries(a.options)) {
        const end = b.options[middle];
        if (end !== undefined) options[option] = end;
      }
      result.push({ from: a.from, to: b.to, options, declared: a.declared || b.declared });
    }
  }
  return result;
}

export type ChainResult = { ok: true; equivalences: Equivalence[]; path: string[] } | { ok: false; message: string };

/**
 * The equivalences from `from` to the newer `to`, following each version's
 * `migration.from` back until `from` is reached. `lookup` finds a version of the same
 * questionnaire.
 */
export function equivalencesBetween(from: Questionnaire, to: Questionnaire, lookup: (version: string) => Questionnaire | undefined): ChainResult {
  const steps: [Questionnaire, Questionnaire][] = [];
  let current = to;
  const seen = new Set<string>();
  while (current.version !== from.version) {
    if (seen.has(current.version)) return { ok: false, message: `the migrations of ${to.id} form a loop at ${current.version}` };
    seen.add(current.version);
    const migration = current.migration;
    if (!migration) return { ok: false, message: `${to.id} ${current.version} declares no migration, so answers of ${from.version} cannot be carried to it` };
    if (compareVersions(migration.from, from.version) < 0)
      return {
        ok: false,
        message: `${to.id} ${current.version} migrates from ${migration.from}, which is older than ${from.version}: answers of ${from.version} have no declared path to it`,
      };
    const previous = migration.from === from.version ? from : lookup(migration.from);
    if (!previous) return { ok: false, message: `${to.id} ${current.version} migrates from ${migration.from}, which is not available` };
    steps.unshift([previous, current]);
    current = previous;
  }
  if (steps.length === 0) return { ok: true, path: [from.version], equivalences: identity(from) };
  let equivalences = stepEquivalences(...steps[0]!);
  for (const step of steps.slice(1)) equivalences = composeEquivalences(equivalences, stepEquivalences(...step));
  return { ok: true, path: [from.version, ...steps.map(([, newer]) => newer.version)], equivalences };
}

function identity(q: Questionnaire): Equivalence[] {
  return q.questions.map((question) => ({
    from: question.id,
    to: question.id,
    options: Object.fromEntries(optionIds(question).map((o) => [o, o])),
    declared: false,
  }));
}
