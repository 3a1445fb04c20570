/**
 * What changed between two versions of a questionnaire, computed from the two versions
 * and the equivalences their migrations declare: questions added, removed and changed
 * (field by field, wording told apart from what affects scoring), the option
 * equivalences answers travel through, and the domains and controls that changed.
 */
import type { Equivalence } from './equivalences';
import type { Control, Domain, Question, Questionnaire } from './model';

export interface FieldChange {
  /** Where in the question (domain, control): `prompt`, `options/<id>/label`, `weight`. */
  path: string;
  before: unknown;
  after: unknown;
  /** True for text people read (prompt, help, labels, titles): it does not change what an answer means. */
  wording: boolean;
}

export interface QuestionRef {
  id: string;
  domain: string;
  prompt: string;
}

export interface ChangedQuestion {
  from: string;
  to: string;
  /** Only wording changed: answers mean what they meant. */
  wordingOnly: boolean;
  changes: FieldChange[];
}

export interface ChangedItem {
  id: string;
  changes: FieldChange[];
}

export interface QuestionnaireDiff {
  questionnaireId: string;
  from: string;
  to: string;
  /** The versions the migrations pass through, from `from` to `to`. */
  path: string[];
  questions: {
    added: QuestionRef[];
    removed: QuestionRef[];
    changed: ChangedQuestion[];
    unchanged: string[];
  };
  equivalences: Equivalence[];
  domains: { added: string[]; removed: string[]; changed: ChangedItem[] };
  controls: { added: string[]; removed: string[]; changed: ChangedItem[] };
}

const WORDING = new Set(['prompt', 'help', 'title', 'description', 'levelDescriptions', 'label', 'action', 'unit', 'reason']);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const ref = (q: Question): QuestionRef => ({ id: q.id, domain: q.domain, prompt: q.prompt });

/** Field-by-field differences of two plain objects, leaving out the keys in `skip`. */
function fieldChanges(before: object, after: object, skip: readonly string[] = []): FieldChange[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !skip.includes(k));
  return keys.filter((k) => !same(b[k], a[k])).map((k) => ({ path: k, before: b[k] ?? null, after: a[k] ?? null, wording: WORDING.has(k) }));
}

function optionChanges(source: Question, target: Question, equivalence: Equivalence): FieldChange[] {
  const before = 'options' in source ? source.options : [];
  const after = 'options' in target ? target.options : [];
  const changes: FieldChange[] = [];
  const reached = new Set<string>();
  for (const option of before) {
    const mapped = equivalence.options[option.id];
    const image = mapped === undefined ? undefined : after.find((o) => o.id === mapped);
    if (!image) {
      changes.push({ path: `options/${option.id}`, before: option, after: null, wording: false });
      continue;
    }
    reached.add(image.id);
    if (image.id !== option.id) changes.push({ path: `options/${option.id}/id`, before: option.id, after: image.id, wording: false });
    if (image.label !== option.label) changes.push({ path: `options/${image.id}/label`, before: option.label, after: image.label, wording: true });
    if (image.level !== option.level) changes.push({ path: `options/${image.id}/level`, before: option.level, after: image.level, wording: false });
  }
  for (const option of after) if (!reached.has(option.id)) changes.push({ path: `options/${option.id}`, before: null, after: option, wording: false });
  return changes;
}

function questionChanges(source: Question, target: Question, equivalence: Equivalence): FieldChange[] {
  const changes: FieldChange[] = [];
  if (source.id !== target.id) changes.push({ path: 'id', before: source.id, after: target.id, wording: false });
  changes.push(...fieldChanges(source, target, ['id', 'options']));
  changes.push(...optionChanges(source, target, equivalence));
  return changes;
}

function itemChanges<T extends { id: string }>(before: readonly T[], after: readonly T[]) {
  const beforeById = new Map(before.map((x) => [x.id, x]));
  const afterIds = new Set(after.map((x) => x.id));
  return {
    added: after.filter((x) => !beforeById.has(x.id)).map((x) => x.id),
    removed: before.filter((x) => !afterIds.has(x.id)).map((x) => x.id),
    changed: after
      .filter((x) => beforeById.has(x.id))
      .map((x) => ({ id: x.id, changes: fieldChanges(beforeById.get(x.id)!, x, ['id']) }))
      .filter((x) => x.changes.length > 0),
  };
}

export function diffVersions(
  from: Questionnaire,
  to: Questionnaire,
  equivalences: readonly Equivalence[],
  path: string[] = [from.version, to.version],
): QuestionnaireDiff {
  const fromById = new Map(from.questions.map((q) => [q.id, q]));
  const toById = new Map(to.questions.map((q) => [q.id, q]));
  const changed: ChangedQuestion[] = [];
  const unchanged: string[] = [];
  for (const equivalence of equivalences) {
    const source = fromById.get(equivalence.from);
    const target = toById.get(equivalence.to);
    if (!source || !target) continue;
    const changes = questionChanges(source, target, equivalence);
    if (changes.length === 0) unchanged.push(target.id);
    else changed.push({ from: source.id, to: target.id, wordingOnly: changes.every((c) => c.wording), changes });
  }
  const reachedFrom = new Set(equivalences.map((e) => e.from));
  const reachedTo = new Set(equivalences.map((e) => e.to));
  return {
    questionnaireId: to.id,
    from: from.version,
    to: to.version,
    path,
    questions: {
      added: to.questions.filter((q) => !reachedTo.has(q.id)).map(ref),
      removed: from.questions.filter((q) => !reachedFrom.has(q.id)).map(ref),
      changed,
      unchanged,
    },
    equivalences: [...equivalences],
    domains: itemChanges<Domain>(from.domains, to.domains),
    controls: itemChanges<Control>(from.controls, to.controls),
  };
}
