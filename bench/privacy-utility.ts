/**
 * `npm run bench:privacy-utility [-- --releases 400]`: what differential privacy costs
 * in accuracy (issue 14's utility bar: for cohorts of at least 50 organisations, the
 * released median within ±0.1 of the true median in at least 95% of releases). For
 * cohorts of 10, 20, 50, 200 and 1,000 organisations whose overall scores follow the demo
 * data (functions/core/benchmark/reference/answers.ts, scored by the real scoring), it releases each cohort many
 * times through functions/core/release/ with the cryptographic random source, at the
 * default budget (ε = 4 per organisation per release) over 2 and over 4 published levels,
 * and measures how often the median lands within ±0.1, how often a cohort is withheld,
 * how wide the 90% intervals of the median and the mean are, and how often they hold
 * the exact figure, and how often each domain's released median lands within ±0.25 of
 * its exact one. Prints a Markdown block and writes its section of bench/RESULTS.md.
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
import { demoAnswers, seededRandom } from '../functions/core/benchmark/reference/answers';
import { writeResultsSection } from './results-section';

const { values: args } = parseArgs({ options: { releases: { type: 'string', default: '400' }, 'no-write': { type: 'boolean', default: false } } });
const RELEASES = Number(args.releases);
const SIZES = [10, 20, 50, 200, 1000];
const LEVELS = [2, 4];

/** One demo organisation's scores in hundredths: overall and per domain it has a score in. */
interface Scored {
  overall: number;
  domains: Record<string, number>;
}

/** A cohort's exact counts, overall and per domain. */
function countsOf(members: readonly Scored[]): DenseCounts {
  const metrics = new Map<string, ReturnType<typeof emptyDense>>();
  const add = (metric: string, h: number) => {
    const d = metrics.get(metric) ?? emptyDense();
    d[0]! += 1;
    d[1]! += h;
    d[2 + h]! += 1;
    metrics.set(metric, d);
  };
  for (const m of members) {
    add(OVERALL, m.overall);
    for (const [id, h] of Object.entries(m.domains)) add(id, h);
  }
  if (!metrics.has(OVERALL)) metrics.set(OVERALL, emptyDense());
  return { n: members.length, metrics };
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
  /** Share of (release, domain) pairs whose released median is within ±0.25 of the exact one (left out counts as a miss). */
  domainWithinQuarter: number;
  epsilonDomainMedian: string;
}

function measure(pool: readonly Scored[], domainIds: readonly string[], size: number, levels: number, random: () => number): Row {
  const source = cryptoRandomSource();
  const budget = cohortEpsilon(DEFAULT_EPSILON_TOTAL, levels);
  const plan = planCohort(budget, domainIds);
  let domainWithin = 0;
  let domainTrials = 0;
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
    domainTrials += domainIds.length;
    if (released.withheld) {
      withheld += 1;
      continue;
    }
    for (const id of domainIds) {
      const exact = counts.metrics.get(id);
      const shown = released.domains[id];
      if (!exact || !shown) continue;
      const [domainMedian] = percentilesOfDense(exact, [50]) as [number];
      if (Math.abs(shown.p50.value - domainMedian) <= 0.25 + 1e-9) domainWithin += 1;
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
    domainWithinQuarter: domainWithin / Math.max(1, domainTrials),
    epsilonDomainMedian: formatEpsilon(plan.domains[domainIds[0]!]!.p50),
  };
}

function main() {
  const catalogue = loadCatalogue();
  const version = catalogue.list().find((q) => q.id === 'agent-identity')!.latest;
  const questionnaire = catalogue.get('agent-identity', version);
  const random = seededRandom(2026);
  const domainIds = questionnaire.domains.map((d) => d.id);
  const pool: Scored[] = Array.from({ length: 20_000 }, () => {
    const scores = scoreAssessment(questionnaire, demoAnswers(questionnaire, random));
    const domains: Record<string, number> = {};
    for (const [id, d] of Object.entries(scores.domains)) if (d.counted > 0) domains[id] = Math.round(d.score * 100);
    return { overall: Math.round(scores.overall.score * 100), domains };
  });
  const started = performance.now();
  const rows: Row[] = [];
  for (const levels of LEVELS) for (const size of SIZES) rows.push(measure(pool, domainIds, size, levels, random));
  const seconds = (performance.now() - started) / 1000;

  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const section = [
    '<!-- bench:privacy-utility:start -->',
    '## Accuracy under differential privacy (`npm run bench:privacy-utility`)',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; ${RELEASES} releases per row (${seconds.toFixed(0)} s), cohorts drawn from the demo data's overall scores (agent-identity ${version}), ε = ${formatEpsilon(DEFAULT_EPSILON_TOTAL)} per organisation per release split over the published levels (functions/core/release/). Withheld releases count as misses. The bar: median within ±0.1 in at least 95 % of releases from 50 organisations up.`,
    '',
    '| organisations | levels | ε of the median | median within ±0.1 | withheld | 90 % interval of the median: width, holds the true median | 90 % interval of the mean: width, holds the true mean | ε of a domain median | domain medians within ±0.25 |',
    '| ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.size} | ${r.levels} | ${r.epsilonMedian} | ${pct(r.withinTenth)} | ${pct(r.withheld)} | ${r.medianWidth.toFixed(2)}, ${pct(r.medianCoverage)} | ${r.meanWidth.toFixed(2)}, ${pct(r.meanCoverage)} | ${r.epsilonDomainMedian} | ${pct(r.domainWithinQuarter)} |`,
    ),
    '<!-- bench:privacy-utility:end -->',
  ].join('\n');
  console.log(`\n${section}\n`);
  if (!args['no-write']) {
    writeResultsSection('privacy-utility', section);
  }
}

main();
