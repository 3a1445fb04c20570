/**
 * `npm run bench:privacy-utility [-- --releases 400]`: what differential privacy costs
 * in accuracy (issue 14's utility bar: for cohorts of at least 50 organisations, the
 * released median within ±0.1 of the true median in at least 95% of releases). For
 * cohorts of 10, 20, 50, 200 and 1,000 organisations whose overall scores follow the demo
 * data (scripts/demo/answers.ts, scored by the real scoring), it releases each cohort many
 * times through functions/core/release/ with the cryptographic random source, at the
 * default budget (ε = 4 per organisation per release) over 2 and over 4 published levels,
 * and measures how often the median lands within ±0.1, how often a cohort is withheld,
 * and how wide the 90% intervals of the median and the mean are, and how often they hold
 * the exact figure. Prints a Markdown block and writes its section of bench/RESULTS.md.
 */
import '../functions/local/quiet-warnings';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadCatalogue } from '../functions/adapters/catalogue/bundled-catalogue';
import { cryptoRandomSource } from '../functions/adapters/random/crypto-random';
import { OVERALL } from '../functions/core/benchmark/contributions';
import { emptyDense, meanOfDense, percentilesOfDense, type DenseCounts } from '../functions/core/benchmark/dense-histogram';
import { cohortEpsilon, DEFAULT_EPSILON_TOTAL, formatEpsilon, planCohort } from '../functions/core/release/budget-plan';
import { releaseCohort } from '../functions/core/release/cohort-release';
import { scoreAssessment } from '../functions/core/scoring/score';
import { demoAnswers, seededRandom } from '../scripts/demo/answers';
import { writeResultsSection } from './results-section';

const { values: args } = parseArgs({ options: { releases: { type: 'string', default: '400' }, 'no-write': { type: 'boolean', default: false } } });
const RELEASES = Number(args.releases);
const SIZES = [10, 20, 50, 200, 1000];
const LEVELS = [2, 4];

/** A cohort's exact counts, overall only (the figures measured here). */
function countsOf(hundredths: readonly number[]): DenseCounts {
  const d = emptyDense();
  d[0] = hundredths.length;
  for (const h of hundredths) {
    d[1]! += h;
    d[2 + h]! += 1;
  }
  return { n: hundredths.length, metrics: new Map([[OVERALL, d]]) };
}

interface Row {
  size: number;
  levels: number;
  epsilonMedian: string;
  withinTenth: number;
  withheld: number;
  medianWidth: number;
  medianCoverage: number;
  meanWidth: number;
  meanCoverage: number;
}

function measure(pool: readonly number[], size: number, levels: number, random: () => number): Row {
  const source = cryptoRandomSource();
  const budget = cohortEpsilon(DEFAULT_EPSILON_TOTAL, levels);
  const plan = planCohort(budget, []);
  let within = 0;
  let withheld = 0;
  let medianWidth = 0;
  let medianCovered = 0;
  let meanWidth = 0;
  let meanCovered = 0;
  for (let r = 0; r < RELEASES; r++) {
    const counts = countsOf(Array.from({ length: size }, () => pool[Math.floor(random() * pool.length)]!));
    const overall = counts.metrics.get(OVERALL)!;
    const [median] = percentilesOfDense(overall, [50]) as [number];
    const mean = meanOfDense(overall);
    const released = releaseCohort(source, counts, { plan, budget });
    if (released.withheld) {
      withheld += 1;
      continue;
    }
    const { p50, mean: m } = released.overall;
    if (Math.abs(p50.value - median) <= 0.1 + 1e-9) within += 1;
    medianWidth += p50.high - p50.low;
    meanWidth += m.high - m.low;
    if (p50.low <= median + 1e-9 && median <= p50.high + 1e-9) medianCovered += 1;
    if (m.low <= mean + 1e-9 && mean <= m.high + 1e-9) meanCovered += 1;
  }
  const shown = Math.max(1, RELEASES - withheld);
  return {
    size,
    levels,
    epsilonMedian: formatEpsilon(plan.overall.p50),
    withinTenth: within / RELEASES,
    withheld: withheld / RELEASES,
    medianWidth: medianWidth / shown,
    medianCoverage: medianCovered / shown,
    meanWidth: meanWidth / shown,
    meanCoverage: meanCovered / shown,
  };
}

function main() {
  const catalogue = loadCatalogue();
  const version = catalogue.list().find((q) => q.id === 'agent-identity')!.latest;
  const questionnaire = catalogue.get('agent-identity', version);
  const random = seededRandom(2026);
  const pool = Array.from({ length: 20_000 }, () => Math.round(scoreAssessment(questionnaire, demoAnswers(questionnaire, random)).overall.score * 100));
  const started = performance.now();
  const rows: Row[] = [];
  for (const levels of LEVELS) for (const size of SIZES) rows.push(measure(pool, size, levels, random));
  const seconds = (performance.now() - started) / 1000;

  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const section = [
    '<!-- bench:privacy-utility:start -->',
    '## Accuracy under differential privacy (`npm run bench:privacy-utility`)',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; ${RELEASES} releases per row (${seconds.toFixed(0)} s), cohorts drawn from the demo data's overall scores (agent-identity ${version}), ε = ${formatEpsilon(DEFAULT_EPSILON_TOTAL)} per organisation per release split over the published levels (functions/core/release/). Withheld releases count as misses. The bar: median within ±0.1 in at least 95 % of releases from 50 organisations up.`,
    '',
    '| organisations | levels | ε of the median | median within ±0.1 | withheld | 90 % interval of the median: width, holds the true median | 90 % interval of the mean: width, holds the true mean |',
    '| ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.size} | ${r.levels} | ${r.epsilonMedian} | ${pct(r.withinTenth)} | ${pct(r.withheld)} | ${r.medianWidth.toFixed(2)}, ${pct(r.medianCoverage)} | ${r.meanWidth.toFixed(2)}, ${pct(r.meanCoverage)} |`),
    '<!-- bench:privacy-utility:end -->',
  ].join('\n');
  console.log(`\n${section}\n`);
  if (!args['no-write']) {
    writeResultsSection('privacy-utility', section);
  }
}

main();
