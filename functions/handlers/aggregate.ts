/** Lambda entry point of the aggregator: DynamoDB Streams batches with partial batch responses. */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { batchResponse, submissionsFromRecords } from '../adapters/dynamodb/stream-records';
import { createObservability, loggerSink, observed, streamHooks } from '../adapters/observability';
import { createServices } from '../composition';
import { loadConfig } from '../config';
import { foldSubmissions } from '../services/aggregation';

const obs = createObservability('aim-aggregate');
const log = loggerSink(obs.logger);
const config = loadConfig(process.env);
const services = createServices(config, loadCatalogue(), { instrumentClient: (client) => obs.tracer.captureAWSv3Client(client) });

export const handler = observed(
  obs,
  'aggregate',
  // The fold names the records it could not take; Lambda gets them as partial batch failures.
  async (event: DynamoDBStreamEvent) => batchResponse(await foldSubmissions(submissionsFromRecords(event.Records), services.stores.benchmarks, log)),
  streamHooks(),
);
