/** A fresh table on the shared DynamoDB Local, with every store and service wired to it. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createServices } from '../../functions/composition';
import { loadConfig } from '../../functions/config';
import { seededRandom } from '../../functions/core/privacy/testing/seeded-random';

export async function freshServices(env: Record<string, string> = {}, options: Parameters<typeof createServices>[2] = {}) {
  // A generous database timeout unless a test sets one: a busy CI machine answers slowly.
  const config = loadConfig({ DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), AIM_TABLE_NAME: `it-${randomUUID()}`, AIM_DB_TIMEOUT_MS: '15000', ...env });
  // Benchmark noise from a seeded source, so a test run draws the same every time.
  const services = createServices(config, loadCatalogue(), { random: seededRandom(2026), ...options });
  await ensureTable(services.client, config.AIM_TABLE_NAME);
  return { config, services };
}
