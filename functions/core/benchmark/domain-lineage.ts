/**
 * Which questionnaire versions pool into one benchmark metric (docs/benchmarks.md,
 * "Versions"). A domain's scores from two versions are comparable only when the
 * newer version's migration declares the domain's composition unchanged: the same
 * counted questions (kept ids, or equivalences mapping one question to one), every
 * carried option at the same level, no option added, the same weights, caps and
 * number bands, and the same scoring method. Only what the migration declares is
 * used, never guessed similarity of wording.
 *
 * Each (version, domain) gets a comparability key: the earliest version from which
 * the domain is equivalent up to it. Its metric is the plain domain id (or `overall`)
 * when that is the questionnaire's first version, so cells stored before versions
 * were told apart keep their meaning; otherwise `<domain>@<version>`.
 */
import type { Question, Questionnaire } from '../questionnaire/model';
import { compareVersions } from '../questionnaire/semver';
import { OVERALL } from './contributions';

/** Metric keys of one version: domain id → metric, and the overall metric. */
export interface VersionMetrics {
  domains: Record<string, string>;
  overall: string;
  /** Domain id (and `overall`) → the versions whose scores pool into its metric, oldest first. */
  pooled: Record<string, string[]>;
}

/** Questionnaire version → its metric keys. */
export type Lineage = Map<string, VersionMetrics>;

const counted = (q: Question) => q.type !== 'text';
const scoringMethodOf = (q: Questionnaire) => q.scoringMethod ?? 1;

/** What scores a question besides its options: any difference changes its domain's meaning. */
function scoringShape(q: Question): string {
  // A cap's reason is wording; its options, level and scope score.
  const caps = q.caps.map((c) => ({ options: [...c.options].sort(), maxLevel: c.maxLevel, scope: c.scope ?? 'domain' }));
  return JSON.stringify({ type: q.type, weight: q.weight, caps, bands: q.type === 'number' ? q.bands : undefined });
}

const optionsOf = (q: Question) => ('options' in q ? q.options : []);

/** Each older option reaches a newer one at the same level (and the same essential flag), and no newer option is new. */
function sameOptions(older: Question, newer: Question, mapping: Record<string, string>): boolean {
  const newerById = new Map(optionsOf(newer).map((o) => [o.id, o]));
  const reached = new Set<string>();
  for (const option of optionsOf(older)) {
    const target = newerById.get(mapping[option.id] ?? option.id);
    if (!target) return false; // an option that stops carrying changes the scale
    if (target.level !== option.level || Boolean(target.essential) !== Boolean(option.essential)) return false;
    reached.add(target.id);
  }
  return reached.size === newerById.size;
}

/** Older question id → newer question id and option mapping, for questions whose answers carry one to one. */
function oneToOne(older: Questionnaire, newer: Questionnaire): Map<string, { to: string; options: Record<string, string> }> {
  const migration = newer.migration;
  const declared = migration?.questions ?? [];
  const fromCount = new Map<string, number>();
  const toCount = new Map<string, number>();
  for (const e of declared) {
    fromCount.set(e.from, (fromCount.get(e.from) ?? 0) + 1);
    toCount.set(e.to, (toCount.get(e.to) ?? 0) + 1);
  }
  const removed = new Set(migration?.removed ?? []);
  const added = new Set(migration?.added ?? []);
  const newerIds = new Set(newer.questions.map((q) => q.id));
  const pairs = new Map<string, { to: string; options: Record<string, string> }>();
  for (const e of declared) if (fromCount.get(e.from) === 1 && toCount.get(e.to) === 1) pairs.set(e.from, { to: e.to, options: e.options });
  for (const q of older.questions) {
    // A kept id not mentioned by the migration keeps its meaning (questionnaires/README.md).
    if (fromCount.has(q.id) || removed.has(q.id) || toCount.has(q.id) || added.has(q.id) || !newerIds.has(q.id)) continue;
    pairs.set(q.id, { to: q.id, options: {} });
  }
  return pairs;
}

