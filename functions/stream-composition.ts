/**
 * What the stream functions need, built apart from `createServices` so that the aggregate
 * and audit-ledger bundles wire one store each instead of every service (docs/cold-starts.md).
 * `createServices` builds its database client and audit ledger with the same functions.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createDynamoDbClient } from './adapters/dynamodb/client';
import { DynamoDbAuditEventItems } from './adapters/dynamodb/audit-event-items';
import { DynamoDbBenchmarkRepository } from './adapters/dynamodb/benchmark-repository';
import { DirectoryAuditLedger } from './adapters/files/audit-ledger-directory';
import { S3AuditLedger } from './adapters/s3/audit-ledger-bucket';
import { join, resolve } from 'node:path';
import type { Config } from './config';
import { AuditLedgerService } from './services/audit-ledger';
import type { AuditLedgerStore, BenchmarkStore, Clock } from './services/ports';

export const systemClock: Clock = { now: () => new Date() };

/** The DynamoDB client of the configuration; `instrument` (X-Ray on Lambda) wraps it before any store copies its middleware. */
export function databaseClient(config: Config, instrument?: (client: DynamoDBClient) => DynamoDBClient): DynamoDBClient {
  const built = createDynamoDbClient({
    tableName: config.AIM_TABLE_NAME,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: config.AIM_DB_TIMEOUT_MS,
    maxAttempts: config.AIM_DB_MAX_ATTEMPTS,
  });
  return instrument ? instrument(built) : built;
}

/** The benchmark cells' store, as `createServices` builds it among the others (adapters/dynamodb/index.ts). */
export function benchmarkStore(client: DynamoDBClient, config: Config): BenchmarkStore {
  return new DynamoDbBenchmarkRepository({
    doc: createDocumentClient(client),
    tableName: config.AIM_TABLE_NAME,
    auditRetentionDays: config.AIM_AUDIT_RETENTION_DAYS,
  });
}

/** The audit ledger's storage: the S3 bucket in AWS, else a directory (docs/security.md, "The audit ledger"). */
export function auditLedgerStore(config: Config): AuditLedgerStore {
  if (config.AIM_AUDIT_LEDGER_BUCKET) return S3AuditLedger.create({ bucket: config.AIM_AUDIT_LEDGER_BUCKET, region: config.AWS_REGION });
  return new DirectoryAuditLedger(config.AIM_AUDIT_LEDGER_DIR ?? join(resolve(config.AIM_DATA_DIR), 'audit-ledger'));
}

/** The audit ledger: inserted audit events appended to its store (services/audit-ledger.ts). */
export function auditLedgerService(config: Config, client: DynamoDBClient, clock: Clock, ledger: AuditLedgerStore = auditLedgerStore(config)) {
  return new AuditLedgerService({
    ledger,
    events: new DynamoDbAuditEventItems({ doc: createDocumentClient(client), tableName: config.AIM_TABLE_NAME }),
    clock,
    retentionDays: config.AIM_AUDIT_RETENTION_DAYS,
  });
}
