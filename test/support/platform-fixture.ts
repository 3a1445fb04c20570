/** Starts a real AIM server on a fresh table of the shared DynamoDB Local, for one test file. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { seededRandom } from '../../functions/core/privacy/testing/seeded-random';
import { startPlatform, type Platform, type PlatformOptions } from '../../functions/local/platform';
import { mintPlatformAdminKey } from './people';

/** Per-client limits high enough for any test or benchmark; never the defaults (functions/config.ts). */
export const TEST_RATE_LIMITS = {
  AIM_REGISTRATIONS_PER_HOUR: '100000',
  AIM_INVITATION_ACCEPTS_PER_HOUR: '100000',
  AIM_REPORT_REFRESHES_PER_HOUR: '100000',
} as const;

/**
 * A platform for one test file. `adminToken` is the bootstrap credential (it only grants
 * memberships); `adminKey` is a platform admin's key, minted by a person the bootstrap
 * credential made platform admin, as an operator would.
 */
export async function startTestPlatform({
  withAdminKey = true,
  ...options
}: PlatformOptions & {
  /** false: no platform admin key (its minting signs a person in, which needs the web origin to be this server's). */
  withAdminKey?: boolean;
} = {}): Promise<Platform & { logs: string[]; adminKey: string }> {
  const logs: string[] = [];
  const platform = await startPlatform({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `test-${randomUUID()}`,
    log: (line) => logs.push(line),
    // Benchmark noise from a seeded source: a test run draws the same every time.
    random: seededRandom(2026),
    // Reports rendered off the stream cost a render per submission: only the tests of stored reports ask for them.
    reportsOnSubmit: false,
    ...options,
    // Tests register many organisations and accept many invitations from 127.0.0.1: the
    // per-client limits are raised for tests only (a test of a limit sets it lower).
    // Test workload identity issuers run on 127.0.0.1 over plain http (test/api/agent-federation.test.ts).
    env: { ...TEST_RATE_LIMITS, AIM_FEDERATION_ALLOW_HTTP_LOOPBACK: 'true', ...options.env },
  });
  try {
    if (withAdminKey) return Object.assign(platform, { logs, adminKey: await mintPlatformAdminKey(platform.url, platform.adminToken) });
    return Object.defineProperty(Object.assign(platform, { logs }), 'adminKey', {
      get: () => {
        throw new Error('this test platform was started withAdminKey: false');
      },
    }) as Platform & { logs: string[]; adminKey: string };
  } catch (error) {
    await platform.stop();
    throw error;
  }
}
