/**
 * Submissions reach the benchmark through the stream: DynamoDB Local's stream, read by
 * the local poller in Lambda's event shape, folded by the aggregate handler's logic.
 */
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { submissionsFromRecords } from '../../functions/adapters/dynamodb/stream-records';
import type { Principal } from '../../functions/core/access/principal';
import { StreamPoller } from '../../functions/local/stream-poller';
import { foldSubmissions } from '../../functions/services/aggregation';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { freshServices } from '../support/table';
import { verifyWithService } from '../support/verification';

let ctx: Awaited<ReturnType<typeof freshServices>>;
let questionnaire: ServedQuestionnaire;
const events: DynamoDBStreamEvent[] = [];

async function submitFor(name: string, level: number): Promise<{ principal: Principal; id: string }> {
  const { organisation, token } = await ctx.services.organisations.register({ name, industry: 'energy', sizeBand: '5000+', region: 'asia-pacific' });
  await verifyWithService(ctx.services, organisation.id);
  const principal = await ctx.services.tokens.authenticate(token.secret);
  const draft = await ctx.services.assessments.create(principal, { questionnaireId: 'agent-identity', version: '1.0.0' });
  await ctx.services.assessments.saveAnswers(principal, draft.id, { revision: 0, answers: completeAnswers(questionnaire, (n) => Math.min(n - 1, level)) });
  await ctx.services.assessments.submit(principal, draft.id);
  return { principal, id: draft.id };
}

function poller(handler: (event: DynamoDBStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>) {
  return new StreamPoller({
    client: ctx.services.client,
    streamsClient: new DynamoDBStreamsClient({
      region: 'us-east-1',
      endpoint: inject('dynamodbEndpoint'),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName: ctx.config.AIM_TABLE_NAME,
    region: 'us-east-1',
    handler,
  });
}

/** Each organisation's contribution to the all-period cells: its latest submission. */
const members = async () =>
  (await ctx.services.stores.benchmarks.allContributions())
    .filter((c) => c.scope === '*' && c.questionnaireId === 'agent-identity')
    .sort((a, b) => a.organisationId.localeCompare(b.organisationId));

beforeAll(async () => {
  ctx = await freshServices();
  const q = ctx.services.catalogue.get('agent-identity', '1.0.0');
  questionnaire = { id: q.id, version: q.version, domains: q.domains.map((d) => ({ id: d.id, questions: q.questions.filter((x) => x.domain === d.id) })) };
  for (let i = 0; i < 4; i++) await submitFor(`Grid ${i}`, i);
  // Capture what the stream delivers, in Lambda's shape.
  const capture = poller(async (event) => {
    events.push(event);
    return { batchItemFailures: [] };
  });
  while ((await capture.pollOnce()) > 0);
});

const submissionRecords = () => events.flatMap((e) => e.Records).filter((r) => r.dynamodb?.NewImage?.type?.S === 'submission');

describe('aggregation from the stream', () => {
  it('delivers Lambda-shaped DynamoDB Streams records', () => {
    const record = submissionRecords()[0]!;
    expect(record).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventName: 'INSERT',
      awsRegion: 'us-east-1',
      eventSourceARN: expect.stringContaining('stream'),
    });
    expect(record.dynamodb).toMatchObject({
      SequenceNumber: expect.any(String),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      NewImage: { type: { S: 'submission' } },
    });
    expect(typeof record.dynamodb!.ApproximateCreationDateTime).toBe('number');
    expect(submissionRecords()).toHaveLength(4);
  });

  it('folds the same records twice, or in reverse order, into the same members and cells', async () => {
    const records = submissionRecords();
    await foldSubmissions(submissionsFromRecords(records), ctx.services.stores.benchmarks);
    const once = await members();
    const cells = await ctx.services.stores.benchmarks.allCells();
    expect(once).toHaveLength(4);
    await foldSubmissions(submissionsFromRecords(records), ctx.services.stores.benchmarks);
    await foldSubmissions(submissionsFromRecords([...records].reverse()), ctx.services.stores.benchmarks);
    expect(await members()).toEqual(once);
    expect(await ctx.services.stores.benchmarks.allCells()).toEqual(cells);
  });

  it("replaces an organisation's contribution with its newer submission, whatever the order", async () => {
    const { principal } = await submitFor('Grid again', 0);
    const second = await ctx.services.assessments.create(principal, { questionnaireId: 'agent-identity', version: '1.0.0' });
    await ctx.services.assessments.saveAnswers(principal, second.id, { revision: 0, answers: completeAnswers(questionnaire, (n) => n - 1) });
    await ctx.services.assessments.submit(principal, second.id);
    const fresh: DynamoDBRecord[] = [];
    const capture = poller(async (event) => {
      fresh.push(...event.Records);
      return { batchItemFailures: [] };
    });
    while ((await capture.pollOnce()) > 0);
    const mine = fresh.filter((r) => r.dynamodb?.NewImage?.organisationId?.S === principal.organisationId && r.dynamodb?.NewImage?.type?.S === 'submission');
    expect(mine).toHaveLength(2);
    // Newest first: the older record arriving late must not win.
    await foldSubmissions(submissionsFromRecords([...mine].reverse()), ctx.services.stores.benchmarks);
    const member = (await members()).find((m) => m.organisationId === principal.organisationId)!;
    const latest = await ctx.services.assessments.get(principal, second.id);
    expect(member.bins.overall).toBe(Math.round(latest.scores!.overall.score * 100));
    expect(member.assessmentId).toBe(second.id);
    expect(member.submittedAt).toBe(latest.submittedAt);
  });

  it('reports a poison record as a partial batch failure and folds the rest', async () => {
    const records = submissionRecords();
    const poison: DynamoDBRecord = {
      ...records[0]!,
      dynamodb: { ...records[0]!.dynamodb, SequenceNumber: 'poison-1', NewImage: { type: { S: 'submission' }, scores: { N: 'not-a-number' } } as never },
    };
    const store = ctx.services.stores.benchmarks;
    let asked: string[] = [];
    const result = await foldSubmissions(submissionsFromRecords([poison, ...records]), {
      ...Object.fromEntries(Object.getOwnPropertyNames(Object.getPrototypeOf(store)).map((name) => [name, (store as any)[name].bind(store)])),
      contributions: async (keys: readonly string[]) => {
        asked = [...keys];
        return store.contributions(keys);
      },
    } as typeof store);
    expect(result).toEqual({ failed: ['poison-1'] });
    // every good record was read for folding (two scopes each: all periods and its quarter)
    const organisations = new Set(records.map((r) => r.dynamodb!.NewImage!.organisationId!.S));
    expect(new Set(asked.map((k) => k.split('#')[0]))).toEqual(organisations);
  });

  it('redelivers a batch from the failed record, as Lambda does', async () => {
    let calls = 0;
    const seen: string[][] = [];
    const retrying = poller(async (event) => {
      calls += 1;
      const ids = event.Records.map((r) => r.dynamodb!.SequenceNumber!);
      seen.push(ids);
      // Fail the second record on the first delivery only.
      return { batchItemFailures: calls === 1 && ids.length > 1 ? [{ itemIdentifier: ids[1]! }] : [] };
    });
    while ((await retrying.pollOnce()) > 0 || calls < 2);
    expect(seen[1]![0]).toBe(seen[0]![1]);
  });
});
