/**
 * The Lambda bundles as `cdk synth` builds them (infra/support/lambda-bundles.ts), each
 * run in a Node.js process of its own by test/lambda-bundles/invoke.mjs and driven by the
 * events AWS sends: API Gateway HTTP API (payload 2.0) for `api`, `report` and `evidence`, DynamoDB Streams
 * batches for `aggregate` and `audit-ledger` (which writes to a local S3, test/support/fake-s3.ts). The processes see only what Lambda gives them: the asset directory,
 * the AWS SDK the runtime ships, the construct's environment and the table.
 * `.ci/node24.sh` runs this file with AIM_LAMBDA_NODE set to Node 24, the Lambda runtime.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { reportAfterBundling } from '../../infra/lib/report-bundle';
import { type BuiltBundles, buildLambdaBundles, nodeMajorOf, provideRuntimeSdk } from '../../infra/support/lambda-bundles';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { type FakeS3, startFakeS3 } from '../support/fake-s3';
import { type BundleProcess, type LogLine, LAMBDA_NODE, startBundle } from './bundle-process';
import { type HttpRequest, httpAnswer, httpEvent, streamEvent, streamRecord, streamRecordOf } from './events';

type Name = 'api' | 'aggregate' | 'report' | 'evidence' | 'audit-ledger';
const WEB_ORIGIN = 'https://d111111abcdef8.cloudfront.net';

let built: BuiltBundles<Name>;
let table: string;
const running: BundleProcess[] = [];

beforeAll(async () => {
  built = buildLambdaBundles<Name>({
    api: { entry: 'functions/handlers/api.ts', serviceName: 'aim-api' },
    aggregate: { entry: 'functions/handlers/aggregate.ts', serviceName: 'aim-aggregate' },
    report: { entry: 'functions/handlers/report.ts', serviceName: 'aim-report', afterBundling: reportAfterBundling },
    evidence: { entry: 'functions/handlers/evidence.ts', serviceName: 'aim-evidence' },
    'audit-ledger': { entry: 'functions/handlers/audit-ledger.ts', serviceName: 'aim-audit-ledger' },
  });
  provideRuntimeSdk(built.outdir);
  table = `bundles-${randomUUID()}`;
  await ensureTable(database(), table);
}, 240_000);

afterAll(async () => {
  await Promise.all(running.map((p) => p.close()));
  built?.dispose();
});

function database() {
  return createDynamoDbClient({ tableName: table, endpoint: inject('dynamodbEndpoint'), region: 'eu-west-1', requestTimeoutMs: 15_000, maxAttempts: 3 });
}

/** A cold start of a bundle on the shared table; it stays warm until the file ends. */
async function start(name: Name, env: Record<string, string> = {}): Promise<BundleProcess> {
  const started = await startBundle(built.bundles[name], {
    functionName: `aim-${name}`,
    // A generous database timeout: a busy CI machine answers slowly.
    env: { DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), AIM_TABLE_NAME: table, AIM_DB_TIMEOUT_MS: '15000', ...env },
  });
  running.push(started);
  return started;
}

/** Sends one API Gateway request to a running bundle. */
async function request(bundle: BundleProcess, method: string, path: string, options: HttpRequest = {}) {
  const event = httpEvent(method, path, options);
  const invocation = await bundle.invoke<Parameters<typeof httpAnswer>[0]>(event);
  return { ...httpAnswer(invocation.result), logs: invocation.logs, event, requestId: invocation.requestId };
}

const emfOf = (logs: LogLine[]) => logs.find((l) => l._aws?.CloudWatchMetrics);

