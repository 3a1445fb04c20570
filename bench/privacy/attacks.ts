/**
 * The four attacks of issue 14, each as one trial: set up the cohort through the API,
 * read what the platform releases, and estimate the victim's overall score from it. An
 * estimate of null means the platform withheld what the attack needed; the harness then
 * scores the attacker's blind guess (the prior's), which is what it is left with.
 */
import type { Questionnaire } from '../../functions/core/questionnaire/model';
import type { Industry, SizeBand } from '../../functions/core/taxonomy';
import { scoresOfFive } from './inversion';
import { extremeAnswers, realisticAnswers } from './population';
import type { Dimensions, Member, TrialPlatform } from './trial-platform';

export interface AttackContext {
  world: TrialPlatform;
  questionnaire: Questionnaire;
  random: () => number;
}

export interface Outcome {
  truth: number;
  estimate: number | null;
}

export interface Attack {
  id: string;
  title: string;
  run(context: AttackContext): Promise<Outcome>;
}

const COHORT: Dimensions = { industry: 'technology', sizeBand: '250-999', region: 'europe' };

async function members(context: AttackContext, count: number, dimensions: Dimensions, prefix: string): Promise<Member[]> {
  const out: Member[] = [];
  for (let i = 0; i < count; i++) out.push(await context.world.member(`${prefix} ${i + 1}`, dimensions, realisticAnswers(context.questionnaire, context.random)));
  return out;
}

/** 1. A victim alone in a cohort; four fakes join it (two at the bottom, two at the top); the median is then the victim's. */
export const fakeMembers: Attack = {
  id: 'fake-members',
  title: 'Fake organisations around a lone victim (median of five)',
  async run(context) {
    const { world, questionnaire } = context;
    const [victim] = await members(context, 1, COHORT, 'Victim');
    const fakes: Member[] = [];
    for (const end of ['lowest', 'lowest', 'highest', 'highest'] as const) fakes.push(await world.member(`Fake ${fakes.length + 1}`, COHORT, extremeAnswers(questionnaire, end)));
    await world.settle();
    const seen = await world.position(fakes[0]!, COHORT);
    return { truth: victim!.overall, estimate: seen.suppressed ? null : seen.overall.p50 };
  },
};

/**
 * 2. A cohort of five, four of them the attacker's with known scores: R-7 percentiles of
 * five values give the sorted values back (p25, p50, p75 are values; p10 and p90 mix the
 * two smallest and the two largest), and the one the attacker did not plant is the victim's.
 */
export const percentileInversion: Attack = {
  id: 'percentile-inversion',
  title: 'Inverting p10…p90 of a cohort of five',
  async run(context) {
    const { world } = context;
    const [victim] = await members(context, 1, COHORT, 'Victim');
    const planted = await members(context, 4, COHORT, 'Planted');
    const analyst = await world.analyst();
    await world.settle();
    const seen = await world.cohort(analyst, COHORT);
    if (seen.suppressed || seen.n !== 5) return { truth: victim!.overall, estimate: null };
    const values = scoresOfFive(seen.overall);
    for (const known of planted.map((m) => m.overall)) {
      const nearest = values.reduce((best, v, i) => (Math.abs(v - known) < Math.abs(values[best]! - known) ? i : best), 0);
      values.splice(nearest, 1);
    }
    return { truth: victim!.overall, estimate: Math.round(values[0]! * 100) / 100 };
  },
};

/** 3. An analyst reads a cohort of eleven, the victim opts out, the analyst reads it again: n·mean before minus after. */
export const optOutDifference: Attack = {
  id: 'opt-out-difference',
  title: 'Differencing a cohort across an opt-out (11 then 10)',
  async run(context) {
    const { world } = context;
    const [victim] = await members(context, 1, COHORT, 'Victim');
    await members(context, 10, COHORT, 'Member');
    const analyst = await world.analyst();
    await world.settle();
    const before = await world.cohort(analyst, COHORT);
    await world.optOut(victim!);
    await world.settle();
    const after = await world.cohort(analyst, COHORT);
    if (before.suppressed || after.suppressed) return { truth: victim!.overall, estimate: null };
    return { truth: victim!.overall, estimate: before.n * before.overall.mean - after.n * after.overall.mean };
  },
};

/**
 * 4. One region of sixteen: fifteen in three industry-and-size cohorts of five, the
 * victim alone in a fourth. The region's total minus the three cohorts' totals is the victim.
 */
export const twoDimensionDifference: Attack = {
  id: 'two-dimension-difference',
  title: 'Region cohort minus three industry-and-size cohorts (16 − 3 × 5)',
  async run(context) {
    const { world } = context;
    const region = 'europe' as const;
    const pairs: [Industry, SizeBand][] = [
      ['technology', '50-249'],
      ['healthcare', '250-999'],
      ['energy', '1000-4999'],
    ];
    const [victim] = await members(context, 1, { industry: 'retail', sizeBand: '5000+', region }, 'Victim');
    for (const [industry, sizeBand] of pairs) await members(context, 5, { industry, sizeBand, region }, `${industry} ${sizeBand}`);
    const analyst = await world.analyst();
    await world.settle();
    const whole = await world.cohort(analyst, { region });
    const parts = await Promise.all(pairs.map(([industry, sizeBand]) => world.cohort(analyst, { industry, sizeBand })));
    if (whole.suppressed || parts.some((p) => p.suppressed)) return { truth: victim!.overall, estimate: null };
    const rest = parts.reduce((sum, p) => sum + (p.suppressed ? 0 : p.n * p.overall.mean), 0);
    return { truth: victim!.overall, estimate: whole.n * whole.overall.mean - rest };
  },
};

export const ATTACKS: Attack[] = [fakeMembers, percentileInversion, optOutDifference, twoDimensionDifference];
