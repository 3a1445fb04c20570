import { describe, expect, it } from 'vitest';
import { questionnaireDocuments } from '../../../questionnaires';
import { denseOf } from '../benchmark/dense-histogram';
import { domainLineage } from '../benchmark/domain-lineage';
import { histogramOf } from '../benchmark/histogram';
import { QuestionnaireSchema } from '../questionnaire/model';
import { ratio, rationalToNumber } from '../privacy/rational';
import { seededRandom } from '../privacy/testing/seeded-random';
import { cohortCost, planRelease } from './budget-plan';
import { computeRelease, DEFAULT_RELEASE_SETTINGS } from './release';
import { groupPlans, computeVersionedRelease, versionCost, versionedCohort } from './versioned-release';

const real = questionnaireDocuments.map((d) => QuestionnaireSchema.parse(d.content)).filter((q) => ['1.0.0', '1.1.0'].includes(q.version));
const lineage = domainLineage(real);
const domainIds = [...new Set(real.flatMap((q) => q.domains.map((d) => d.id)))].sort();
const settings = { ...DEFAULT_RELEASE_SETTINGS, levels: [[]], epsilonTotal: ratio(16), minimum: 5 };

/** 400 organisations on 1.0.0 scoring 1, 400 on 1.1.0 scoring 4, keyed as folding keys them. */
function cell() {
  const metrics = new Map<string, Float64Array>();
  const add = (key: string, scores: number[]) => {
    const h = denseOf(histogramOf(scores));
    const into = metrics.get(key);
    metrics.set(key, into ? into.map((v, i) => v + h[i]!) : h);
  };
  const low = Array.from({ length: 400 }, () => 1);
  const high = Array.from({ length: 400 }, () => 4);
  for (const [version, scores] of [
    ['1.0.0', low],
    ['1.1.0', high],
  ] as const) {
    const m = lineage.get(version)!;
    add(m.overall, scores);
    for (const key of Object.values(m.domains)) add(key, scores);
  }
  return { n: 800, metrics };
}

describe('computeVersionedRelease', () => {
  it('costs no organisation more than the plain plan, whichever version it is on', () => {
    const { plan } = planRelease(1, domainIds, ratio(16));
    const plans = groupPlans(plan, lineage);
    expect([...plans.keys()]).toEqual(['overall', 'overall@1.1.0']);
    // Pooled domains are released in both groups, at half the per-domain ε each.
    expect(rationalToNumber(plans.get('overall')!.domains['access-scoping']!.p50)).toBeCloseTo(rationalToNumber(plan.domains['access-scoping']!.p50) / 2, 12);
    expect(plans.get('overall')!.domains['human-oversight']!.p50).toEqual(plan.domains['human-oversight']!.p50);
    expect(plans.get('overall@1.1.0')!.domains).not.toHaveProperty('human-oversight');
    for (const m of lineage.values()) expect(versionCost(plans, m)).toEqual(cohortCost(plan));
  });

  it('releases each group over its own organisations, and pooled domains over both versions', () => {
    const release = computeVersionedRelease(seededRandom(7), {
      questionnaireId: 'agent-identity',
      date: '2026-12-01',
      createdAt: '2026-12-01T00:00:00.000Z',
      domainIds,
      settings,
      countsOf: () => cell(),
      lineage,
    });
    expect(Object.keys(release.cohorts).sort()).toEqual(['everyone', 'everyone#overall@1.1.0']);
    // The same ε per organisation as a release that pooled everything.
    const plain = computeRelease(seededRandom(7), {
      questionnaireId: 'agent-identity',
      date: '2026-12-01',
      createdAt: '',
      domainIds,
      settings,
      countsOf: () => cell(),
    });
    expect(release.epsilonPerOrganisation).toBe(plain.epsilonPerOrganisation);
    const v10 = versionedCohort(release, 'everyone', lineage.get('1.0.0')!);
    const v11 = versionedCohort(release, 'everyone', lineage.get('1.1.0')!);
    if (!v10 || v10.withheld || !v11 || v11.withheld) throw new Error('both groups hold 400 organisations');
    // About 400 each (count noise at ε = 16 is small), not 800.
    expect(Math.abs(v10.n.value - 400)).toBeLessThan(30);
    expect(Math.abs(v11.n.value - 400)).toBeLessThan(30);
    expect(v10.overall.p50.value).toBeLessThan(2);
    expect(v11.overall.p50.value).toBeGreaterThan(3);
    expect(Object.keys(v10.domains).sort()).toEqual(domainIds);
    expect(Object.keys(v11.domains).sort()).toEqual(domainIds);
    // Human oversight changed meaning: each version sees its own organisations' median.
    expect(v10.domains['human-oversight']!.p50.value).toBeLessThan(2);
    expect(v11.domains['human-oversight']!.p50.value).toBeGreaterThan(3);
  });
});
