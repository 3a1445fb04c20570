/**
 * `npm run bench:benchmarks`: (1) cohort query time with 100,000 submissions divided by
 * the same with 1,000 (cells built by the rebuild path: in-memory folding, batch
 * writes); (2) aggregation throughput, submissions folded per second through the
 * aggregator against DynamoDB Local, next to the raw UpdateItem rate in the same run.
 * `-- --only query` or `-- --only aggregation` (or `fold`) runs one part; the folding part also
 * reports the write capacity units DynamoDB bills per folded submission. Prints a Markdown block
 * for bench/RESULTS.md.
 *
 * Fairness of (1): both sizes use the same dimension values (2 industries × 2 size
 * bands × 2 regions × 4 quarters), so both have the same cells (in one table, under two
 * questionnaire ids) and every query reads the same items and is shown at both sizes
 * (checked; the run fails otherwise): only the number of submissions, and so of
 * distinct scores per cell, differs. Warm-up rounds first, then rounds that alternate
 * which size goes first; medians.
 */
import '../functions/local/quiet-warnings';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { loadCatalogue } from '../functions/adapters/catalogue/bundled-catalogue';
import { cellItem, mergedCountsOfItems, packedCellItem } from '../functions/adapters/dynamodb/benchmark-items';
import { createDocumentClient } from '../functions/adapters/dynamodb/client';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { createServices } from '../functions/composition';
import { loadConfig } from '../functions/config';
import type { Principal } from '../functions/core/access/principal';
import { allShards, cellId, WILDCARD } from '../functions/core/benchmark/cells';
import { foldFromScratch, type CellCounts, type ScoredSubmission } from '../functions/core/benchmark/contributions';
import { statisticsOf } from '../functions/core/benchmark/statistics';
import type { Industry, Region, SizeBand } from '../functions/core/taxonomy';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { foldSubmissions } from '../functions/services/aggregation';
import type { Submission } from '../functions/services/entities';
import { seededRandom } from '../functions/core/benchmark/reference/answers';
import { itemBytes, tallyCapacity } from './consumed-capacity';

const DOMAINS = ['identity-separation', 'access-scoping', 'auditing', 'inventory-ownership', 'credential-lifecycle', 'human-oversight', 'runtime-containment'];
const QUARTER_STARTS = ['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'];
const INDUSTRIES: Industry[] = ['technology', 'healthcare'];
const SIZE_BANDS: SizeBand[] = ['50-249', '5000+'];
const REGIONS: Region[] = ['europe', 'asia-pacific'];
const BENCH_ADMIN: Principal = { tokenId: 'bench-admin', label: 'bench admin', role: 'admin', actorType: 'agent', organisationId: null };

