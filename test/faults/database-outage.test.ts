/**
 * The database goes away mid-load and comes back on the same data directory and port:
 * saves during the outage fail fast with 503 and Retry-After, the platform recovers by
 * itself (API and stream poller), and every acknowledged answer is there with its audit event.
 */
import { mintPlatformAdminKey } from '../support/people';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonClient, type JsonClient } from '../../bench/load-http';
import { AnswerLedger } from '../../bench/load-ledger';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodb-local';
import { startPlatform, type Platform } from '../../functions/local/platform';
import { completeAnswers } from '../support/answering';
import { TEST_RATE_LIMITS } from '../support/platform-fixture';
import { verifyOrganisation } from '../support/verification';
import { draftsFor } from './support/organisations';
import { startWriters } from './support/writers';

/** Far above what a failing request may take (2 attempts of 500 ms plus backoff): only stops a hang. */
const HANG_MS = 15_000;

let dataDir: string;
let port: number;
let db: DynamoDbLocal;
let platform: Platform;
let api: JsonClient;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aim-outage-'));
  port = await freePort();
  db = await startDynamoDbLocal({ dataDir, port });
  // The table made first with patient timeouts: the platform's 500 ms ones are for the outage,
  // and a fresh DynamoDB Local on a loaded machine may take longer for its first requests.
  const setup = createDynamoDbClient({ tableName: 'aim-outage', endpoint: db.endpoint, region: 'us-east-1', requestTimeoutMs: 10_000, maxAttempts: 3 });
  try {
    await ensureTable(setup, 'aim-outage');
  } finally {
    setup.destroy();
  }
  platform = await startPlatform({
    port: 0,
    dynamodbEndpoint: db.endpoint,
    tableName: 'aim-outage',
    env: { ...TEST_RATE_LIMITS, AIM_DB_TIMEOUT_MS: '500', AIM_DB_MAX_ATTEMPTS: '2' },
    log: (line) => logs.push(line),
  });
  api = jsonClient(platform.url, { timeoutMs: HANG_MS });
});

afterAll(async () => {
  api?.close();
  await platform?.stop();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the database goes away mid-load', () => {
  it('fails fast with 503 and Retry-After, recovers by itself, and loses no acknowledged answer', async () => {
    const ledger = new AnswerLedger();
    const drafts = await draftsFor(api, ledger, 4);
    const writers = startWriters(api, ledger, drafts);
    await writers.acknowledgedAfter(5);

    await db.stop();
    const outageStarts = writers.responses.length;
    await expect.poll(() => writers.responses.slice(outageStarts).filter((r) => r.status === 503).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
    db = await startDynamoDbLocal({ dataDir, port });
    await writers.acknowledgedAfter(5);
    await writers.stop();

    // During the outage: 503 database_unavailable with Retry-After, never a hang or another 5xx.
    const during = writers.responses.slice(outageStarts);
    for (const res of during.filter((r) => r.status >= 500 || r.status === 0)) {
      expect(res.status, res.error).toBe(503);
      expect(res.body.code).toBe('database_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(during.every((r) => r.ms < HANG_MS)).toBe(true);

    const verified = await ledger.verify(api);
    expect(verified.lost).toEqual([]);
    expect(verified.missingAuditEvents).toEqual([]);
    expect(verified.acknowledgedSaves).toBeGreaterThanOrEqual(drafts.length * 10);
  });

  it('keeps aggregating after the outage: the stream poller recovers by itself', async () => {
    const ledger = new AnswerLedger();
    const [draft] = await draftsFor(api, ledger, 1);
    // Verified, so that its submission is folded into the benchmark.
    await verifyOrganisation(api, await mintPlatformAdminKey(platform.url, platform.adminToken), draft!.organisationId);
    const served = await api.get('/v1/questionnaires/agent-identity/versions/1.0.0');
    const saved = await api.patch(`/v1/assessments/${draft!.id}/answers`, { revision: 0, answers: completeAnswers(served.body, () => 1) }, draft!.token);
    expect(saved.status).toBe(200);
    expect((await api.post(`/v1/assessments/${draft!.id}/submit`, undefined, draft!.token)).status).toBe(200);

    const client = createDynamoDbClient({ tableName: 'aim-outage', endpoint: db.endpoint, region: 'us-east-1', requestTimeoutMs: 3000, maxAttempts: 3 });
    const store = createDynamoDbStores(client, 'aim-outage').benchmarks;
    await expect
      .poll(async () => (await store.allContributions()).filter((c) => c.organisationId === draft!.organisationId).length, { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(0);
    client.destroy();
    // The poller did notice the outage (and said so) rather than dying silently.
    expect(logs.some((l) => l.includes('stream poll failed'))).toBe(true);
  });
});
