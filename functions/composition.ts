/**
 * Builds the services from a configuration: the one place where adapters meet
 * services. Used by the Lambda handlers and by the local runner.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Catalogue } from './core/catalogue/catalogue';
import { createDynamoDbClient } from './adapters/dynamodb/client';
import { createDynamoDbStores } from './adapters/dynamodb';
import type { Config } from './config';
import { AssessmentService } from './services/assessments';
import { BenchmarkService } from './services/benchmarks';
import { OrganisationService } from './services/organisations';
import type { Clock, IdSource } from './services/ports';
import { TokenService } from './services/tokens';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdSource = { id: () => randomUUID(), secret: () => randomBytes(32).toString('base64url') };

export function createServices(config: Config, catalogue: Catalogue, options: { client?: DynamoDBClient; clock?: Clock; ids?: IdSource } = {}) {
  const client =
    options.client ??
    createDynamoDbClient({
      tableName: config.AIM_TABLE_NAME,
      endpoint: config.DYNAMODB_ENDPOINT,
      region: config.AWS_REGION,
      requestTimeoutMs: config.AIM_DB_TIMEOUT_MS,
      maxAttempts: config.AIM_DB_MAX_ATTEMPTS,
    });
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const stores = createDynamoDbStores(client, config.AIM_TABLE_NAME);
  const tokens = new TokenService({ tokens: stores.tokens, clock, ids });
  const organisations = new OrganisationService({ organisations: stores.organisations, tokenService: tokens, clock, ids });
  const assessments = new AssessmentService({ ...stores, catalogue, clock, ids });
  const benchmarks = new BenchmarkService({ benchmarks: stores.benchmarks, assessments: stores.assessments, kAnonymity: config.AIM_K_ANONYMITY });
  return {
    client,
    stores,
    clock,
    ids,
    catalogue,
    tokens,
    organisations,
    assessments,
    benchmarks,
    async checkDatabase() {
      await client.send(new DescribeTableCommand({ TableName: config.AIM_TABLE_NAME }));
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/** What the HTTP apps need, from the services. */
export function appDeps(services: Services, config: Config, log?: (entry: Record<string, unknown>) => void) {
  return {
    catalogue: services.catalogue,
    tokens: services.tokens,
    organisations: services.organisations,
    assessments: services.assessments,
    benchmarks: services.benchmarks,
    checkDatabase: services.checkDatabase,
    maxBodyBytes: config.AIM_MAX_BODY_BYTES,
    webOrigin: config.AIM_WEB_ORIGIN,
    log,
  };
}
