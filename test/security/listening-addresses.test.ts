/**
 * The embedded DynamoDB Local holds every organisation's answers and token records and
 * accepts any signature, so it must be reachable from this machine only. Issue 13,
 * finding 1: it listened on every interface (`*:PORT`) while the API used 127.0.0.1.
 * These tests read the kernel's table of listening sockets for the database that
 * `npm start` starts (startPlatform without an endpoint), for the one the test setup
 * starts, and for the API server.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodb-local';
import { startPlatform, type Platform } from '../../functions/local/platform';
import { listeningAddresses } from './support/listening-sockets';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const portOf = (url: string) => Number(new URL(url).port);

describe('listening addresses', () => {
  let platform: Platform;
  let standalone: DynamoDbLocal;

  beforeAll(async () => {
    // As `npm start` does: no endpoint given, so the platform starts its own database.
    platform = await startPlatform({ port: 0, tableName: 'listening-addresses' });
    standalone = await startDynamoDbLocal();
  });

  afterAll(async () => {
    await platform?.stop();
    await standalone?.stop();
  });

  it('the database `npm start` runs listens on the loopback address only', async () => {
    const port = portOf(platform.config.DYNAMODB_ENDPOINT!);
    const addresses = listeningAddresses(port);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(LOOPBACK, `DynamoDB Local listens on ${address}:${port}`).toContain(address);
  });

  it('the databases the tests and benchmarks start listen on the loopback address only', () => {
    for (const endpoint of [inject('dynamodbEndpoint'), standalone.endpoint]) {
      const addresses = listeningAddresses(portOf(endpoint));
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) expect(LOOPBACK, `${endpoint} listens on ${address}`).toContain(address);
    }
  });

  it('the API server listens on the loopback address only', () => {
    const addresses = listeningAddresses(portOf(platform.url));
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(LOOPBACK).toContain(address);
  });
});
