/**
 * Lambda entry point of the evidence routes (issue 20). Wiring only, built on the first
 * invocation (handlers/evidence-wiring.ts); the inventory readers and csv-parse live in this bundle alone.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createObservability, httpHooks, observed } from '../adapters/observability';
import { onFirstUse } from '../adapters/observability/lazy';

const obs = createObservability('aim-evidence');
const wired = onFirstUse(() => import('./evidence-wiring').then((m) => m.wireEvidence(obs)));

export const handler = observed(obs, 'evidence', async (event: APIGatewayProxyEventV2, context: Context) => (await wired())(event, context), httpHooks());
