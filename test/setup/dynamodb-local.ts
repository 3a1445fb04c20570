/**
 * Vitest global setup: one in-memory DynamoDB Local for the whole test run, shared by
 * every project that needs a database (vitest.config.ts runs this once per project, so
 * the instance is counted on globalThis and stopped with the last project). Tests read
 * its endpoint with `inject('dynamodbEndpoint')` and create their own uniquely named
 * tables, so files can run in parallel without sharing data.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

type Shared = { db: ReturnType<typeof startDynamoDbLocal>; users: number };
const holder = globalThis as typeof globalThis & { aimTestDatabase?: Shared };

export default async function setup(project: TestProject) {
  holder.aimTestDatabase ??= { db: startDynamoDbLocal(), users: 0 };
  const shared = holder.aimTestDatabase;
  shared.users += 1;
  const db = await shared.db;
  project.provide('dynamodbEndpoint', db.endpoint);
  return async () => {
    if (--shared.users > 0) return;
    holder.aimTestDatabase = undefined;
    await db.stop();
  };
}
