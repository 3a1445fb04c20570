/**
 * The local server (`tsx functions/local/main.ts`, with its DynamoDB Local on disk) is
 * killed with SIGKILL while clients are saving drafts, and started again on the same
 * data directory and port: every acknowledged answer is there with its audit event, and
 * each client's next save with the current revision succeeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonClient } from '../../bench/load-http';
import { AnswerLedger } from '../../bench/load-ledger';
import { freePort } from '../../functions/local/dynamodb-local';
import { startChildServer, type ChildServer } from './support/child-server';
import { draftsFor } from './support/organisations';
import { startWriters } from './support/writers';

const dataDir = mkdtempSync(join(tmpdir(), 'aim-kill-'));
let server: ChildServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local server is killed while drafts are open', () => {
  it('keeps every acknowledged answer, and clients resume', async () => {
    const env = { AIM_DATA_DIR: dataDir, PORT: String(await freePort()), AIM_DB_TIMEOUT_MS: '3000' };
    server = await startChildServer(env);
    const api = jsonClient(server.url, { timeoutMs: 20_000 });
    const ledger = new AnswerLedger();
    const drafts = await draftsFor(api, ledger, 3);
    const writers = startWriters(api, ledger, drafts);
    await writers.acknowledgedAfter(5);
    await server.kill(); // mid-save: some requests are in flight
    await writers.stop();
    expect(writers.responses.some((r) => r.status === 0)).toBe(true);

    server = await startChildServer(env);
    const verified = await ledger.verify(api);
    expect(verified.lost).toEqual([]);
    expect(verified.missingAuditEvents).toEqual([]);
    expect(verified.acknowledgedSaves).toBeGreaterThanOrEqual(15);

    for (const draft of drafts) {
      const current = await api.get(`/v1/assessments/${draft.id}`, draft.token);
      expect(current.status).toBe(200);
      const next = await api.patch(
        `/v1/assessments/${draft.id}/answers`,
        { revision: current.body.revision, answers: { 'agent-inventory': { value: 'partial-manual' } } },
        draft.token,
      );
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      expect(next.body.revision).toBe(current.body.revision + 1);
    }
    api.close();
  });
});
