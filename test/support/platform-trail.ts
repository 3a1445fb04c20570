/** The platform's audit trail (partition PLATFORM) as stored in DynamoDB Local, oldest first. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';

export async function platformTrail(config: { AIM_TABLE_NAME: string; DYNAMODB_ENDPOINT?: string }) {
  const client = createDynamoDbClient({
    tableName: config.AIM_TABLE_NAME,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    requestTimeoutMs: 3000,
    maxAttempts: 3,
  });
  try {
    const trail = await createDocumentClient(client).send(
      new QueryCommand({
        TableName: config.AIM_TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': 'PLATFORM', ':audit': 'AUDIT#' },
        ConsistentRead: true,
      }),
    );
    return trail.Items ?? [];
  } finally {
    client.destroy();
  }
}
