/**
 * DynamoDB Local on disk, killed with SIGKILL the moment a transaction is acknowledged,
 * keeps that transaction: the client confirms each commit before reporting success
 * (functions/adapters/dynamodb/commit-barrier.ts). Without the barrier the last
 * transaction before the kill is lost; this test then fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { transact } from '../../functions/adapters/dynamodb/table-context';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodb-local';

const dataDir = mkdtempSync(join(tmpdir(), 'aim-commit-'));
const tableName = 'aim-commit-barrier';
let db: DynamoDbLocal | undefined;

afterAll(async () => {
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const connect = (endpoint: string) => createDynamoDbClient({ tableName, endpoint, region: 'local', requestTimeoutMs: 5000, maxAttempts: 2 });

describe('transactions on DynamoDB Local', () => {
  it('survive a SIGKILL right after they are acknowledged', async () => {
    const port = await freePort();
    const trials = 3;
    for (let trial = 0; trial < trials; trial++) {
      db = await startDynamoDbLocal({ dataDir, port });
      const client = connect(db.endpoint);
      await ensureTable(client, tableName);
      const ctx = { doc: createDocumentClient(client), tableName };
      // A few transactions, then the kill right after the last acknowledgement.
      for (let i = 0; i < 5; i++) {
        const outcome = await transact(ctx, [
          { Put: { TableName: tableName, Item: { PK: `TRIAL#${trial}`, SK: `A#${i}` } } },
          { Put: { TableName: tableName, Item: { PK: `TRIAL#${trial}`, SK: `B#${i}` } } },
        ]);
        expect(outcome).toBe('written');
      }
      const exited = new Promise((resolve) => db!.process.once('exit', resolve));
      db.process.kill('SIGKILL');
      await exited;
      client.destroy();
    }

    db = await startDynamoDbLocal({ dataDir, port });
    const doc = createDocumentClient(connect(db.endpoint));
    const missing: string[] = [];
    for (let trial = 0; trial < trials; trial++) {
      for (let i = 0; i < 5; i++) {
        for (const side of ['A', 'B']) {
          const found = await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `TRIAL#${trial}`, SK: `${side}#${i}` } }));
          if (!found.Item) missing.push(`trial ${trial} ${side}#${i}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
