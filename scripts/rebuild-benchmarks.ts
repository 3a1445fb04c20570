/**
 * `npm run benchmarks:rebuild`: recomputes every contribution and cohort cell from the
 * stored submissions (functions/services/benchmark-rebuild.ts), with a progress bar.
 * Pause the aggregator while it runs (in AWS: disable the stream event source mapping).
 */
import '../functions/local/quiet-warnings';
import { MultiBar, Presets } from 'cli-progress';
import { createDynamoDbStores } from '../functions/adapters/dynamodb';
import { createDynamoDbClient } from '../functions/adapters/dynamodb/client';
import { rebuildBenchmarks } from '../functions/services/benchmark-rebuild';
import { openDatabase } from './database';

async function main() {
  const db = await openDatabase(process.env);
  const { config } = db;
  const client = createDynamoDbClient({
    tableName: config.AIM_TABLE_NAME,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: 30_000,
    maxAttempts: 5,
  });
  const bars = new MultiBar({ format: '{phase} {bar} {value}/{total}', clearOnComplete: false }, Presets.shades_classic);
  const reading = bars.create(1, 0, { phase: 'reading submissions' });
  let writing: ReturnType<MultiBar['create']> | undefined;
  try {
    const started = Date.now();
    const result = await rebuildBenchmarks(createDynamoDbStores(client, config.AIM_TABLE_NAME).benchmarks, (p) => {
      if (p.phase === 'reading') {
        reading.setTotal(Math.max(p.done, 1));
        reading.update(p.done);
      } else {
        writing ??= bars.create(p.total ?? 1, 0, { phase: 'writing cells     ' });
        writing.update(p.done);
      }
    });
    bars.stop();
    console.log(`rebuilt ${result.cells} cells from ${result.contributions} contributions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    bars.stop();
    client.destroy();
    await db.close();
  }
}

main().catch((error) => {
  console.error(`benchmarks:rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
