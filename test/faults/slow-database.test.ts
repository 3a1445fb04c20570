/**
 * A slow database (every byte to and from DynamoDB Local delayed by a proxy): the API
 * answers within its own timeouts with 503 database_unavailable and Retry-After rather
 * than hanging, recovers when the database is fast again, and loses no acknowledged answer.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jsonClient, type JsonClient } from '../../bench/load-http';
import { AnswerLedger } from '../../bench/load-ledger';
import type { Platform } from '../../functions/local/platform';
import { startTestPlatform } from '../support/platform-fixture';
import { startDelayProxy, type DelayProxy } from './support/delay-proxy';
import { draftsFor } from './support/organisations';
import { startWriters } from './support/writers';

/** AIM_DB_TIMEOUT_MS × AIM_DB_MAX_ATTEMPTS is 2 s: a client gives up only far beyond that, to catch a hang. */
const HANG_MS = 20_000;
/** Each chunk to or from the database waits this long: far beyond the API's timeouts. */
const SLOW_MS = 6_000;

let proxy: DelayProxy;
let platform: Platform;
let api: JsonClient;

beforeAll(async () => {
  proxy = await startDelayProxy(inject('dynamodbEndpoint'));
  platform = await startTestPlatform({ dynamodbEndpoint: proxy.endpoint, env: { AIM_DB_TIMEOUT_MS: '1000', AIM_DB_MAX_ATTEMPTS: '2' } });
  api = jsonClient(platform.url, { timeoutMs: HANG_MS });
});

afterAll(async () => {
  api?.close();
  await platform?.stop();
  await proxy?.close();
});

describe('a slow database', () => {
  it('gets clear 503s within the API timeouts, then recovers with every acknowledged answer kept', async () => {
    const ledger = new AnswerLedger();
    const drafts = await draftsFor(api, ledger, 3);
    const writers = startWriters(api, ledger, drafts);
    await writers.acknowledgedAfter(3);
    await writers.stop();

    proxy.setDelay(SLOW_MS);
    const [draft] = drafts;
    const slow = await Promise.all([
      api.get(`/v1/assessments/${draft!.id}`, draft!.token),
      api.patch(`/v1/assessments/${draft!.id}/answers`, { revision: draft!.revision, answers: { 'agent-inventory': { value: 'none' } } }, draft!.token),
      api.post(`/v1/assessments/${draft!.id}/submit`, undefined, draft!.token, { 'idempotency-key': 'slow-submit' }),
      api.get('/health'),
      api.post('/v1/organisations', { name: 'Slow org', industry: 'energy', sizeBand: '50-249', region: 'europe' }),
    ]);
    for (const res of slow) {
      expect(res.status, res.error ?? JSON.stringify(res.body)).toBe(503);
      expect(res.body.code).toBe('database_unavailable');
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Bounded by the API's own timeouts, not by the database's delay.
    expect(Math.max(...slow.map((r) => r.ms))).toBeLessThan(SLOW_MS);

    proxy.setDelay(0);
    const again = startWriters(api, ledger, drafts);
    await again.acknowledgedAfter(3);
    await again.stop();
    expect(again.responses.filter((r) => r.status >= 500 || r.status === 0)).toEqual([]);
    const verified = await ledger.verify(api);
    expect(verified.lost).toEqual([]);
    expect(verified.missingAuditEvents).toEqual([]);
  });
});
