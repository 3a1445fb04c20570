/**
 * Lambda entry point of the PDF report routes and of the reports rendered on submission
 * (DynamoDB Streams batches, issue 21). Wiring only, built on the first invocation
 * (handlers/report-wiring.ts): module initialisation creates the observability alone
 * (docs/cold-starts.md). react-pdf lives in this bundle alone and is loaded at the first
 * render: serving a stored report never initialises it.
 */
import type { APIGatewayProxyEventV2, Context, DynamoDBStreamEvent } from 'aws-lambda';
import { createObservability, httpHooks, observed, streamHooks } from '../adapters/observability';
import { onFirstUse } from '../adapters/observability/lazy';

const obs = createObservability('aim-report');
const wired = onFirstUse(() => import('./report-wiring').then((m) => m.wireReport(obs)));

const http = observed(obs, 'report', async (event: APIGatewayProxyEventV2, context: Context) => (await wired()).http(event, context), httpHooks());
const stream = observed(obs, 'report-on-submit', async (event: DynamoDBStreamEvent) => (await wired()).stream(event), streamHooks());

const isStreamEvent = (event: unknown): event is DynamoDBStreamEvent => Array.isArray((event as { Records?: unknown }).Records);

export const handler = (event: APIGatewayProxyEventV2 | DynamoDBStreamEvent, context: Context) =>
  isStreamEvent(event) ? stream(event, context) : http(event, context);