describe('the Lambda bundles', () => {
  let api: BundleProcess;
  let report: BundleProcess;
  let evidence: BundleProcess;
  let aggregate: BundleProcess;
  let ledger: BundleProcess;
  let s3: FakeS3;
  let token: string;
  let organisationId: string;
  let assessmentId: string;

  beforeAll(async () => {
    s3 = await startFakeS3();
    // The api and the ledger function share the ledger bucket, as in AWS (infra/lib/audit-ledger.ts).
    const bucket = { AIM_AUDIT_LEDGER_BUCKET: 'aim-audit-ledger', AWS_ENDPOINT_URL_S3: s3.endpoint };
    // No KMS here to sign the tokens keys are exchanged for: the keys are taken as they are (the migration aid).
    const keysTaken = { AIM_STATIC_KEYS_ON_API: 'accepted' };
    [api, report, evidence, aggregate, ledger] = await Promise.all([
      start('api', { AIM_WEB_ORIGIN: WEB_ORIGIN, ...bucket, ...keysTaken }),
      start('report', keysTaken),
      start('evidence', keysTaken),
      start('aggregate'),
      start('audit-ledger', bucket),
    ]);
  });

  afterAll(async () => {
    await s3?.close();
  });

  it("run on the Lambda runtime's Node.js when AIM_LAMBDA_NODE names one", () => {
    const runtimes = new Set(Object.values(built.bundles).map((b) => b.runtime));
    expect(runtimes.size).toBe(1);
    const [runtime] = [...runtimes] as [string];
    for (const bundle of [api, report, evidence, aggregate, ledger]) {
      if (process.env.AIM_LAMBDA_NODE) expect(bundle.node, `${LAMBDA_NODE} runs ${runtime}`).toMatch(new RegExp(`^v${nodeMajorOf(runtime)}\\.`));
      else expect(bundle.node).toBe(process.version);
    }
  });

  it('api: health, registration, the session of the new token, and a validation problem', async () => {
    const health = await request(api, 'GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    // Powertools: the request counted, as a CloudWatch embedded metric format document.
    const emf = emfOf(health.logs);
    expect(emf?._aws.CloudWatchMetrics[0].Namespace).toBe(built.bundles.api.environment.POWERTOOLS_METRICS_NAMESPACE);
    expect(emf).toMatchObject({ Requests: 1, ServerErrors: 0, service: 'aim-api' });

    const registered = await request(api, 'POST', '/v1/organisations', {
      body: { name: 'Bundle Ltd', industry: 'retail', sizeBand: '1-49', region: 'europe' },
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.location).toBe('/v1/organisation');
    token = registered.body.token.secret;
    organisationId = registered.body.organisation.id;
    expect(token).toEqual(expect.any(String));

    const session = await request(api, 'GET', '/v1/session', { token });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ organisationId, organisation: { id: organisationId, name: 'Bundle Ltd' } });

    const invalid = await request(api, 'POST', '/v1/organisations', { body: { name: 'x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(invalid.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(invalid.body.errors.length).toBeGreaterThan(0);

    const anonymous = await request(api, 'GET', '/v1/session');
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
  });

  it('api: answers CORS preflights for the web origin only', async () => {
    const preflight = (origin: string) =>
      request(api, 'OPTIONS', '/v1/assessments', {
        headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(WEB_ORIGIN);
    expect(allowed.headers['access-control-allow-origin']).toBe(WEB_ORIGIN);
    expect(allowed.headers['access-control-allow-methods']).toContain('PATCH');
    const other = await preflight('https://evil.example');
    expect(other.headers['access-control-allow-origin'] ?? null).not.toBe('https://evil.example');
    expect(other.headers['access-control-allow-origin'] ?? null).not.toBe('*');
  });

  it('report: renders the PDF of an assessment submitted through the api bundle', async () => {
    const served = (await request(api, 'GET', '/v1/questionnaires/agent-identity/versions/1.0.0')).body as ServedQuestionnaire;
    const draft = await request(api, 'POST', '/v1/assessments', { token, body: { questionnaireId: 'agent-identity', version: '1.0.0' } });
    expect(draft.status).toBe(201);
    assessmentId = draft.body.id;
    const saved = await request(api, 'PATCH', `/v1/assessments/${assessmentId}/answers`, {
      token,
      body: { revision: 0, answers: completeAnswers(served, () => 2) },
    });
    expect(saved.status).toBe(200);
    const submitted = await request(api, 'POST', `/v1/assessments/${assessmentId}/submit`, { token });
    expect(submitted.body.status).toBe('submitted');

    const pdf = await request(report, 'GET', `/v1/assessments/${assessmentId}/report.pdf`, { token });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.isBase64Encoded).toBe(true);
    const bytes = Buffer.from(pdf.body as string, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
    // The report Lambda counts its requests too.
    const emf = emfOf(pdf.logs);
    expect(emf).toMatchObject({ Requests: 1, ServerErrors: 0, service: 'aim-report' });

    const denied = await request(report, 'GET', `/v1/assessments/${assessmentId}/report.pdf`);
    expect(denied.status).toBe(401);
    expect(denied.headers['content-type']).toContain('application/problem+json');
  });

  it('evidence: imports the agent inventory template into a draft made through the api bundle, and lists it', async () => {
    const draft = await request(api, 'POST', '/v1/assessments', { token, body: { questionnaireId: 'agent-identity', version: '1.2.0' } });
    expect(draft.status).toBe(201);
    const csv = readFileSync('test/fixtures/evidence/template.csv', 'utf8');
    const imported = await request(evidence, 'POST', `/v1/assessments/${draft.body.id}/evidence`, {
      token,
      query: 'format=aim-template&fileName=agents.csv',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toMatchObject({ assessmentId: draft.body.id, fileName: 'agents.csv', identities: { agent: 30 } });
    expect(emfOf(imported.logs)).toMatchObject({ Requests: 1, ServerErrors: 0, service: 'aim-evidence' });
    const listed = await request(evidence, 'GET', `/v1/assessments/${draft.body.id}/evidence`, { token });
    expect(listed.body.imports.map((i: { id: string }) => i.id)).toEqual([imported.body.id]);
    const unreadable = await request(evidence, 'POST', `/v1/assessments/${draft.body.id}/evidence`, {
      token,
      query: 'format=aim-template&fileName=agents.csv',
      headers: { 'content-type': 'text/csv' },
      body: 'not,the,template\n',
    });
    expect(unreadable).toMatchObject({ status: 422, body: { code: 'evidence_unreadable' } });
  });

  it('aggregate: a stream batch with the stored submission has no failures', async () => {
    const scanned = await database().send(
      new ScanCommand({
        TableName: table,
        FilterExpression: '#type = :submission AND assessmentId = :id',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':submission': { S: 'submission' }, ':id': { S: assessmentId } },
      }),
    );
    expect(scanned.Items).toHaveLength(1);
    const { result, logs } = await aggregate.invoke(streamEvent(streamRecordOf('100', scanned.Items![0]!)));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(emfOf(logs)).toMatchObject({ StreamRecords: 1, StreamRecordFailures: 0, service: 'aim-aggregate' });
  });

  it('aggregate: a malformed submission record comes back in batchItemFailures, the others do not', async () => {
    const { result, logs } = await aggregate.invoke(
      streamEvent(
        streamRecord('201', { PK: `ORG#${organisationId}`, SK: 'SUBMISSION#broken', type: 'submission', organisationId }),
        streamRecord('202', { PK: `ORG#${organisationId}`, SK: 'PROFILE', type: 'organisation', name: 'not a submission' }),
      ),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '201' }] });
    const failure = logs.find((l) => l.level === 'ERROR');
    expect(failure, 'the poison record is logged as an error').toMatchObject({ service: 'aim-aggregate', correlation_id: 'event-201' });
    expect(JSON.stringify(failure)).toContain('201');
    expect(emfOf(logs)).toMatchObject({ StreamRecords: 2, StreamRecordFailures: 1 });
  });

  it('audit-ledger: a batch of audit events becomes a segment in S3, which the api verifies', async () => {
    const scanned = await database().send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': { S: `ORG#${organisationId}` }, ':audit': { S: 'AUDIT#' } },
        ConsistentRead: true,
      }),
    );
    const events = scanned.Items ?? [];
    expect(events.length).toBeGreaterThan(0);
    const { result, logs } = await ledger.invoke(streamEvent(...events.map((item, i) => streamRecordOf(String(300 + i), item))));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(emfOf(logs)).toMatchObject({ StreamRecords: events.length, StreamRecordFailures: 0, service: 'aim-audit-ledger' });
    const put = s3.requests.find((r) => r.method === 'PUT');
    expect(put).toMatchObject({ path: `/aim-audit-ledger/ledger/${organisationId}/000000000001.json`, headers: { 'if-none-match': '*' } });

    const check = await request(api, 'GET', '/v1/audit/integrity', { token });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ ledgerSegments: 1, chainIntact: true, altered: [], missing: [] });
    expect(check.body.verifiedEvents).toBe(events.length);
  });

  it('audit-ledger: an event outside any organisation comes back in batchItemFailures', async () => {
    const { result } = await ledger.invoke(
      streamEvent(streamRecord('401', { PK: 'TOKEN#abc', SK: 'AUDIT#2026-01-01T00:00:00.000Z#e1', type: 'audit', id: 'e1' })),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '401' }] });
  });
});

