/**
 * The bootstrap admin cannot be locked out (issue 13, finding 9). The admin token from
 * AIM_ADMIN_TOKEN (or the Secrets Manager secret in AWS) is the operator's way back in:
 * no API call revokes it (409 `bootstrap_token_protected`; it is retired by changing the
 * environment), and a start with it restores it if it was revoked anyway (by an earlier
 * version that allowed it, or by hand in the table). Since people sign in (issue 16) it
 * is only for granting memberships, the first platform admin's above all.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import { sha256 } from '../../functions/services/hashing';
import { apiClient } from '../support/api-client';
import { signUpOverHttp } from '../support/people';
import { startTestPlatform } from '../support/platform-fixture';

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
      ['POST', '/v1/tokens', { role: 'admin', label: 'by the bootstrap' }],
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
    const minted = await api.post('/v1/tokens', { role: 'admin', label: 'second admin' }, platform!.adminKey);
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

  it('is restored by a start with the same AIM_ADMIN_TOKEN after it was revoked anyway, with an audit event', async () => {
    const config = platform!.config;
    const client = createDynamoDbClient({ tableName, endpoint: config.DYNAMODB_ENDPOINT, region: 'us-east-1', requestTimeoutMs: 3000, maxAttempts: 3 });
    try {
      const stores = createDynamoDbStores(client, tableName);
      const record = (await stores.tokens.findByHash(sha256(adminToken)))!;
      const at = new Date().toISOString();
      // Revoked below the API, as an earlier version allowed a minted admin to do.
      const revoked = await stores.tokens.revoke(null, record.id, at, {
        id: randomUUID(),
        organisationId: null,
        at,
        actor: { tokenId: 'someone', label: 'a minted admin', role: 'admin', actorType: 'human' },
        operation: 'token.revoke',
        target: { type: 'token', id: record.id },
        beforeHash: null,
        afterHash: null,
      });
      expect(revoked).toBe(true);
      const api = apiClient(platform!.url);
      expect((await api.get('/v1/session', adminToken)).body.code).toBe('token_revoked');

      await platform!.stop();
      platform = await start();
      const restarted = apiClient(platform.url);
      expect((await restarted.get('/v1/session', adminToken)).status).toBe(200);
      // The platform's own trail records who restored it: the bootstrap admin, at start-up.
      const trail = await createDocumentClient(client).send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': 'PLATFORM', ':audit': 'AUDIT#' },
          ConsistentRead: true,
        }),
      );
      const restore = (trail.Items ?? []).find((e) => e.operation === 'token.bootstrap-restore');
      expect(restore).toMatchObject({ target: { type: 'token', id: record.id }, actor: { tokenId: record.id, role: 'admin' } });
    } finally {
      client.destroy();
    }
  });
});
