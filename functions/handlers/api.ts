/**
 * Lambda entry point of the JSON API (API Gateway HTTP API, payload v2). Wiring only, and
 * built on the first invocation (handlers/api-wiring.ts): module initialisation creates the
 * observability alone (docs/cold-starts.md).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createObservability, httpHooks, observed } from '../adapters/observability';
import { onFirstUse } from '../adapters/observability/lazy';

const obs = createObservability('aim-api');
const wired = onFirstUse(() => import('./api-wiring').then((m) => m.wireApi(obs)));

export const handler = observed(obs, 'api', async (event: APIGatewayProxyEventV2, context: Context) => (await wired())(event, context), httpHooks());
