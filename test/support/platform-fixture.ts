/** Starts a real AIM server on a fresh table of the shared DynamoDB Local, for one test file. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startPlatform, type Platform, type PlatformOptions } from '../../functions/local/platform';

export async function startTestPlatform(options: PlatformOptions = {}): Promise<Platform & { logs: string[] }> {
  const logs: string[] = [];
  const platform = await startPlatform({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `test-${randomUUID()}`,
    log: (line) => logs.push(line),
    ...options,
  });
  return Object.assign(platform, { logs });
}
