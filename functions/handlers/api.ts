/** Lambda entry point of the JSON API (API Gateway HTTP API, payload v2). Wiring only. */
import { handle } from 'hono/aws-lambda';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { appDeps, createServices } from '../composition';
import { loadConfig } from '../config';
import { createApiApp } from '../http/app';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));
const config = loadConfig(process.env);
const services = createServices(config, loadCatalogue());

export const handler = handle(createApiApp(appDeps(services, config, log)));