/*
 * The api bundle's bootstrap admin secret, read through the runtime's Secrets Manager client
 * from a local server speaking its JSON protocol (AWS_ENDPOINT_URL_SECRETS_MANAGER): once per
 * cold start, applied on the first request, retried after a failure without failing it.
 */
describe('the api bundle with the admin secret', () => {
  const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:aim-admin-AbCdEf';
  const ADMIN_TOKEN = `aim_admin_${randomUUID().replaceAll('-', '')}`;
  const calls: { target: string; secretId: unknown }[] = [];
  let failNext = 0;
  let server: Server;
  let api: BundleProcess;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        calls.push({ target: String(req.headers['x-amz-target']), secretId: JSON.parse(raw).SecretId });
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
    api = await start('api', {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AIM_ADMIN_TOKEN_SECRET_ARN: SECRET_ARN,
    });
  });

  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** What the bootstrap admin credential is for: granting a person a platform membership. */
  const grantAnalyst = (bearer: string) =>
    request(api, 'POST', '/v1/memberships', {
      token: bearer,
      body: { issuer: 'https://sign-in.example', subject: randomUUID(), organisationId: null, role: 'analyst', reason: 'granted with the admin secret' },
    });

  it('serves requests while Secrets Manager fails, logs that with the request id, then applies the secret once', async () => {
    failNext = 10; // more than the SDK's retries of a 500
    const health = await request(api, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.logs.find((l) => String(l.message).includes('bootstrap admin secret'))).toMatchObject({
      level: 'ERROR',
      service: 'aim-api',
      correlation_id: health.event.requestContext.requestId,
      function_request_id: health.requestId,
    });
    const failedCalls = calls.length;
    expect(failedCalls).toBeGreaterThan(0);
    expect(calls.every((c) => c.target === 'secretsmanager.GetSecretValue' && c.secretId === SECRET_ARN)).toBe(true);

    failNext = 0;
    const granted = await grantAnalyst(ADMIN_TOKEN);
    expect(granted).toMatchObject({ status: 201, body: { membership: { role: 'analyst', organisationId: null } } });
    expect(calls.length).toBe(failedCalls + 1);
    // Later requests neither read the secret again nor lose the admin.
    expect((await grantAnalyst(ADMIN_TOKEN)).status).toBe(201);
    expect((await request(api, 'GET', '/v1/session', { token: ADMIN_TOKEN })).status).toBe(200);
    expect(calls.length).toBe(failedCalls + 1);
    expect((await grantAnalyst(`aim_${'x'.repeat(40)}`)).status).toBe(401);
  });
});
