/**
 * The four attacks of issue 14, each as one trial: set up the cohort through the API,
 * read what the platform releases, and estimate the victim's overall score from it. An
 * estimate of null means the platform withheld what the attack needed; the harness then
 * scores the attacker's blind guess (the prior's), which is what it is left with.
 */
import type { Answers } from '../../functions/core/questionnaire/answers';
import type { Questionnaire } from '../../functions/core/questionnaire/model';
import type { Industry } from '../../functions/core/taxonomy';
import { scoresOfFive } from './inversion';
import { extremeAnswers, realisticAnswers } from './population';
import type { Dimensions, Member, TrialPlatform } from './trial-platform';

export interface AttackContext {
  world: TrialPlatform;
  questionnaire: Questionnaire;
  random: () => number;
  /** The victims' answer generator (bench/privacy/population.ts). */
  victimAnswers: (questionnaire: Questionnaire, random: () => number) => Answers;
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

/**
 * Only published levels have figures (by default everyone and by industry), so each attack
 * builds its cohort at the industry level, and plants enough organisations to get past
 * the minimum cohort size. Each trial runs on a fresh table, so an industry holds only
 * the organisations the trial registers. Where the attacker knows exact counts (its own
 * plants), it uses them rather than the released, noisy ones.
 */
const INDUSTRY = 'technology' as const;
const COHORT: Dimensions = { industry: INDUSTRY, sizeBand: '250-999', region: 'europe' };
const PUBLISHED = { industry: INDUSTRY };

async function members(context: AttackContext, count: number, dimensions: Dimensions, prefix: string): Promise<Member[]> {
  const out: Member[] = [];
  for (let i = 0; i < count; i++)
    out.push(await context.world.member(`${prefix} ${i + 1}`, dimensions, realisticAnswers(context.questionnaire, context.random)));
  return out;
}

function victim(context: AttackContext, dimensions: Dimensions): Promise<Member> {
  return context.world.member('Victim', dimensions, context.victimAnswers(context.questionnaire, context.random));
}

const FAKES_PER_END = 10;

/** 1. A victim alone in a cohort; fakes join it, half at the bottom, half at the top: the median is then the victim's. */
export const fakeMembers: Attack = {
  id: 'fake-members',
  title: `Fake organisations around a lone victim (median of ${2 * FAKES_PER_END + 1})`,
  async run(context) {
    const { world, questionnaire } = context;
    const target = await victim(context, COHORT);
    const fakes: Member[] = [];
    for (const end of ['lowest', 'highest'] as const)
      for (let i = 0; i < FAKES_PER_END; i++) fakes.push(await world.member(`Fake ${fakes.length + 1}`, COHORT, extremeAnswers(questionnaire, end)));
    await world.settle();
    const seen = await world.position(fakes[0]!, PUBLISHED);
    return { truth: target.overall, estimate: seen.suppressed ? null : seen.overall.p50.value };
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
    const target = await victim(context, COHORT);
    const planted = await members(context, 4, COHORT, 'Planted');
    const analyst = await world.analyst();
    await world.settle();
    const seen = await world.cohort(analyst, PUBLISHED);
    if (seen.suppressed) return { truth: target.overall, estimate: null };
    const o = seen.overall;
    const values = scoresOfFive({ p10: o.p10.value, p25: o.p25.value, p50: o.p50.value, p75: o.p75.value, p90: o.p90.value });
    for (const known of planted.map((m) => m.overall)) {
      const nearest = values.reduce((best, v, i) => (Math.abs(v - known) < Math.abs(values[best]! - known) ? i : best), 0);
      values.splice(nearest, 1);
    }
    return { truth: target.overall, estimate: Math.round(values[0]! * 100) / 100 };
  },
};

const PLANTED = 19;

/** 5. A victim among planted organisations whose scores the attacker knows: (n · mean) − the planted sum. */
export const plantedMean: Attack = {
  id: 'planted-mean',
  title: `Mean of a cohort of ${PLANTED + 1} minus ${PLANTED} planted scores`,
  async run(context) {
    const { world } = context;
    const target = await victim(context, COHORT);
    const planted = await members(context, PLANTED, COHORT, 'Planted');
    const analyst = await world.analyst();
    await world.settle();
    const seen = await world.cohort(analyst, PUBLISHED);
    if (seen.suppressed) return { truth: target.overall, estimate: null };
    const known = planted.reduce((sum, m) => sum + m.overall, 0);
    return { truth: target.overall, estimate: (PLANTED + 1) * seen.overall.mean.value - known };
  },
};

const STAYING = 20;

/** 3. An analyst reads a cohort, the victim opts out, the analyst reads the next release: n·mean before minus after. */
export const optOutDifference: Attack = {
  id: 'opt-out-difference',
  title: `Differencing a cohort across an opt-out (${STAYING + 1} then ${STAYING}, two releases)`,
  async run(context) {
    const { world } = context;
    const target = await victim(context, COHORT);
    await members(context, STAYING, COHORT, 'Member');
    const analyst = await world.analyst();
    await world.settle();
    const before = await world.cohort(analyst, PUBLISHED);
    await world.optOut(target);
    await world.settle();
    world.nextRelease();
    const after = await world.cohort(analyst, PUBLISHED);
    if (before.suppressed || after.suppressed) return { truth: target.overall, estimate: null };
    return { truth: target.overall, estimate: (STAYING + 1) * before.overall.mean.value - STAYING * after.overall.mean.value };
  },
};

const PER_INDUSTRY = 10;

/**
 * 4. Everyone, the victim alone in a fourth industry and three industries of ten: the
 * total of everyone minus the three industries' totals is the victim.
 */
export const twoDimensionDifference: Attack = {
  id: 'two-dimension-difference',
  title: `Everyone minus three industry cohorts (${3 * PER_INDUSTRY + 1} − 3 × ${PER_INDUSTRY})`,
  async run(context) {
    const { world } = context;
    const industries: Industry[] = ['technology', 'healthcare', 'energy'];
    const target = await victim(context, { industry: 'retail', sizeBand: '5000+', region: 'europe' });
    for (const industry of industries) await members(context, PER_INDUSTRY, { industry, sizeBand: '250-999', region: 'europe' }, industry);
    const analyst = await world.analyst();
    await world.settle();
    const whole = await world.cohort(analyst, {});
    const parts = await Promise.all(industries.map((industry) => world.cohort(analyst, { industry })));
    if (whole.suppressed || parts.some((p) => p.suppressed)) return { truth: target.overall, estimate: null };
    const rest = parts.reduce((sum, p) => sum + (p.suppressed ? 0 : PER_INDUSTRY * p.overall.mean.value), 0);
    return { truth: target.overall, estimate: (3 * PER_INDUSTRY + 1) * whole.overall.mean.value - rest };
  },
};

export const ATTACKS: Attack[] = [fakeMembers, percentileInversion, optOutDifference, twoDimensionDifference, plantedMean];
