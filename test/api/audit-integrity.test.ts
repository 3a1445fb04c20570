/**
 * The audit ledger through a real server on DynamoDB Local: events ledgered from the
 * stream, then the table and the ledger tampered with directly, as an operator with raw
 * access could, and the integrity check finding each change.
 */
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { apiClient, type ApiClient } from '../support/api-client';
import { registerOrganisation } from '../support/api-steps';
import { startTestPlatform } from '../support/platform-fixture';
import { expectProblem } from '../support/problems';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let dataDir: string;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aim-ledger-test-'));
  // With a data directory, so that the ledger's files are where the test can reach them.
  platform = await startTestPlatform({ dataDir, withAdminKey: false });
  api = apiClient(platform.url);
  const { config } = platform;
  doc = createDocumentClient(
    createDynamoDbClient({
      tableName: config.AIM_TABLE_NAME,
      endpoint: config.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      requestTimeoutMs: 15_000,
      maxAttempts: 3,
    }),
  );
});

afterAll(async () => {
  doc?.destroy();
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** An organisation with an owner, a leader and a respondent, and a few changes on its trail. */
async function organisationWithHistory(name: string) {
  const { organisation, token: owner } = await registerOrganisation(api, name);
  const tokenFor = async (role: 'leader' | 'respondent') => {
    const { code } = (await api.post('/v1/invitations', { role, actorType: 'agent', label: `${role} key` }, owner.secret)).body;
    return (await api.post('/v1/invitations/accept', { code })).body.token.secret as string;
  };
  const leader = await tokenFor('leader');
  const respondent = await tokenFor('respondent');
  expect((await api.post('/v1/assessments', { questionnaireId: 'agent-identity', version: '1.0.0' }, owner.secret)).status).toBe(201);
  await platform.drainStream();
  return { organisationId: organisation.id as string, owner: owner.secret, leader, respondent };
}

const auditItems = async (organisationId: string) =>
  (
    await doc.send(
      new QueryCommand({
        TableName: platform.config.AIM_TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `ORG#${organisationId}`, ':prefix': 'AUDIT#' },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('GET /v1/audit/integrity', () => {
  it('verifies every event of an untouched trail against an intact chain', async () => {
    const org = await organisationWithHistory('Ledger Intact Ltd');
    const events = await auditItems(org.organisationId);
    expect(events.length).toBeGreaterThanOrEqual(4);
    const res = await api.get('/v1/audit/integrity', org.owner);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      verifiedEvents: events.length,
      chainIntact: true,
      chainProblems: [],
      altered: [],
      missing: [],
      unledgered: [],
      partial: false,
    });
    expect(res.body.ledgerSegments).toBeGreaterThanOrEqual(1);
    // The ledger holds digests, not content: nothing an event says is in its files.
    const files = await readdir(join(dataDir, 'audit-ledger', org.organisationId));
    const text = (await Promise.all(files.map((f) => readFile(join(dataDir, 'audit-ledger', org.organisationId, f), 'utf8')))).join('\n');
    expect(text).not.toContain('leader key');
    expect(text).toContain(events[0]!.id);
  });

  it('is for owners and leaders: a respondent gets 403', async () => {
    const org = await organisationWithHistory('Ledger Roles Ltd');
    expect((await api.get('/v1/audit/integrity', org.leader)).status).toBe(200);
    expectProblem(await api.get('/v1/audit/integrity', org.respondent), 403, 'forbidden');
    expectProblem(await api.get('/v1/audit/integrity'), 401, 'unauthenticated');
  });

  it('reports an event changed in the table as altered and a deleted one as missing', async () => {
    const org = await organisationWithHistory('Ledger Tamper Ltd');
    const [first, second] = await auditItems(org.organisationId);
    const key = (item: Record<string, unknown>) => ({ PK: item.PK, SK: item.SK });
    await doc.send(
      new UpdateCommand({
        TableName: platform.config.AIM_TABLE_NAME,
        Key: key(first!),
        UpdateExpression: 'SET #operation = :operation',
        ExpressionAttributeNames: { '#operation': 'operation' },
        ExpressionAttributeValues: { ':operation': 'nothing.happened' },
      }),
    );
    await doc.send(new DeleteCommand({ TableName: platform.config.AIM_TABLE_NAME, Key: key(second!) }));
    const res = await api.get('/v1/audit/integrity', org.owner);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ chainIntact: true, altered: [first!.id], missing: [second!.id], unledgered: [] });
  });

  it('reports a changed ledger file as a broken chain', async () => {
    const org = await organisationWithHistory('Ledger File Ltd');
    const dir = join(dataDir, 'audit-ledger', org.organisationId);
    const [firstFile] = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    const file = join(dir, firstFile!);
    // Files are written read-only; their owner can still change them, which the check finds.
    await chmod(file, 0o644);
    const segment = JSON.parse(await readFile(file, 'utf8'));
    segment.entries[0].digest = '0'.repeat(64);
    await writeFile(file, JSON.stringify(segment));
    const res = await api.get('/v1/audit/integrity', org.owner);
    expect(res.status).toBe(200);
    expect(res.body.chainIntact).toBe(false);
    expect(res.body.chainProblems).toContainEqual({ sequence: 1, problem: 'hash_mismatch' });
    expect(res.body.altered).toContain(segment.entries[0].eventId);
  });

  it('ledgers any audit event the stream carries, whoever wrote it', async () => {
    const org = await organisationWithHistory('Ledger Stream Ltd');
    // An event put straight into the table (with an empty map, which the local stream reader must keep).
    const [template] = await auditItems(org.organisationId);
    const id = '00000000-0000-4000-8000-000000000001';
    const at = new Date().toISOString();
    await doc.send(new PutCommand({ TableName: platform.config.AIM_TABLE_NAME, Item: { ...template!, SK: `AUDIT#${at}#${id}`, id, at, extra: {} } }));
    await platform.drainStream();
    const stored = await auditItems(org.organisationId);
    const res = await api.get('/v1/audit/integrity', org.owner);
    expect(res.body).toMatchObject({ verifiedEvents: stored.length, chainIntact: true, altered: [], missing: [], unledgered: [] });
  });
});
