/** Lambda events as AWS sends them: API Gateway HTTP API (payload 2.0) and DynamoDB Streams. */
import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface HttpRequest {
  token?: string;
  /** JSON-encoded unless a string, which is sent as it is (with the content-type header given). */
  body?: unknown;
  query?: string;
  headers?: Record<string, string>;
}

/** An HTTP API request through the `$default` route and stage, as API Gateway hands it over. */
export function httpEvent(method: string, path: string, request: HttpRequest = {}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { host: 'api.example.com', 'user-agent': 'aim-bundle-test', ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined && typeof request.body !== 'string') headers['content-type'] = 'application/json';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: request.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'aim-bundle-test' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: '28/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_860_000_000,
    },
    body: request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    isBase64Encoded: false,
  };
}

export interface HttpAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed when the content type is JSON, else the raw (possibly base64) body. */
  body: any;
  isBase64Encoded: boolean;
}

/** Reads a structured HTTP API response (what a Hono Lambda handler returns). */
export function httpAnswer(result: APIGatewayProxyStructuredResultV2): HttpAnswer {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const json = headers['content-type']?.includes('json') ?? false;
  return {
    status: result.statusCode ?? 200,
    headers,
    body: json && result.body ? JSON.parse(result.body) : result.body,
    isBase64Encoded: result.isBase64Encoded ?? false,
  };
}

/** One INSERT record of the table's stream (NEW_AND_OLD_IMAGES) carrying a stored item as is. */
export function streamRecordOf(sequenceNumber: string, image: Record<string, AttributeValue>): DynamoDBRecord {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/aim/stream/2026-11-28T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1_795_860_000,
      Keys: { PK: image.PK, SK: image.SK } as never,
      NewImage: image as never,
      SequenceNumber: sequenceNumber,
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** The same for an item given as plain values. */
export const streamRecord = (sequenceNumber: string, item: Record<string, unknown>): DynamoDBRecord =>
  streamRecordOf(sequenceNumber, marshall(item, { removeUndefinedValues: true }));

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
