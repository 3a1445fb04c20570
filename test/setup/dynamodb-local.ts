/**
 * Vitest global setup: one in-memory DynamoDB Local for the whole test run. Tests read
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

export default async function setup(project: TestProject) {
  const db = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', db.endpoint);
  return async () => {
    await db.stop();
  };
}