/** Domains whose composition `newer` (migrating from `older`) declares equivalent. */
export function equivalentDomains(older: Questionnaire, newer: Questionnaire): Set<string> {
  const result = new Set<string>();
  if (scoringMethodOf(older) !== scoringMethodOf(newer)) return result; // a new method changes every domain's meaning
  const pairs = oneToOne(older, newer);
  const newerById = new Map(newer.questions.map((q) => [q.id, q]));
  const olderDomains = new Set(older.domains.map((d) => d.id));
  for (const domain of newer.domains) {
    if (!olderDomains.has(domain.id)) continue;
    const olderQuestions = older.questions.filter((q) => q.domain === domain.id && counted(q));
    const newerQuestions = newer.questions.filter((q) => q.domain === domain.id && counted(q));
    const reached = new Set<string>();
    const same = olderQuestions.every((q) => {
      const pair = pairs.get(q.id);
      const target = pair && newerById.get(pair.to);
      if (!pair || !target || target.domain !== domain.id) return false;
      reached.add(target.id);
      return scoringShape(q) === scoringShape(target) && sameOptions(q, target, pair.options);
    });
    // Every counted newer question must come from one of the domain's older questions: none added.
    if (same && newerQuestions.every((q) => reached.has(q.id))) result.add(domain.id);
  }
  return result;
}

/** The overall score pools when every domain pools, with the same domains and domain weights. */
function overallEquivalent(older: Questionnaire, newer: Questionnaire, domains: Set<string>): boolean {
  const weights = (q: Questionnaire) => JSON.stringify(q.domains.map((d) => [d.id, d.weight]).sort());
  return weights(older) === weights(newer) && older.domains.length === domains.size;
}

export const metricKey = (name: string, since: string, first: string) => (since === first ? name : `${name}@${since}`);

/**
 * The metric keys of every version of one questionnaire. Each version is compared with
 * the version its migration names (`from`); a version without one, or whose `from` is
 * not among `versions`, starts every metric afresh (its own version as key).
 */
export function domainLineage(versions: readonly Questionnaire[]): Lineage {
  const ordered = [...versions].sort((a, b) => compareVersions(a.version, b.version));
  const first = ordered[0]?.version ?? '';
  const byVersion = new Map(ordered.map((q) => [q.version, q]));
  const since = new Map<string, Record<string, string>>(); // version → name (domain or overall) → key version
  const lineage: Lineage = new Map();
  for (const q of ordered) {
    const previous = q.migration ? byVersion.get(q.migration.from) : undefined;
    const previousSince = previous ? since.get(previous.version) : undefined;
    const pooled = previous ? equivalentDomains(previous, q) : new Set<string>();
    const own: Record<string, string> = {};
    for (const d of q.domains) own[d.id] = pooled.has(d.id) && previousSince?.[d.id] ? previousSince[d.id]! : q.version;
    own[OVERALL] = previous && previousSince?.[OVERALL] && overallEquivalent(previous, q, pooled) ? previousSince[OVERALL]! : q.version;
    since.set(q.version, own);
  }
  for (const q of ordered) {
    const own = since.get(q.version)!;
    const members = (name: string) => ordered.filter((o) => since.get(o.version)![name] === own[name]).map((o) => o.version);
    const domains: Record<string, string> = {};
    const pooled: Record<string, string[]> = {};
    for (const d of q.domains) {
      domains[d.id] = metricKey(d.id, own[d.id]!, first);
      pooled[d.id] = members(d.id);
    }
    pooled[OVERALL] = members(OVERALL);
    lineage.set(q.version, { domains, overall: metricKey(OVERALL, own[OVERALL]!, first), pooled });
  }
  return lineage;
}

/** The metrics of a version not in the lineage: plain ids (what every version used before versions were told apart). */
export const plainMetrics = (domainIds: readonly string[], version: string): VersionMetrics => ({
  domains: Object.fromEntries(domainIds.map((d) => [d, d])),
  overall: OVERALL,
  pooled: Object.fromEntries([...domainIds, OVERALL].map((d) => [d, [version]])),
});