function syntheticSubmissions(count: number, seed: number, questionnaireId = 'agent-identity'): ScoredSubmission[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const score = () => Math.round(random() * 500) / 100;
  const organisations = Math.ceil(count * 0.8);
  return Array.from({ length: count }, (_, i) => {
    const org = i < organisations ? i : Math.floor(random() * organisations);
    const dims = seededRandom(org + 1);
    return {
      organisationId: `org-${org}`,
      assessmentId: `a-${i}`,
      questionnaireId,
      industry: INDUSTRIES[Math.floor(dims() * INDUSTRIES.length)]!,
      sizeBand: SIZE_BANDS[Math.floor(dims() * SIZE_BANDS.length)]!,
      region: REGIONS[Math.floor(dims() * REGIONS.length)]!,
      synthetic: false,
      submittedAt: new Date(Date.parse(pick(QUARTER_STARTS)) + Math.floor(random() * 89 * 86_400_000)).toISOString(),
      overall: score(),
      domains: Object.fromEntries(DOMAINS.map((d) => [d, score()])),
    };
  });
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const msSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

const asSubmission = (s: ScoredSubmission): Submission => ({
  ...s,
  version: '1.0.0',
  contributesToBenchmarks: true,
  scores: {
    overall: { score: s.overall, level: 1 },
    domains: Object.fromEntries(Object.entries(s.domains).map(([d, v]) => [d, { score: v, level: 1, caps: [], counted: 3, answered: 3 }])),
  },
});

const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
/** `--only fold` is `--only aggregation`. */
const only = option('only') === 'fold' ? 'aggregation' : option('only');

async function main() {
  const db = await startDynamoDbLocal({});
  const catalogue = loadCatalogue();
  const table = async () => {
    const config = loadConfig({ DYNAMODB_ENDPOINT: db.endpoint, AIM_TABLE_NAME: `bench-${randomUUID()}`, AIM_DB_TIMEOUT_MS: '30000' });
    const services = createServices(config, catalogue);
    await ensureTable(services.client, config.AIM_TABLE_NAME);
    return services;
  };
  const lines: string[] = [];
  const log = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  try {
    if (only !== 'aggregation') {
      // (1) Query time at 1,000 and 100,000 submissions.
      // Both sizes in one table, told apart by questionnaire ids of the same length: separate
      // tables made whichever was created first ~10% faster in DynamoDB Local, whatever it held.
      const sizes = [1_000, 100_000];
      const questionnaireOf = (size: number) => `bench-${String(size / 1000).padStart(3, '0')}k`;
      const services = await table();
      const allCells = new Map<string, CellCounts>();
      const built: { size: number; questionnaireId: string; cells: number; distinct: number; bytes: number[]; hot: number[] }[] = [];
      const started = Date.now();
      for (const size of sizes) {
        const { cells } = foldFromScratch(syntheticSubmissions(size, size, questionnaireOf(size)), () => true);
        for (const [id, c] of cells) allCells.set(id, c);
        const leaf = [...cells.values()].reduce((min, c) => Math.min(min, Object.keys(c.metrics.overall?.bins ?? {}).length), Infinity);
        // What a write of each cell item is billed by at this fill: its size in the stored form.
        const bytes = [...cells].map(([id, c]) => itemBytes(cellItem(id, c))).sort((a, b) => a - b);
        const hot = [...cells].filter(([id]) => /#\*#\*#\*#\*#\d+$/.test(id)).map(([id, c]) => itemBytes(cellItem(id, c)));
        built.push({ size, questionnaireId: questionnaireOf(size), cells: cells.size, distinct: leaf, bytes, hot });
      }
      await services.stores.benchmarks.replaceAll([], allCells);
      console.log(`built ${allCells.size} cell items for ${sizes.join(' + ')} submissions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (built[0]!.cells !== built[1]!.cells) throw new Error(`unfair: ${built[0]!.cells} cell items at 1,000, ${built[1]!.cells} at 100,000`);
      const filters = [
        {},
        { industry: 'technology' as const },
        { industry: 'healthcare' as const, sizeBand: '50-249' as const },
        { region: 'europe' as const, period: '2026-Q3' },
        { industry: 'healthcare' as const, sizeBand: '5000+' as const, region: 'asia-pacific' as const, period: '2026-Q2' },
      ];
      const queriesOf = (b: (typeof built)[number]) => filters.map((f) => ({ questionnaireId: b.questionnaireId, ...f }));
      // The cohort's read: its shards merged into dense counts, then the statistics. Analysts are
      // now served from stored releases (issue 14), which need a catalogue questionnaire; this is
      // the cell read a release computation makes for each published cohort.
      type Query = ReturnType<typeof queriesOf>[number];
      const cohortCell = (q: Query) => ({
        population: 'real' as const,
        questionnaireId: q.questionnaireId,
        industry: ('industry' in q ? q.industry : undefined) ?? WILDCARD,
        sizeBand: ('sizeBand' in q ? q.sizeBand : undefined) ?? WILDCARD,
        region: ('region' in q ? q.region : undefined) ?? WILDCARD,
        period: ('period' in q ? q.period : undefined) ?? WILDCARD,
      });
      const readCohort = async (q: Query) => {
        const counts = await services.stores.benchmarks.mergedCell(allShards(cohortCell(q)).map(cellId));
        if (counts.n >= 5) statisticsOf(counts, 5);
        return counts;
      };
      // Every query shown at both sizes: the same work apart from the submissions.
      for (const b of built)
        for (const [i, q] of queriesOf(b).entries())
          if ((await readCohort(q)).n < 5) throw new Error(`unfair: q${i} has fewer than 5 organisations at ${b.size}`);

      const rounds = Number(option('rounds') ?? 200);
      const warmup = 20;
      const timings = new Map<number, number[]>(sizes.map((s) => [s, []]));
      const perQuery = new Map<string, number[]>();
      for (let round = -warmup; round < rounds; round++) {
        for (const b of round % 2 ? [...built].reverse() : built) {
          let total = 0;
          for (const [i, q] of queriesOf(b).entries()) {
            const started = process.hrtime.bigint();
            await readCohort(q);
            const ms = msSince(started);
            total += ms;
            if (round >= 0) perQuery.set(`q${i} ${b.size}`, [...(perQuery.get(`q${i} ${b.size}`) ?? []), ms]);
          }
          if (round >= 0) timings.get(b.size)!.push(total / filters.length);
        }
      }
      const small = median(timings.get(1_000)!);
      const large = median(timings.get(100_000)!);

      // The CPU part alone, in process: shards merged from the stored items, then the statistics.
      const itemsOf = async (b: (typeof built)[number]) => {
        const repo = services.stores.benchmarks as unknown as { batchGet(keys: Record<string, string>[]): Promise<Record<string, unknown>[]> };
        const top = {
          population: 'real' as const,
          questionnaireId: b.questionnaireId,
          industry: WILDCARD,
          sizeBand: WILDCARD,
          region: WILDCARD,
          period: WILDCARD,
        };
        return repo.batchGet(allShards(top).map((c) => ({ PK: `BENCHCELL#${cellId(c)}`, SK: 'CELL' })));
      };
      const cpu = new Map<number, number[]>(sizes.map((s) => [s, []]));
      const items = await Promise.all(built.map(itemsOf));
      for (let round = -200; round < 2_000; round++)
        for (const [i, b] of (round % 2 ? [...built.keys()].reverse() : [...built.keys()]).map((j) => [j, built[j]!] as const)) {
          const started = process.hrtime.bigint();
          statisticsOf(mergedCountsOfItems(items[i]!), 5);
          if (round >= 0) cpu.get(b.size)!.push(msSince(started));
        }
      const cpuSmall = median(cpu.get(1_000)!);
      const cpuLarge = median(cpu.get(100_000)!);

      const [b1k, b100k] = [1_000, 100_000].map((size) => built.find((b) => b.size === size)!) as [(typeof built)[number], (typeof built)[number]];
      log(
        `| cohort query, 1,000 submissions (${b1k.cells} cell items; fewest distinct overall scores in a cell: ${b1k.distinct}) | ${small.toFixed(2)} ms median per query (5 filters × ${rounds} rounds, after ${warmup} warm-up rounds) |`,
      );
      log(
        `| cohort query, 100,000 submissions (${b100k.cells} cell items; fewest distinct overall scores in a cell: ${b100k.distinct}) | ${large.toFixed(2)} ms median per query |`,
      );
      log(`| **ratio 100,000 / 1,000** | **${(large / small).toFixed(2)}** (bar: at most 1.2) |`);
      log(
        `| in-process CPU part (merge 8 shard items + statistics, all-wildcard cell), 1,000 / 100,000 | ${(cpuSmall * 1000).toFixed(0)} µs / ${(cpuLarge * 1000).toFixed(0)} µs = ${(cpuLarge / cpuSmall).toFixed(2)} |`,
      );
      const packedBytes = itemBytes(packedCellItem('real#x#*#*#*#*#0', [...allCells.values()][0]!));
      for (const b of [b1k, b100k]) {
        const wcu = (bytes: number) => 2 * Math.ceil(bytes / 1024);
        log(
          `| cell items at ${b.size.toLocaleString('en')} submissions: bytes median / largest; all-wildcard shards; WCU per transactional write of a shard | ${b.bytes[Math.floor(b.bytes.length / 2)]} / ${b.bytes.at(-1)} B; ${Math.min(...b.hot)}–${Math.max(...b.hot)} B; ${wcu(Math.max(...b.hot))} WCU (packed form: ${packedBytes} B, ${wcu(packedBytes)} WCU) |`,
        );
      }
      for (const [i] of filters.entries())
        console.log(
          `  q${i}: ${median(perQuery.get(`q${i} 1000`)!).toFixed(2)} ms at 1,000, ${median(perQuery.get(`q${i} 100000`)!).toFixed(2)} ms at 100,000`,
        );
      services.client.destroy();
    }

    if (only !== 'query') {
      // (2) Aggregation throughput next to raw UpdateItem, same DynamoDB Local, same run.
      const count = 2_000;
      const services = await table();
      // Only verified organisations are folded: register and verify each one first (not timed).
      const synthetic = syntheticSubmissions(count, 7);
      const registered = new Map<string, string>();
      for (const org of new Set(synthetic.map((s) => s.organisationId))) {
        const first = synthetic.find((s) => s.organisationId === org)!;
        const { organisation } = await services.organisations.register({
          name: `Bench ${org}`,
          industry: first.industry as Industry,
          sizeBand: first.sizeBand as SizeBand,
          region: first.region as Region,
        });
        await services.verification.decide(BENCH_ADMIN, organisation.id, { decision: 'verified' });
        registered.set(org, organisation.id);
      }
      const records = synthetic.map((s, i) => ({
        recordId: String(i),
        submission: asSubmission({ ...s, organisationId: registered.get(s.organisationId)! }),
      }));
      // Capacity units from DynamoDB's own answers (ReturnConsumedCapacity: TOTAL), per stream batch.
      const tally = tallyCapacity(services.client);
      const doc = createDocumentClient(services.client);
      const tableName = (services.stores.benchmarks as unknown as { ctx: { tableName: string } }).ctx.tableName;
      const scanAll = async (filter?: string) => {
        const items: Record<string, unknown>[] = [];
        let cursor: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(
            new ScanCommand({
              TableName: tableName,
              ExclusiveStartKey: cursor,
              ...(filter
                ? { FilterExpression: '#type = :type', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':type': filter } }
                : {}),
            }),
          );
          items.push(...(page.Items ?? []));
          cursor = page.LastEvaluatedKey;
        } while (cursor);
        return items;
      };
      // The sizes of what registration wrote (participation records, read by the condition checks).
      tally.seed(await scanAll());
      let mismatches = 0;
      let transactions = 0;
      let reportedWrite = 0;
      const perBatch: { write: number; read: number }[] = [];
      const foldRequests: Record<string, number> = {};
      let started = Date.now();
      for (let i = 0; i < records.length; i += 100) {
        tally.reset();
        const result = await foldSubmissions(records.slice(i, i + 100), services.stores.benchmarks);
        if (result.failed.length > 0) throw new Error('fold failed');
        if (tally.unreported > 0) throw new Error(`${tally.unreported} writes came back without ConsumedCapacity`);
        perBatch.push({ write: tally.write, read: tally.read });
        mismatches += tally.mismatches;
        transactions += tally.transactions;
        reportedWrite += tally.reportedWrite;
        for (const [name, n] of Object.entries(tally.requests)) foldRequests[name] = (foldRequests[name] ?? 0) + n;
      }
      const foldSeconds = (Date.now() - started) / 1000;
      // Cell item sizes after the fold (what each write of a cell is billed by).
      const cellItems = await scanAll('benchmark-cell');
      const sizes = cellItems.map(itemBytes).sort((a, b) => a - b);
      const hot = cellItems.filter((item) => /^BENCHCELL#real#agent-identity#\*#\*#\*#\*#/.test(String(item.PK))).map(itemBytes);
      const updates = 2_000;
      tally.reset();
      started = Date.now();
      for (let i = 0; i < updates; i++)
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { PK: `RAW#${i % 500}`, SK: 'RAW' },
            UpdateExpression: 'ADD #n :one',
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
      const rawSeconds = (Date.now() - started) / 1000;
      const rawWcu = tally.write / updates;
      const sum = (xs: readonly { write: number; read: number }[], k: 'write' | 'read') => xs.reduce((a, b) => a + b[k], 0);
      const per = (xs: readonly { write: number; read: number }[], k: 'write' | 'read') => sum(xs, k) / (xs.length * 100);
      const quarter = perBatch.length / 4;
      log(
        `| write capacity units per folded submission (${count} submissions; transactions billed per action from item sizes, checked against ConsumedCapacity) | **${per(perBatch, 'write').toFixed(1)} WCU** (first ${quarter * 100}: ${per(perBatch.slice(0, quarter), 'write').toFixed(1)}, last ${quarter * 100}: ${per(perBatch.slice(-quarter), 'write').toFixed(1)}); read ${per(perBatch, 'read').toFixed(1)} RCU |`,
      );
      log(
        `| requests while folding | ${Object.entries(foldRequests)
          .map(([name, n]) => `${name.replace(/Command$/, '')} ${n}`)
          .join(', ')} |`,
      );
      log(
        `| cell items after the fold: ${sizes.length}, bytes median / largest; all-wildcard shards (${hot.length}) | ${sizes[Math.floor(sizes.length / 2)]} / ${sizes.at(-1)} B; ${Math.min(...hot)}–${Math.max(...hot)} B |`,
      );
      log(
        `| DynamoDB Local's own ConsumedCapacity for the same writes (it adds only distinct per-action figures of a transaction) | ${(reportedWrite / count).toFixed(1)} WCU per submission; agrees with the per-action sizes in ${transactions - mismatches} of ${transactions} transactions |`,
      );
      log(`| raw UpdateItem write units each (check) | ${rawWcu.toFixed(2)} WCU |`);
      log(`| aggregation: ${count} submissions folded in batches of 100 | ${(count / foldSeconds).toFixed(0)} submissions/s |`);
      log(`| raw UpdateItem (sequential, ADD one counter) | ${(updates / rawSeconds).toFixed(0)} updates/s |`);
      log(`| folded submissions per raw UpdateItem time | ${(count / foldSeconds / (updates / rawSeconds)).toFixed(2)} |`);
      services.client.destroy();
    }
    console.log(`\nmachine: ${cpus().length} cores, ${cpus()[0]?.model}; Node ${process.version}; ${new Date().toISOString()}`);
  } finally {
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
