/**
 * The aggregate function's wiring: the benchmark store and the fold, nothing else (no
 * catalogue, no services). handlers/aggregate.ts imports it on the first batch (docs/cold-starts.md).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { batchResponse, submissionsFromRecords } from '../adapters/dynamodb/stream-records';
import { loggerSink } from '../adapters/observability/log-sink';
import type { Observability } from '../adapters/observability/powertools';
import { loadConfig } from '../config';
import { foldSubmissions } from '../services/aggregation';
import { benchmarkStore, databaseClient } from '../stream-composition';

export function wireAggregate(obs: Observability) {
  const log = loggerSink(obs.logger);
  const config = loadConfig(process.env);
  const benchmarks = benchmarkStore(
    databaseClient(config, (client) => obs.tracer.captureAWSv3Client(client)),
    config,
  );
  // The fold names the records it could not take; Lambda gets them as partial batch failures.
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    batchResponse(await foldSubmissions(submissionsFromRecords(event.Records), benchmarks, log));
}
