/**
 * The Lambda entry points, in process, driven by real event shapes: API Gateway HTTP API
 * (payload 2.0) events for `api` and `report`, a DynamoDB Streams batch for `aggregate`.
 * Their Powertools output (structured logs with correlation ids, EMF metrics) is read back
 * from stdout.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyResultV2>;
let api: Handler;
let report: Handler;
let aggregate: (event: DynamoDBStreamEvent, context: never) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const WEB_ORIGIN = 'https://d111111abcdef8.cloudfront.net';

/** Runs `action` and returns the JSON lines it wrote (Powertools logs and metrics). */
async function stdoutLines<T>(action: () => Promise<T>): Promise<{ result: T; lines: Record<string, any>[] }> {
  const written: string[] = [];
  // Powertools writes errors to stderr and everything else to stdout.
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }),
  );
  try {
    const result = await action();
    return {
      result,
      lines: written
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l)),
    };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function httpEvent(method: string, path: string, options: { token?: string; body?: unknown; query?: string } = {}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { host: 'api.example.com', 'user-agent': 'test' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: '28/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_860_000_000,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

async function call(handler: Handler, method: string, path: string, options: Parameters<typeof httpEvent>[2] = {}) {
  const result = (await handler(httpEvent(method, path, options), {})) as Exclude<APIGatewayProxyResultV2, string>;
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const isJson = headers['content-type']?.includes('json');
  return { status: result.statusCode!, headers, raw: result, body: isJson ? JSON.parse(result.body!) : result.body };
}

beforeAll(async () => {
  process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
  process.env.AIM_TABLE_NAME = `lambda-${randomUUID()}`;
  process.env.AIM_WEB_ORIGIN = WEB_ORIGIN;
  const client = createDynamoDbClient({
    tableName: process.env.AIM_TABLE_NAME,
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    requestTimeoutMs: 3000,
    maxAttempts: 3,
  });
  await ensureTable(client, process.env.AIM_TABLE_NAME);
  api = (await import('../../functions/handlers/api')).handler as unknown as Handler;
  report = (await import('../../functions/handlers/report')).handler as unknown as Handler;
  aggregate = (await import('../../functions/handlers/aggregate')).handler;
});

describe('Lambda handlers', () => {
  it('api: walks registration to submission through API Gateway v2 events', async () => {
    const health = await call(api, 'GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    const registered = await call(api, 'POST', '/v1/organisations', {
      body: { name: 'Lambda Ltd', industry: 'retail', sizeBand: '1-49', region: 'north-america' },
    });
    expect(registered.status).toBe(201);
    const token = registered.body.token.secret;
    const bad = await call(api, 'POST', '/v1/organisations', { body: { name: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    const served = (await call(api, 'GET', '/v1/questionnaires/agent-identity/versions/1.0.0')).body as ServedQuestionnaire;
    const draft = await call(api, 'POST', '/v1/assessments', { token, body: { questionnaireId: 'agent-identity', version: '1.0.0' } });
    expect(draft.status).toBe(201);
    const saved = await call(api, 'PATCH', `/v1/assessments/${draft.body.id}/answers`, {
      token,
      body: { revision: 0, answers: completeAnswers(served, () => 2) },
    });
    expect(saved.status).toBe(200);
    const submitted = await call(api, 'POST', `/v1/assessments/${draft.body.id}/submit`, { token });
    expect(submitted.body.status).toBe('submitted');

    const pdf = await call(report, 'GET', `/v1/assessments/${draft.body.id}/report.pdf`, { token });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.isBase64Encoded).toBe(true);
    expect(
      Buffer.from(pdf.body as string, 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const denied = await call(report, 'GET', `/v1/assessments/${draft.body.id}/report.pdf`);
    expect(denied.status).toBe(401);
  });

  it('api: answers CORS preflights for the web origin only, and counts requests as metrics', async () => {
    const preflight = (origin: string) => {
      const event = httpEvent('OPTIONS', '/v1/assessments');
      Object.assign(event.headers, { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' });
      return stdoutLines(async () => (await api(event, {})) as Exclude<APIGatewayProxyResultV2, string>);
    };
    const allowed = await preflight(WEB_ORIGIN);
    expect(allowed.result.headers?.['access-control-allow-origin']).toBe(WEB_ORIGIN);
    expect(String(allowed.result.headers?.['access-control-allow-methods'])).toContain('PATCH');
    const other = await preflight('https://evil.example');
    expect(other.result.headers?.['access-control-allow-origin']).not.toBe('https://evil.example');
    expect(other.result.headers?.['access-control-allow-origin'] ?? null).not.toBe('*');
    const emf = allowed.lines.find((l) => l._aws?.CloudWatchMetrics);
    expect(emf).toMatchObject({ Requests: 1, ServerErrors: 0, service: 'aim-api' });
  });

  it('aggregate: folds a stream batch and reports only the poison record', async () => {
    const submission = {
      assessmentId: 'a-1',
      organisationId: 'org-1',
      questionnaireId: 'agent-identity',
      version: '1.0.0',
      industry: 'retail',
      sizeBand: '1-49',
      region: 'europe',
      synthetic: false,
      contributesToBenchmarks: true,
      submittedAt: '2026-11-28T10:00:00.000Z',
      scores: { overall: { score: 2.5, level: 2 }, domains: { auditing: { score: 2.5, level: 2, counted: 4, answered: 4, caps: [] } } },
    };
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const record = (sequence: string, image: Record<string, unknown>) => ({
      eventID: sequence,
      eventName: 'INSERT' as const,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/aim/stream/2026-11-28T00:00:00.000',
      dynamodb: {
        ApproximateCreationDateTime: 1_795_860_000,
        Keys: marshall({ PK: image.PK, SK: image.SK }) as never,
        NewImage: marshall(image) as never,
        SequenceNumber: sequence,
        SizeBytes: 100,
        StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
      },
    });
    const { result, lines } = await stdoutLines(() =>
      aggregate(
        {
          Records: [
            record('100', { PK: 'ORG#org-1', SK: 'SUBMISSION#a-1', type: 'submission', ...submission }),
            record('101', { PK: 'ORG#org-2', SK: 'SUBMISSION#a-2', type: 'submission', organisationId: 'org-2' }),
            record('102', { PK: 'ORG#org-3', SK: 'SUBMISSION#a-3', type: 'submission', ...submission, organisationId: 'org-3', assessmentId: 'a-3' }),
            record('103', { PK: 'ORG#org-1', SK: 'PROFILE', type: 'organisation', name: 'not a submission' }),
          ],
        },
        {} as never,
      ),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    // The poison record is logged as an error by the Powertools logger, tied to the batch.
    const failure = lines.find((l) => l.message === 'could not fold submission');
    expect(failure).toMatchObject({ level: 'ERROR', service: 'aim-aggregate', itemIdentifier: '101', correlation_id: '100' });
    // Metrics go out as CloudWatch embedded metric format: 4 records, 1 failure.
    const emf = lines.find((l) => l._aws?.CloudWatchMetrics);
    expect(emf?._aws.CloudWatchMetrics[0].Namespace).toBe('AIM');
    expect(emf).toMatchObject({ StreamRecords: 4, StreamRecordFailures: 1, service: 'aim-aggregate' });
    const analyst = await call(api, 'GET', '/v1/taxonomy');
    expect(analyst.status).toBe(200);
  });
});
