/**
 * `npm run bench:privacy [-- --trials 50 --only fake-members --victims spread|demo]`: the attack harness of
 * issue 14. Scripts the four attacks of the issue, and a fifth with planted members, on the peer benchmarks (bench/privacy/attacks.ts)
 * against a real AIM server with default settings, each trial on a fresh table of one
 * in-memory DynamoDB Local, and measures how well each estimates its victim's overall
 * score (bench/privacy/error-figures.ts). Prints the figures, writes its section of
 * bench/RESULTS.md (`privacy` for victims spread over the scale, `privacy-demo-victims`
 * for demo-like ones), and exits 1 when an attack beats the bars.
 */
import '../functions/local/quiet-warnings';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadCatalogue } from '../functions/adapters/catalogue/bundled-catalogue';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { seededRandom } from '../functions/core/benchmark/reference/answers';
import { ATTACKS, type Outcome } from './privacy/attacks';
import { BIN_MARGIN, figuresOf, MIN_MEDIAN_ERROR, type AttackFigures } from './privacy/error-figures';
import { priorOf, VICTIMS, type VictimPopulation } from './privacy/population';
import { TrialPlatform } from './privacy/trial-platform';
import { writeResultsSection } from './results-section';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '50' },
    only: { type: 'string' },
    victims: { type: 'string', default: 'spread' },
    'no-write': { type: 'boolean', default: false },
  },
});
const trials = Number(args.trials);
const QUESTIONNAIRE_ID = 'agent-identity';
const TRIALS_PER_DATABASE = 10;

const fixed = (n: number, digits = 2) => n.toFixed(digits);

async function main() {
  const catalogue = loadCatalogue();
  const version = catalogue.list().find((q) => q.id === QUESTIONNAIRE_ID)!.latest;
  const questionnaire = catalogue.get(QUESTIONNAIRE_ID, version);
  const victims = args.victims as VictimPopulation;
  if (!(victims in VICTIMS)) throw new Error(`--victims is one of ${Object.keys(VICTIMS).join(', ')}`);
  const prior = priorOf(questionnaire, victims);
  const attacks = ATTACKS.filter((a) => !args.only || a.id === args.only);
  if (!attacks.length) throw new Error(`no attack "${args.only}"; attacks: ${ATTACKS.map((a) => a.id).join(', ')}`);

  // DynamoDB Local slows down as trials come and go (even with their tables dropped), so
  // a fresh one every TRIALS_PER_DATABASE trials keeps the last trial as quick as the first.
  let db = await startDynamoDbLocal({});
  let trialsOnDb = 0;
  const results: { title: string; figures: AttackFigures }[] = [];
  const started = performance.now();
  try {
    for (const attack of attacks) {
      const outcomes: Outcome[] = [];
      for (let trial = 0; trial < trials; trial++) {
        if (trialsOnDb++ === TRIALS_PER_DATABASE) {
          await db.stop();
          db = await startDynamoDbLocal({});
          trialsOnDb = 1;
        }
        const world = await TrialPlatform.start(db.endpoint, { id: QUESTIONNAIRE_ID, version }, `${attack.id}-${trial}-${randomUUID().slice(0, 8)}`);
        try {
          outcomes.push(
            await attack.run({
              world,
              questionnaire,
              random: seededRandom(1_000 * (ATTACKS.indexOf(attack) + 1) + trial),
              victimAnswers: VICTIMS[victims].answers,
            }),
          );
        } finally {
          await world.stop();
        }
        process.stdout.write(`\r${attack.id}: ${trial + 1}/${trials}`);
      }
      process.stdout.write('\n');
      results.push({ title: attack.title, figures: figuresOf(outcomes, prior) });
    }
  } finally {
    await db.stop();
  }
  const minutes = (performance.now() - started) / 60_000;

  const rows = results.map(
    ({ title, figures: f }) =>
      `| ${title} | ${f.trials} | ${f.withheld} | ${fixed(f.medianAbsoluteError)} | ${fixed(prior.medianError)} | ${fixed(f.binHitRate)} | ${fixed(f.blindBinHitRate)} | ${f.passes ? 'yes' : '**no**'} |`,
  );
  const name = victims === 'spread' ? 'privacy' : 'privacy-demo-victims';
  const section = [
    `<!-- bench:${name}:start -->`,
    victims === 'spread'
      ? '## Attacks on the peer benchmarks (`npm run bench:privacy`)'
      : '### The same attacks on demo-like victims (`npm run bench:privacy -- --victims demo`)',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; questionnaire ${QUESTIONNAIRE_ID} ${version}, ${trials} trials per attack, each on a fresh table (${fixed(minutes, 1)} min in all).`,
    'Default settings: releases once a day at ε = 4 per organisation, published levels everyone and industry, minimum cohort 10; attacks build their cohorts at the industry level (only published levels have figures), and an attack that needs two releases waits a day.',
    `${VICTIMS[victims].describe}; without any released figure the best guesses are the median victim score (${fixed(prior.median)}, off by ${fixed(prior.medianError)} in the median) and the most likely half-level bin (right ${fixed(prior.modeBinRate)} of the time); 20,000 draws.`,
    `An attack is held when its median absolute error is at least ${MIN_MEDIAN_ERROR} and its bin hits stay within the blind guess's rate + ${BIN_MARGIN}.`,
    '',
    "| attack | trials | withheld | median abs. error | blind guess's error | in the victim's half-level bin | blind guess's bin | held |",
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    `<!-- bench:${name}:end -->`,
  ].join('\n');
  console.log(`\n${section}\n`);
  if (!args['no-write'] && !args.only) {
    writeResultsSection(name, section);
  }
  if (!results.every((r) => r.figures.passes)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
