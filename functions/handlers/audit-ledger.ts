/**
 * Lambda entry point of the audit ledger: DynamoDB Streams batches (only inserted audit
 * events pass the event source's filter, infra/lib/audit-ledger.ts), appended to the S3
 * ledger, with partial batch responses.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { auditEventsFromRecords, batchResponse } from '../adapters/dynamodb/stream-records';
import { createObservability, loggerSink, observed, streamHooks } from '../adapters/observability';
import { createServices } from '../composition';
import { loadConfig } from '../config';

const obs = createObservability('aim-audit-ledger');
const log = loggerSink(obs.logger);
const config = loadConfig(process.env);
const services = createServices(config, loadCatalogue(), { instrumentClient: (client) => obs.tracer.captureAWSv3Client(client) });

export const handler = observed(
  obs,
  'audit-ledger',
  // Records that could not be appended go back to Lambda as partial batch failures (delivered again).
  async (event: DynamoDBStreamEvent) => batchResponse(await services.auditLedger.append(auditEventsFromRecords(event.Records), log)),
  streamHooks(),
);
