/**
 * Secrets never appear in logs, error responses, the audit trail or the export: a run
 * mints every kind of token and invitation code and misuses them, against the
 * in-process platform (its captured log lines) and against the real local server as a
 * child process (its stdout and stderr), then greps all of it for every secret.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonClient } from '../../bench/load-http';
import { freePort } from '../../functions/local/dynamodb-local';
import { startChildServer } from '../faults/support/child-server';
import { startTestPlatform } from '../support/platform-fixture';
import { mintPlatformAdminKey } from '../support/people';
import { leakedIn, mintAndMisuseSecrets } from './secret-scenario';

describe('secrets stay out of logs, errors and audit events', () => {
  it('in the in-process platform', async () => {
    const platform = await startTestPlatform();
    const api = jsonClient(platform.url);
    try {
      const run = await mintAndMisuseSecrets(api, platform.adminKey);
      expect(run.secrets.length).toBeGreaterThanOrEqual(8);
      expect(run.mustNotCarrySecrets.filter((r) => r.status >= 400).length).toBeGreaterThanOrEqual(8);
      for (const res of run.mustNotCarrySecrets) expect(leakedIn(JSON.stringify(res.body), run.secrets)).toEqual([]);
      await platform.drainStream();
      expect(platform.logs.length).toBeGreaterThan(0);
      expect(leakedIn(platform.logs.join('\n'), run.secrets)).toEqual([]);
    } finally {
      api.close();
      await platform.stop();
    }
  });

  it('in the local server process (stdout and stderr)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aim-secrets-'));
    const server = await startChildServer({ AIM_DATA_DIR: dataDir, PORT: String(await freePort()) });
    const api = jsonClient(server.url);
    try {
      const run = await mintAndMisuseSecrets(api, await mintPlatformAdminKey(server.url, server.adminToken));
      for (const res of run.mustNotCarrySecrets) expect(leakedIn(JSON.stringify(res.body), run.secrets)).toEqual([]);
      expect(server.output()).toContain('AIM is running');
      expect(leakedIn(server.output(), run.secrets)).toEqual([]);
      // The one secret the start-up output shows on purpose is the bootstrap admin token (README).
      expect(leakedIn(server.output(), [server.adminToken])).toEqual([server.adminToken]);
    } finally {
      api.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
