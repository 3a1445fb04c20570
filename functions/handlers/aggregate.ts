/**
 * Lambda entry point of the aggregator: DynamoDB Streams batches with partial batch responses.
 * Built on the first batch (handlers/aggregate-wiring.ts): module initialisation creates the
 * observability alone (docs/cold-starts.md).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createObservability, observed, streamHooks } from '../adapters/observability';
import { onFirstUse } from '../adapters/observability/lazy';

const obs = createObservability('aim-aggregate');
const wired = onFirstUse(() => import('./aggregate-wiring').then((m) => m.wireAggregate(obs)));

export const handler = observed(obs, 'aggregate', async (event: DynamoDBStreamEvent) => (await wired())(event), streamHooks());
