/**
 * The database a maintenance script works on: DYNAMODB_ENDPOINT when set, otherwise
 * an embedded DynamoDB Local on AIM_DATA_DIR (stop `npm start` first: two DynamoDB
 * Local processes must not share the data directory).
 */
import { join, resolve } from 'node:path';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { createDynamoDbClient } from '../functions/adapters/dynamodb/client';
import { loadConfig, type Config } from '../functions/config';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';

export async function openDatabase(env: Record<string, string | undefined>): Promise<{ config: Config; close(): Promise<void> }> {
  const config = loadConfig(env);
  let stop = async () => {};
  if (!config.DYNAMODB_ENDPOINT) {
    const db = await startDynamoDbLocal({ dataDir: join(resolve(config.AIM_DATA_DIR), 'dynamodb') });
    config.DYNAMODB_ENDPOINT = db.endpoint;
    stop = () => db.stop();
  }
  const client = createDynamoDbClient({
    tableName: config.AIM_TABLE_NAME,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: 30_000,
    maxAttempts: 5,
  });
  await ensureTable(client, config.AIM_TABLE_NAME);
  client.destroy();
  return { config, close: stop };
}
