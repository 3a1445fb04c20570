/**
 * The bootstrap admin cannot be locked out (issue 13, finding 9). The admin token from
 * AIM_ADMIN_TOKEN (or the Secrets Manager secret in AWS) is the operator's way back in:
 * no API call revokes it (409 `bootstrap_token_protected`; it is retired by changing the
 * environment). A secret revoked anyway (reported leaked, or by hand in the table) stays
 * revoked across restarts: a new secret is the way back in. Since people sign in (issue 16) it
 * is only for granting memberships, the first platform admin's above all. It lives
 * BOOTSTRAP_LIFETIME_HOURS from when its secret was first applied: a restart with the
 * same secret does not renew it, a new secret opens a new window.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import { BOOTSTRAP_LIFETIME_HOURS } from '../../functions/core/access/key-lifetime';
import { sha256 } from '../../functions/services/hashing';
import { apiClient } from '../support/api-client';
import { mintPlatformAdminKey, signUpOverHttp } from '../support/people';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

const tableName = `test-${randomUUID()}`;
const adminToken = `aim_bootstrap_${randomUUID().replaceAll('-', '')}`;
let platform: Awaited<ReturnType<typeof startTestPlatform>> | undefined;

const start = () => startTestPlatform({ tableName, adminToken });

beforeAll(async () => {
  platform = await start();
});

afterAll(async () => {
  await platform?.stop();
});

describe('the bootstrap admin token', () => {
  it('only grants memberships: the first platform admin is a person, who does the rest', async () => {
    const api = apiClient(platform!.url);
    for (const [method, path, body] of [
      ['POST', '/v1/tokens', { role: 'admin', label: 'by the bootstrap', exception: 'the bootstrap credential tries to mint' }],
      ['POST', '/v1/organisations', { name: 'Bootstrapped Ltd', industry: 'technology', sizeBand: '1-49', region: 'europe' }],
      ['GET', '/v1/tokens', undefined],
      ['GET', '/v1/admin/organisations?status=unverified', undefined],
    ] as const) {
      const refused = await api.call(method, path, { token: adminToken, body });
      expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 403, code: 'forbidden' });
      expect(refused.body.detail).toContain('POST /v1/memberships');
    }
    expect((await api.get('/v1/session', adminToken)).status).toBe(200);
    // The first platform admin: granted by the bootstrap credential, then acting as a person.
    const person = await signUpOverHttp(platform!.url, 'First admin');
    const granted = await api.post(
      '/v1/memberships',
      { issuer: person.issuer, subject: person.subject, organisationId: null, role: 'admin', reason: 'first platform admin' },
      adminToken,
    );
    expect(granted.status).toBe(201);
    const queue = await api.call('GET', '/v1/admin/organisations?status=unverified', { headers: person.headers });
    expect(queue.status).toBe(200);
  });

  it('cannot be revoked through the API, by another admin or by itself', async () => {
    const api = apiClient(platform!.url);
    const minted = await api.post('/v1/tokens', { role: 'admin', label: 'second admin', exception: 'a second admin key for this test' }, platform!.adminKey);
    expect(minted.status).toBe(201);
    const second = minted.body.token.secret as string;
    const listed = await api.get('/v1/tokens', second);
    const bootstrap = (listed.body.tokens as { id: string; label: string }[]).find((t) => t.label === 'bootstrap admin')!;
    expect(bootstrap).toBeDefined();

    for (const revoker of [second, platform!.adminKey, adminToken]) {
      const refused = await api.call('DELETE', `/v1/tokens/${bootstrap.id}`, { token: revoker });
      // The bootstrap credential itself may not revoke keys at all.
      if (revoker === adminToken) {
        expect(refused.status).toBe(403);
        continue;
      }
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.code).toBe('bootstrap_token_protected');
      expect(refused.body.detail).toContain('AIM_ADMIN_TOKEN');
    }
    expect((await api.get('/v1/session', adminToken)).status).toBe(200);
    // Other admin tokens are revoked as usual.
    const mintedId = minted.body.token.id as string;
    expect((await api.call('DELETE', `/v1/tokens/${mintedId}`, { token: platform!.adminKey })).status).toBe(204);
    expect((await api.get('/v1/session', second)).status).toBe(401);
  });

  it('stays revoked when it was revoked anyway (e.g. reported leaked): a restart with the same secret does not restore it, a new secret does let the operator in', async () => {
    const config = platform!.config;
    const client = createDynamoDbClient({ tableName, endpoint: config.DYNAMODB_ENDPOINT, region: 'us-east-1', requestTimeoutMs: 3000, maxAttempts: 3 });
    try {
      const stores = createDynamoDbStores(client, tableName);
      const record = (await stores.tokens.findByHash(sha256(adminToken)))!;
      const api = apiClient(platform!.url);
      // Confirmed just now, so this process remembers the credential (tokens.ts, `authenticateForWrite`).
      expect((await api.call('GET', '/v1/session', { token: adminToken, raw: true })).status).toBe(200);
      const at = new Date().toISOString();
      // Revoked below the API, as a leak report does (functions/services/leaked-secrets.ts).
      const revoked = await stores.tokens.revoke(null, record.id, at, {
        id: randomUUID(),
        organisationId: null,
        at,
        actor: { tokenId: 'leak-report:0123456789abcdef', label: 'leak report', role: 'admin', actorType: 'agent' },
        operation: 'token.revoke.leak-report',
        target: { type: 'token', id: record.id },
        beforeHash: null,
        afterHash: null,
      });
      expect(revoked).toBe(true);
      // A membership change right after the revocation is refused too, the key sent as it is: no write takes it from memory unchecked.
      const person = await signUpOverHttp(platform!.url, 'Granted by a revoked credential');
      const grant = { issuer: person.issuer, subject: person.subject, organisationId: null, role: 'admin', reason: 'after the leak report' };
      expectProblem(await api.call('POST', '/v1/memberships', { token: adminToken, body: grant, raw: true }), 401, 'token_revoked');
      expect((await api.get('/v1/session', adminToken)).body.code).toBe('token_revoked');

      await platform!.stop();
      platform = await startTestPlatform({ tableName, adminToken, withAdminKey: false });
      expect((await apiClient(platform.url).get('/v1/session', adminToken)).body.code).toBe('token_revoked');
      // Nothing on the platform trail brings it back.
      const trail = await createDocumentClient(client).send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': 'PLATFORM', ':audit': 'AUDIT#' },
          ConsistentRead: true,
        }),
      );
      expect((trail.Items ?? []).filter((e) => e.operation === 'token.bootstrap-restore')).toEqual([]);

      await platform.stop();
      const fresh = `aim_bootstrap_${randomUUID().replaceAll('-', '')}`;
      platform = await startTestPlatform({ tableName, adminToken: fresh });
      expect((await apiClient(platform.url).get('/v1/session', fresh)).status).toBe(200);
    } finally {
      client.destroy();
    }
  });
});

describe("the bootstrap admin credential's window", () => {
  const HOUR_MS = 3_600_000;
  const windowTable = `test-${randomUUID()}`;
  /** The platform's clock runs this many milliseconds ahead of the real one. */
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const startWith = (secret: string) => startTestPlatform({ tableName: windowTable, adminToken: secret, clock, withAdminKey: false });
  const first = `aim_window_${randomUUID().replaceAll('-', '')}`;
  const second = `aim_window_${randomUUID().replaceAll('-', '')}`;
  let windowed: Awaited<ReturnType<typeof startTestPlatform>> | undefined;

  afterAll(async () => {
    await windowed?.stop();
  });

  it(`lives ${BOOTSTRAP_LIFETIME_HOURS} hours, shows that expiry, and is refused after it with token_expired`, async () => {
    windowed = await startWith(first);
    const api = apiClient(windowed.url);
    // A platform admin lists the platform's keys: the bootstrap credential shows its real expiry.
    const adminKey = await mintPlatformAdminKey(windowed.url, first);
    const bootstrap = (await api.get('/v1/tokens', adminKey)).body.tokens.find((t: { label: string }) => t.label === 'bootstrap admin');
    expect(Date.parse(bootstrap.expiresAt) - Date.parse(bootstrap.createdAt)).toBe(BOOTSTRAP_LIFETIME_HOURS * HOUR_MS);
    expect(bootstrap.exception).toEqual(expect.stringContaining('bootstrap'));

    offset = BOOTSTRAP_LIFETIME_HOURS * HOUR_MS - 60_000;
    expect((await api.get('/v1/session', first)).status).toBe(200);
    offset = BOOTSTRAP_LIFETIME_HOURS * HOUR_MS + 60_000;
    // Sent as it is: the API's answer about the credential itself, not about a token exchanged for it earlier.
    const refused = await api.call('GET', '/v1/session', { token: first, raw: true });
    expectProblem(refused, 401, 'token_expired');
    expect(refused.body.detail).toContain('rotate the bootstrap secret');
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    // Granting is refused too: it is all the credential could do.
    const person = await signUpOverHttp(windowed.url, 'Too late');
    const grant = { issuer: person.issuer, subject: person.subject, organisationId: null, role: 'admin', reason: 'after the window' };
    expectProblem(await api.post('/v1/memberships', grant, first), 401, 'token_expired');
  });

  it('is not renewed by applying the same secret again (a restart, a cold start)', async () => {
    await windowed!.stop();
    windowed = await startWith(first);
    expectProblem(await apiClient(windowed.url).get('/v1/session', first), 401, 'token_expired');
  });

  it(`opens a new ${BOOTSTRAP_LIFETIME_HOURS}-hour window with a new secret, revoking the previous one`, async () => {
    await windowed!.stop();
    windowed = await startWith(second);
    const api = apiClient(windowed.url);
    expect((await api.get('/v1/session', second)).status).toBe(200);
    expectProblem(await api.get('/v1/session', first), 401, 'token_revoked');
    offset += BOOTSTRAP_LIFETIME_HOURS * HOUR_MS - 120_000;
    expect((await api.get('/v1/session', second)).status).toBe(200);
    offset += 180_000;
    expectProblem(await api.get('/v1/session', second), 401, 'token_expired');
  });
});
