/** The DynamoDB clients, configured for AWS or for DynamoDB Local. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbSettings {
  tableName: string;
  /** Set for DynamoDB Local or another endpoint; unset in AWS. */
  endpoint?: string;
  region: string;
  /** Per-attempt timeout, so that a slow or absent database fails fast. */
  requestTimeoutMs: number;
  maxAttempts: number;
}

export function createDynamoDbClient(settings: DynamoDbSettings): DynamoDBClient {
  return new DynamoDBClient({
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes
    // and keeps waiting: a slow database would hang requests (test/faults/slow-database).
    requestHandler: { requestTimeout: settings.requestTimeoutMs, connectionTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true },
    ...(settings.endpoint
      ? { endpoint: settings.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
