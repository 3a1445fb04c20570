/**
 * The reference population: generated in process from a fixed seed, so the same for a
 * version everywhere; calibrated like the demo data; spread over every profile; and its
 * cohorts exact (equal to a plain computation over the same organisations).
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../adapters/catalogue/bundled-catalogue';
import { Industry, Region, SizeBand } from '../../taxonomy';
import { OVERALL } from '../contributions';
import { countOfDense, percentilesOfDense } from '../dense-histogram';
import { LOW_SHARE } from './calibration';
import { REFERENCE_ORGANISATIONS, ReferencePopulations, referenceCounts, referenceOrganisations } from './population';

const catalogue = loadCatalogue();
const latest = catalogue.list().find((s) => s.id === 'agent-identity')!.latest;
const questionnaire = catalogue.getPublished('agent-identity', latest);
const population = referenceOrganisations(questionnaire);

describe('the reference population', () => {
  it('holds a fixed number of organisations, the same ones for the same version', () => {
    expect(population).toHaveLength(REFERENCE_ORGANISATIONS);
    expect(referenceOrganisations(questionnaire)).toEqual(population);
    expect(referenceOrganisations(questionnaire, { seed: 1 })).not.toEqual(population);
  });

  it('meets the calibrated low share of each domain within tolerance', () => {
    for (const domain of questionnaire.domains) {
      const target = LOW_SHARE[domain.id];
      if (!target) continue;
      const scored = population.filter((o) => o.bins[domain.id] !== undefined);
      const low = scored.filter((o) => o.bins[domain.id]! < 250).length / scored.length;
      expect(Math.abs(low - target.share), domain.id).toBeLessThan(0.05);
    }
  });

  it('spreads organisations over every industry, size band and region', () => {
    for (const [field, values] of [
      ['industry', Industry.options],
      ['sizeBand', SizeBand.options],
      ['region', Region.options],
    ] as const) {
      const expected = REFERENCE_ORGANISATIONS / values.length;
      for (const v of values) {
        const count = population.filter((o) => o[field] === v).length;
        expect(Math.abs(count - expected), `${field}=${v}`).toBeLessThan(expected * 0.25);
      }
    }
  });

  it('gives exact cohort counts for a filter, equal to a plain computation', () => {
    const industry = Industry.options[0];
    const members = population.filter((o) => o.industry === industry);
    const counts = referenceCounts(population, { industry });
    expect(counts.n).toBe(members.length);
    const overall = counts.metrics.get(OVERALL)!;
    expect(countOfDense(overall)).toBe(members.length);
    const sorted = members.map((o) => o.bins[OVERALL]! / 100).sort((a, b) => a - b);
    const h = (sorted.length - 1) / 2;
    const median = sorted[Math.floor(h)]! + (h - Math.floor(h)) * (sorted[Math.ceil(h)]! - sorted[Math.floor(h)]!);
    expect(percentilesOfDense(overall, [50])[0]).toBeCloseTo(median, 9);
    expect(referenceCounts(population, {}).n).toBe(REFERENCE_ORGANISATIONS);
  });

  it('is generated once per questionnaire version and kept', () => {
    const cache = new ReferencePopulations();
    const first = cache.of(questionnaire);
    expect(cache.of(questionnaire)).toBe(first);
    const older = catalogue.all().find((q) => q.id === 'agent-identity' && q.version !== latest)!;
    expect(cache.of(older)).not.toBe(first);
  });
});
