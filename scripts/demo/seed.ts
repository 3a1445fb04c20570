/**
 * Demo data, honestly labelled: synthetic organisations (profile `synthetic: true`,
 * names ending in "(synthetic)") spread over industries, sizes and regions, each
 * submitting once or twice over the last four quarters on the latest published
 * questionnaire version, through the real assessment service (create, save answers,
 * submit), with a clock set back to the submission time. Their submissions fold into
 * synthetic cells only: analysts see them with `population=synthetic`, labelled
 * `synthetic: true`. The seeding verifies each organisation through the verification
 * service, as the admin "demo seeder" (platform trail), since only verified
 * organisations count in benchmarks. Answers: scripts/demo/answers.ts.
 */
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import { createServices } from '../../functions/composition';
import type { Config } from '../../functions/config';
import { foldScored, scoredOf } from '../../functions/services/aggregation';
import { auditEvent } from '../../functions/services/audit';
import type { Principal } from '../../functions/core/access/principal';
import type { Organisation } from '../../functions/services/entities';
import { Industry, Region, SizeBand } from '../../functions/core/taxonomy';
import { demoAnswers, seededRandom } from '../../functions/core/benchmark/reference/answers';
import { standardNormal } from '../../functions/core/benchmark/reference/normal';
import { demoQuestionnaire } from './questionnaire';

/** Who verifies the demo organisations: an admin identity of the seeding itself, named on the platform trail. */
const DEMO_SEEDER: Principal = { tokenId: 'demo-seeder', label: 'demo seeder', role: 'admin', actorType: 'agent', organisationId: null };

export interface SeedOptions {
  organisations?: number;
  seed?: number;
  /** Time the demo is seeded at; submissions spread over its quarter and the three before. */
  now?: Date;
  concurrency?: number;
  progress?: (done: number, total: number) => void;
}

/** A time in the quarter `back` quarters before the current one (never after `now`). */
function timeInRecentQuarter(now: Date, back: number, random: () => number): Date {
  const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - back;
  const start = Date.UTC(Math.floor(index / 4), (index % 4) * 3, 1);
  const end = Math.min(Date.UTC(Math.floor((index + 1) / 4), ((index + 1) % 4) * 3, 1), now.getTime());
  return new Date(start + Math.floor(random() * (end - start)));
}
const pick = <T>(list: readonly T[], random: () => number) => list[Math.floor(random() * list.length)]!;

export async function seedDemo(config: Config, options: SeedOptions = {}) {
  const total = options.organisations ?? 300;
  const random = seededRandom(options.seed ?? 2026);
  const now = options.now ?? new Date();
  const catalogue = loadCatalogue();
  const questionnaire = demoQuestionnaire(catalogue);
  // Plans first (deterministic for a seed), then workers each with their own clock.
  const plans = Array.from({ length: total }, (_, i) => {
    const submissions = random() < 0.3 ? 2 : 1;
    const times = Array.from({ length: submissions }, () => timeInRecentQuarter(now, Math.floor(random() * 4), random)).sort(
      (a, b) => a.getTime() - b.getTime(),
    );
    const industry = pick(Industry.options, random);
    const sizeBand = pick(SizeBand.options, random);
    const region = pick(Region.options, random);
    // One latent maturity per organisation: a second submission re-assesses the same organisation.
    const maturity = standardNormal(random);
    return {
      name: `Demo organisation ${i + 1} (synthetic)`,
      industry,
      sizeBand,
      region,
      answers: times.map(() => demoAnswers(questionnaire, random, { maturity })),
      times,
    };
  });
  let done = 0;
  let next = 0;
  let submitted = 0;
  const worker = async () => {
    let clockTime = now;
    const services = createServices(config, catalogue, { clock: { now: () => clockTime } });
    try {
      const folded: ReturnType<typeof scoredOf>[] = [];
      while (next < plans.length) {
        const plan = plans[next++]!;
        clockTime = new Date(plan.times[0]!.getTime() - 86_400_000);
        const organisation: Organisation = {
          id: services.ids.id(),
          name: plan.name,
          industry: plan.industry,
          sizeBand: plan.sizeBand,
          region: plan.region,
          createdAt: clockTime.toISOString(),
          contributesToBenchmarks: true,
          synthetic: true,
          verification: 'unverified',
        };
        const { record, secret } = services.tokens.newToken({
          organisationId: organisation.id,
          role: 'owner',
          actorType: 'agent',
          label: 'demo seeder',
          createdBy: null,
          exception: 'the demo seeder writes the synthetic organisation it registers, then is not used again',
        });
        const actor = { tokenId: record.id, label: record.label, role: record.role, actorType: record.actorType };
        await services.stores.organisations.create(
          organisation,
          { token: record },
          auditEvent(services, {
            organisationId: organisation.id,
            actor,
            operation: 'organisation.register',
            target: { type: 'organisation', id: organisation.id },
            after: organisation,
          }),
        );
        await services.verification.decide(DEMO_SEEDER, organisation.id, { decision: 'verified' });
        const principal = await services.tokens.authenticate(secret);
        for (let s = 0; s < plan.times.length; s++) {
          clockTime = plan.times[s]!;
          const draft = await services.assessments.create(principal, { questionnaireId: questionnaire.id, version: questionnaire.version });
          await services.assessments.saveAnswers(principal, draft.id, { revision: 0, answers: plan.answers[s]! });
          const body = await services.assessments.submit(principal, draft.id);
          folded.push(
            scoredOf({
              assessmentId: body.id,
              organisationId: organisation.id,
              questionnaireId: body.questionnaireId,
              version: body.version,
              industry: organisation.industry,
              sizeBand: organisation.sizeBand,
              region: organisation.region,
              synthetic: true,
              contributesToBenchmarks: true,
              submittedAt: body.submittedAt!,
              scores: body.scores!,
            }),
          );
          submitted += 1;
        }
        done += 1;
        options.progress?.(done, total);
      }
      // The stream folds these too when a platform runs; folding is idempotent either way.
      await foldScored(services.stores.benchmarks, folded);
    } finally {
      services.client.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return { organisations: total, submissions: submitted };
}
