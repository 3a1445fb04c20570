/** The DynamoDB clients, configured for AWS or for DynamoDB Local. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { waitForTransactionCommits } from './commit-barrier';

export interface DynamoDbSettings {
  tableName: string;
  /** Set for DynamoDB Local or another endpoint; unset in AWS. */
  endpoint?: string;
  region: string;
  /** Per-attempt timeout, so that a slow or absent database fails fast. */
  requestTimeoutMs: number;
  maxAttempts: number;
  /**
   * Confirm each transaction's commit before reporting it (commit-barrier.ts). Needed by
   * DynamoDB Local; on by default whenever an endpoint is set.
   */
  confirmTransactionCommits?: boolean;
}

export function createDynamoDbClient(settings: DynamoDbSettings): DynamoDBClient {
  const client = new DynamoDBClient({
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes
    // and keeps waiting: a slow database would hang requests (test/faults/slow-database).
    requestHandler: { requestTimeout: settings.requestTimeoutMs, connectionTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true },
    ...(settings.endpoint ? { endpoint: settings.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const confirm = settings.confirmTransactionCommits ?? settings.endpoint !== undefined;
  return confirm ? waitForTransactionCommits(client, settings.tableName) : client;
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
