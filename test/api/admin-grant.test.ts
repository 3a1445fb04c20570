/**
 * `npm run admin:grant` on a machine where the platform has run for longer than the
 * bootstrap credential lives: the tool rotates the secret in `<dataDir>/admin-token`, the
 * running platform applies it on the next request, and the grant goes through, audited
 * with its reason (scripts/grant-membership.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_LIFETIME_HOURS } from '../../functions/core/access/key-lifetime';
import { hashOf } from '../../functions/services/hashing';
import { GRANT_REASON, grantOnThisMachine } from '../../scripts/admin/grant';
import { apiClient } from '../support/api-client';
import { newAccount } from '../support/people';
import { platformTrail } from '../support/platform-trail';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

const HOUR_MS = 3_600_000;
/** The platform's clock runs this many milliseconds ahead of the real one. */
let clockOffset = 0;
let dataDir: string;
let platform: Awaited<ReturnType<typeof startTestPlatform>>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aim-admin-grant-'));
  platform = await startTestPlatform({ dataDir, clock: { now: () => new Date(Date.now() + clockOffset) }, withAdminKey: false });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run admin:grant after the bootstrap window', () => {
  it('rotates the expired local secret, and the running platform grants with the new one, audited with the reason', async () => {
    const api = apiClient(platform.url);
    const first = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    expect(platform.adminToken).toBe(first);
    clockOffset = (BOOTSTRAP_LIFETIME_HOURS + 1) * HOUR_MS;
    expectProblem(await api.get('/v1/session', first), 401, 'token_expired');

    const person = await newAccount(platform, 'Operator');
    const result = await grantOnThisMachine(
      { email: person.email, role: 'admin', organisationId: null },
      { baseUrl: platform.url, issuer: person.issuer, dataDir },
    );
    expect(result).toEqual({ name: 'Operator', rotated: true });

    // A new secret in the file, applied by the running platform: the old one is revoked.
    const second = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    expect(second).not.toBe(first);
    expect(platform.adminToken).toBe(second);
    expect((await api.get('/v1/session', second)).status).toBe(200);
    expectProblem(await api.get('/v1/session', first), 401, 'token_revoked');

    const grant = (await platformTrail(platform.config)).find((e) => e.operation === 'membership.grant');
    expect(grant).toMatchObject({ actor: { label: 'bootstrap admin', role: 'admin' }, afterHash: hashOf({ role: 'admin', reason: GRANT_REASON }) });
    expect(grant!.actor.tokenId).not.toBe((await platformTrail(platform.config)).find((e) => e.operation === 'token.bootstrap')?.target.id);

    // Within the new window the tool uses the secret as it is.
    const analyst = await newAccount(platform, 'Analyst');
    expect(
      await grantOnThisMachine({ email: analyst.email, role: 'analyst', organisationId: null }, { baseUrl: platform.url, issuer: analyst.issuer, dataDir }),
    ).toEqual({
      name: 'Analyst',
      rotated: false,
    });
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(second);
  });

  it('leaves a secret set in AIM_ADMIN_TOKEN to the operator, saying what to do', async () => {
    const person = await newAccount(platform, 'Someone');
    await expect(
      grantOnThisMachine(
        { email: person.email, role: 'admin', organisationId: null },
        { baseUrl: platform.url, issuer: person.issuer, dataDir, adminToken: 'aim_an_expired_or_unknown_admin_token_value' },
      ),
    ).rejects.toThrow(/set a new AIM_ADMIN_TOKEN and restart/);
  });
});
