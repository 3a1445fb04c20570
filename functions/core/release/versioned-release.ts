/**
 * A release when a questionnaire's versions do not all pool (docs/benchmarks.md,
 * "Versions"). Each overall metric of the lineage is a release group: its cohorts are
 * released as usual (count, overall figures) over the organisations of that metric,
 * with the median of every domain metric its versions use. A domain metric that several
 * groups use (a domain that pooled across a change elsewhere) is released in each of
 * them, over all its organisations, with the per-domain ε split evenly among them.
 *
 * Budget: an organisation is in one overall metric and one metric per domain (one
 * submission, one version). Per cohort it is in one group's count and overall figures,
 * and in the medians of its domain metrics wherever they are released, which add up to
 * the per-domain ε of the plain plan. So it never pays more than the plain plan: checked
 * below for every version, exactly, before any noise is drawn.
 *
 * Entries: the group of the first version's overall metric (`overall`) keeps the plain
 * cohort key, so releases made before versions were told apart read the same; other
 * groups are stored as `<cohort key>#<overall metric>`.
 */
import { OVERALL } from '../benchmark/contributions';
import type { DenseCounts } from '../benchmark/dense-histogram';
import type { Lineage, VersionMetrics } from '../benchmark/domain-lineage';
import { overallMetrics, versionView } from '../benchmark/version-view';
import type { RandomSource } from '../privacy/random-source';
import { compareRationals, type Rational } from '../privacy/rational';
import { cohortCost, divideRational, planRelease, sumRationals, type CohortPlan } from './budget-plan';
import { releaseCohort } from './cohort-release';
import { cohortKey } from './published-levels';
import { publishedCohorts, type Release, type ReleaseInput, releaseOf } from './release';

export const groupEntryKey = (cohort: string, overallMetric: string) => (overallMetric === OVERALL ? cohort : `${cohort}#${overallMetric}`);

/** Per release group (overall metric): the plan of its cohorts, with the ε of each domain metric it releases. */
export function groupPlans(plan: CohortPlan, lineage: Lineage): Map<string, CohortPlan> {
  const perDomain = Object.values(plan.domains)[0]?.p50;
  const groupsOfKey = new Map<string, Set<string>>();
  for (const m of lineage.values()) for (const key of Object.values(m.domains)) groupsOfKey.set(key, (groupsOfKey.get(key) ?? new Set()).add(m.overall));
  const plans = new Map<string, CohortPlan>();
  for (const group of overallMetrics(lineage)) {
    const domains: CohortPlan['domains'] = {};
    if (perDomain) for (const [key, groups] of groupsOfKey) if (groups.has(group)) domains[key] = { p50: divideRational(perDomain, groups.size) };
    plans.set(group, { ...plan, domains });
  }
  return plans;
}

/** What an organisation on `metrics`' version pays per cohort: its group's count and overall figures, its domain metrics wherever released. */
export function versionCost(plans: ReadonlyMap<string, CohortPlan>, metrics: VersionMetrics): Rational {
  const own = plans.get(metrics.overall)!;
  const terms = [cohortCost({ ...own, domains: {} })];
  for (const p of plans.values()) for (const key of Object.values(metrics.domains)) if (p.domains[key]) terms.push(p.domains[key]!.p50);
  return sumRationals(terms);
}

export function computeVersionedRelease(source: RandomSource, input: ReleaseInput & { lineage: Lineage }): Release {
  const { settings, lineage } = input;
  const { plan, epsilonCohort, perOrganisation } = planRelease(settings.levels.length, input.domainIds, settings.epsilonTotal, settings.shares);
  const plans = groupPlans(plan, lineage);
  for (const metrics of lineage.values())
    if (compareRationals(versionCost(plans, metrics), cohortCost(plan)) > 0)
      throw new RangeError('a version would spend more than one cohort plan per organisation');
  const cohorts: Release['cohorts'] = {};
  for (const filter of publishedCohorts(settings.levels)) {
    const counts = input.countsOf(filter);
    for (const [group, groupPlan] of plans) {
      const view = groupView(counts, group, Object.keys(groupPlan.domains));
      cohorts[groupEntryKey(cohortKey(filter), group)] = releaseCohort(source, view, { plan: groupPlan, budget: epsilonCohort, minimum: settings.minimum });
    }
  }
  return releaseOf(input, { perOrganisation, epsilonCohort }, cohorts);
}

/** A group's counts: its overall metric as `overall` (and its count as n), each domain metric it releases under its own key. */
function groupView(counts: DenseCounts, group: string, domainKeys: readonly string[]): DenseCounts {
  const view = versionView(counts, { overall: group, domains: {}, pooled: {} });
  for (const key of domainKeys) {
    const h = counts.metrics.get(key);
    if (h) view.metrics.set(key, h);
  }
  return view;
}

/**
 * A cohort of a release as seen from one version: its group's entry, with each domain's
 * median under the plain domain id. A release made before versions were told apart
 * holds plain ids in the plain entry, which reads the same. Undefined without an entry.
 */
export function versionedCohort(release: Release, cohort: string, metrics: VersionMetrics): Release['cohorts'][string] | undefined {
  const entry = release.cohorts[groupEntryKey(cohort, metrics.overall)];
  if (!entry || entry.withheld) return entry;
  const domains: typeof entry.domains = {};
  for (const [domain, key] of Object.entries(metrics.domains)) if (entry.domains[key]) domains[domain] = entry.domains[key]!;
  return { ...entry, domains };
}
