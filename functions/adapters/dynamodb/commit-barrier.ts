/**
 * DynamoDB Local answers a TransactWriteItems before its COMMIT has run: the commit is
 * queued on its single SQLite worker thread and the response goes out at once (see
 * SQLiteDBAccess.commitTransaction in DynamoDBLocal.jar, which queues the job without
 * waiting for it). Killed in that moment, it comes back without a write its client was
 * told had succeeded (measured: a SIGKILL right after the last acknowledgement lost that
 * transaction in each of four runs; the commit sometimes wins the race, not reliably).
 *
 * Every later request that needs the same worker runs after that COMMIT, so once a
 * transaction succeeds this client reads one item that is never written, and only then
 * reports success. DynamoDB proper commits before it answers; in AWS this is not added.
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The item the barrier reads; nothing ever writes it (functions/adapters/dynamodb/keys.ts). */
export const COMMIT_BARRIER_KEY = { PK: { S: 'COMMIT-BARRIER' }, SK: { S: 'COMMIT-BARRIER' } } as const;

export function waitForTransactionCommits(client: DynamoDBClient, tableName: string): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') {
        await client.send(new GetItemCommand({ TableName: tableName, Key: COMMIT_BARRIER_KEY, ProjectionExpression: 'PK' }));
      }
      return result;
    },
    { step: 'initialize', name: 'aimWaitForTransactionCommit' },
  );
  return client;
}
