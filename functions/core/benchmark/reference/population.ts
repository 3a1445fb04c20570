/**
 * The reference population (docs/benchmarks.md, "Reference population"): a fixed number of
 * synthetic organisations generated in process, from a fixed seed, with the calibrated
 * generator of ./answers.ts, spread evenly at random over industries, size bands and
 * regions, and scored with the questionnaire version's own scoring. It needs no stored
 * data, so it exists on a fresh installation, locally and in AWS, and it is the same
 * everywhere for a version. Its cohorts are exact: nothing about a real organisation is in it.
 */
import type { Questionnaire } from '../../questionnaire/model';
import { scoreAssessment } from '../../scoring/score';
import { Industry, Region, SizeBand } from '../../taxonomy';
import { OVERALL } from '../contributions';
import { denseMetric, emptyDenseCounts, type DenseCounts } from '../dense-histogram';
import { binOf } from '../histogram';
import { demoAnswers, seededRandom } from './answers';

/** How many organisations the reference population holds, and the seed they are drawn from. */
export const REFERENCE_ORGANISATIONS = 2000;
export const REFERENCE_SEED = 20_261_204;

export interface ReferenceOrganisation {
  industry: string;
  sizeBand: string;
  region: string;
  /** Score bins (hundredths) of the overall score and of each counted domain. */
  bins: Record<string, number>;
}

export interface ReferenceFilter {
  industry?: string;
  sizeBand?: string;
  region?: string;
}

const pick = <T>(list: readonly T[], random: () => number) => list[Math.floor(random() * list.length)]!;

/** The reference organisations of a questionnaire version (the same list for the same version, seed and size). */
export function referenceOrganisations(questionnaire: Questionnaire, options: { organisations?: number; seed?: number } = {}): ReferenceOrganisation[] {
  const random = seededRandom(options.seed ?? REFERENCE_SEED);
  return Array.from({ length: options.organisations ?? REFERENCE_ORGANISATIONS }, () => {
    const industry = pick(Industry.options, random);
    const sizeBand = pick(SizeBand.options, random);
    const region = pick(Region.options, random);
    const scores = scoreAssessment(questionnaire, demoAnswers(questionnaire, random));
    const bins: Record<string, number> = { [OVERALL]: binOf(scores.overall.score) };
    for (const [id, d] of Object.entries(scores.domains)) if (d.counted > 0) bins[id] = binOf(d.score);
    return { industry, sizeBand, region, bins };
  });
}

/** A cohort of the reference population as exact counts (plain metric keys: one version, nothing pooled). */
export function referenceCounts(organisations: readonly ReferenceOrganisation[], filter: ReferenceFilter): DenseCounts {
  const counts = emptyDenseCounts();
  for (const o of organisations) {
    if (
      (filter.industry && o.industry !== filter.industry) ||
      (filter.sizeBand && o.sizeBand !== filter.sizeBand) ||
      (filter.region && o.region !== filter.region)
    )
      continue;
    counts.n += 1;
    for (const [metric, bin] of Object.entries(o.bins)) {
      const d = denseMetric(counts, metric); // count, sum of bins, then the 501 bins (dense-histogram.ts)
      d[0]! += 1;
      d[1]! += bin;
      d[2 + bin]! += 1;
    }
  }
  return counts;
}

/**
 * Reference populations generated on first use and kept in memory, one per questionnaire
 * version (the service holds one instance; generating takes a fraction of a second).
 */
export class ReferencePopulations {
  private readonly cache = new Map<string, ReferenceOrganisation[]>();

  constructor(private readonly options: { organisations?: number; seed?: number } = {}) {}

  of(questionnaire: Questionnaire): ReferenceOrganisation[] {
    const key = `${questionnaire.id}@${questionnaire.version}`;
    let organisations = this.cache.get(key);
    if (!organisations) {
      organisations = referenceOrganisations(questionnaire, this.options);
      this.cache.set(key, organisations);
    }
    return organisations;
  }

  counts(questionnaire: Questionnaire, filter: ReferenceFilter): DenseCounts {
    return referenceCounts(this.of(questionnaire), filter);
  }
}
