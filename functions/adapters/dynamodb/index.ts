/** Builds every DynamoDB-backed store for one table. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAssessmentRepository } from './assessment-repository';
import { DynamoDbBenchmarkRepository } from './benchmark-repository';
import { createDocumentClient } from './client';
import { DynamoDbIdempotencyRepository } from './idempotency-repository';
import { DynamoDbOrganisationRepository } from './organisation-repository';
import { DynamoDbTokenRepository } from './token-repository';

export function createDynamoDbStores(client: DynamoDBClient, tableName: string) {
  const ctx = { doc: createDocumentClient(client), tableName };
  return {
    organisations: new DynamoDbOrganisationRepository(ctx),
    tokens: new DynamoDbTokenRepository(ctx),
    assessments: new DynamoDbAssessmentRepository(ctx),
    idempotency: new DynamoDbIdempotencyRepository(ctx),
    benchmarks: new DynamoDbBenchmarkRepository(ctx),
  };
}

export type Stores = ReturnType<typeof createDynamoDbStores>;
