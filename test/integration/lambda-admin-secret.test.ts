/**
 * The api Lambda and the bootstrap admin secret: read from Secrets Manager (here a local
 * server speaking its JSON protocol, reached through the SDK's AWS_ENDPOINT_URL_SECRETS_MANAGER)
 * once per cold start, applied on the first request, retried after a failure without
 * failing the request.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, expect, inject, it, vi } from 'vitest';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { ensureTable } from '../../functions/adapters/dynamodb/table';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:aim-admin-AbCdEf';
const ADMIN_TOKEN = `aim_admin_${randomUUID().replaceAll('-', '')}`;

let server: Server;
const calls: { target: string; body: Record<string, unknown> }[] = [];
let failNext = 0;
let api: (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      calls.push({ target: String(req.headers['x-amz-target']), body: JSON.parse(raw) });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (failNext > 0) {
        failNext -= 1;
        res.statusCode = 500;
        res.end(JSON.stringify({ __type: 'InternalServiceError', message: 'try again' }));
        return;
      }
      res.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'aim-admin', SecretString: ADMIN_TOKEN, VersionId: 'v1', VersionStages: ['AWSCURRENT'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    AIM_TABLE_NAME: `lambda-secret-${randomUUID()}`,
    AIM_ADMIN_TOKEN_SECRET_ARN: SECRET_ARN,
    AIM_DB_MAX_ATTEMPTS: '1',
  });
  const table = process.env.AIM_TABLE_NAME!;
  await ensureTable(
    createDynamoDbClient({ tableName: table, endpoint: process.env.DYNAMODB_ENDPOINT, region: 'eu-west-1', requestTimeoutMs: 3000, maxAttempts: 3 }),
    table,
  );
  api = (await import('../../functions/handlers/api')).handler as unknown as typeof api;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function event(method: string, path: string, token?: string, body?: unknown): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { host: 'api.example.com' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    body: body === undefined ? undefined : JSON.stringify(body),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.7', userAgent: 'test' },
      time: '28/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_860_000_000,
    },
  };
}

const mintAnalyst = () => api(event('POST', '/v1/tokens', ADMIN_TOKEN, { role: 'analyst', label: 'analyst from the admin secret' }), {});

it('serves requests while Secrets Manager fails, logs the failure with the request id, then applies the secret once', async () => {
  failNext = 10; // more than the SDK's retries of a 500
  const first = event('GET', '/health');
  const written: string[] = [];
  // Powertools writes errors to stderr.
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }),
  );
  let health: APIGatewayProxyStructuredResultV2;
  try {
    health = await api(first, {});
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  expect(health.statusCode).toBe(200);
  const logged = written
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  expect(logged.find((l) => String(l.message).includes('bootstrap admin secret'))).toMatchObject({
    level: 'ERROR',
    service: 'aim-api',
    correlation_id: first.requestContext.requestId,
  });
  const failedCalls = calls.length;
  expect(failedCalls).toBeGreaterThan(0);
  expect(calls.every((c) => c.target === 'secretsmanager.GetSecretValue' && c.body.SecretId === SECRET_ARN)).toBe(true);

  failNext = 0;
  const minted = await mintAnalyst();
  expect(minted.statusCode).toBe(201);
  expect(JSON.parse(minted.body!)).toMatchObject({ token: { role: 'analyst' } });
  expect(calls.length).toBe(failedCalls + 1);

  // Later requests neither read the secret again nor lose the admin.
  expect((await mintAnalyst()).statusCode).toBe(201);
  expect((await api(event('GET', '/v1/tokens', ADMIN_TOKEN), {})).statusCode).toBe(200);
  expect(calls.length).toBe(failedCalls + 1);
});

it('does not accept another token as the admin', async () => {
  const denied = await api(event('POST', '/v1/tokens', `aim_${'x'.repeat(40)}`, { role: 'analyst', label: 'x' }), {});
  expect(denied.statusCode).toBe(401);
});
