/**
 * A client submits, gives up waiting (a client-side timeout while the database is slow)
 * and retries with the same Idempotency-Key, while the first attempt is still running:
 * one submission, one audit event, and every answer of the first response is the retry's.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jsonClient, type JsonClient } from '../../bench/load-http';
import { AnswerLedger } from '../../bench/load-ledger';
import type { Platform } from '../../functions/local/platform';
import { completeAnswers } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { startDelayProxy, type DelayProxy } from './support/delay-proxy';
import { draftsFor } from './support/organisations';

let proxy: DelayProxy;
let platform: Platform;
let api: JsonClient;

beforeAll(async () => {
  proxy = await startDelayProxy(inject('dynamodbEndpoint'));
  platform = await startTestPlatform({ dynamodbEndpoint: proxy.endpoint });
  api = jsonClient(platform.url);
});

afterAll(async () => {
  api?.close();
  await platform?.stop();
  await proxy?.close();
});

describe('a client retries a submit after a timeout', () => {
  it('gets the one submission back, with one audit event', async () => {
    const [draft] = await draftsFor(api, new AnswerLedger(), 1);
    const served = await api.get('/v1/questionnaires/agent-identity/versions/1.0.0');
    expect(
      (await api.patch(`/v1/assessments/${draft!.id}/answers`, { revision: 0, answers: completeAnswers(served.body, () => 2) }, draft!.token)).status,
    ).toBe(200);

    // Every database round trip now takes ~300 ms: the submit takes over a second.
    proxy.setDelay(150);
    const key = { 'idempotency-key': 'submit-after-timeout' };
    const first = api.call('POST', `/v1/assessments/${draft!.id}/submit`, { token: draft!.token, headers: key, timeoutMs: 200 });
    expect((await first).status).toBe(0); // the client gave up; the server goes on
    const retries = await Promise.all([
      api.call('POST', `/v1/assessments/${draft!.id}/submit`, { token: draft!.token, headers: key }),
      new Promise((r) => setTimeout(r, 400)).then(() => api.call('POST', `/v1/assessments/${draft!.id}/submit`, { token: draft!.token, headers: key })),
    ]);
    proxy.setDelay(0);
    const late = await api.call('POST', `/v1/assessments/${draft!.id}/submit`, { token: draft!.token, headers: key });

    for (const res of [...retries, late]) expect(res.status, JSON.stringify(res.body)).toBe(200);
    const submittedAt = new Set([...retries, late].map((r) => r.body.submittedAt));
    expect(submittedAt.size).toBe(1);

    const audit = await api.get('/v1/audit?limit=200', draft!.token);
    const submits = audit.body.events.filter((e: any) => e.operation === 'assessment.submit' && e.target.id === draft!.id);
    expect(submits).toHaveLength(1);
    expect(submits[0].at).toBe([...submittedAt][0]);

    const exported = await api.get('/v1/organisation/export', draft!.token);
    expect(exported.body.submissions.filter((s: any) => s.assessmentId === draft!.id)).toHaveLength(1);
    const stored = await api.get(`/v1/assessments/${draft!.id}`, draft!.token);
    expect(stored.body.status).toBe('submitted');
    expect(stored.body.submittedAt).toBe([...submittedAt][0]);
  });
});
