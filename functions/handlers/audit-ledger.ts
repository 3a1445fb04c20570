/**
 * Lambda entry point of the audit ledger: DynamoDB Streams batches (only inserted audit
 * events pass the event source's filter, infra/lib/audit-ledger.ts), appended to the S3
 * ledger, with partial batch responses. Built on the first batch (handlers/audit-ledger-wiring.ts).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createObservability, observed, streamHooks } from '../adapters/observability';
import { onFirstUse } from '../adapters/observability/lazy';

const obs = createObservability('aim-audit-ledger');
const wired = onFirstUse(() => import('./audit-ledger-wiring').then((m) => m.wireAuditLedger(obs)));

export const handler = observed(obs, 'audit-ledger', async (event: DynamoDBStreamEvent) => (await wired())(event), streamHooks());
