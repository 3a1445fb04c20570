/** A fresh table on the shared DynamoDB Local, with every store and service wired to it. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadCatalogue } from '../../functions/adapters/catalogue/bundled-catalogue';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createServices } from '../../functions/composition';
import { loadConfig } from '../../functions/config';

export async function freshServices(env: Record<string, string> = {}, options: Parameters<typeof createServices>[2] = {}) {
  const config = loadConfig({ DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), AIM_TABLE_NAME: `it-${randomUUID()}`, ...env });
  const services = createServices(config, loadCatalogue(), options);
  await ensureTable(services.client, config.AIM_TABLE_NAME);
  return { config, services };
}
