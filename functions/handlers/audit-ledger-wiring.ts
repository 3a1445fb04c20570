/**
 * The audit ledger function's wiring: the ledger service alone (its store and the table's
 * audit events). handlers/audit-ledger.ts imports it on the first batch (docs/cold-starts.md).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { auditEventsFromRecords, batchResponse } from '../adapters/dynamodb/stream-records';
import { loggerSink } from '../adapters/observability/log-sink';
import type { Observability } from '../adapters/observability/powertools';
import { auditLedgerService, databaseClient, systemClock } from '../stream-composition';
import { loadConfig } from '../config';

export function wireAuditLedger(obs: Observability) {
  const log = loggerSink(obs.logger);
  const config = loadConfig(process.env);
  const auditLedger = auditLedgerService(
    config,
    databaseClient(config, (client) => obs.tracer.captureAWSv3Client(client)),
    systemClock,
  );
  // Records that could not be appended go back to Lambda as partial batch failures (delivered again).
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    batchResponse(await auditLedger.append(auditEventsFromRecords(event.Records), log));
}
