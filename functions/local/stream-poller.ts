/**
 * Reads DynamoDB Local's stream and hands each batch to the aggregate handler in the
 * shape that Lambda's DynamoDB Streams event source delivers, honouring partial batch
 * failures (a failed record is delivered again, from its sequence number on).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamPollerOptions {
  client: DynamoDBClient;
  streamsClient: DynamoDBStreamsClient;
  tableName: string;
  region: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  intervalMs?: number;
  batchSize?: number;
  log?: (entry: Record<string, unknown>) => void;
}

interface ShardState {
  iterator?: string;
  /** Last sequence number handed over successfully. */
  checkpoint?: string;
  closed: boolean;
}

type Image = Record<string, Record<string, unknown>>;

/**
 * An item image as Lambda delivers it. The SDK's Streams client hands an empty map
 * (`{"M":{}}` on the wire, and in Lambda's event) over as an attribute value with no
 * member, `{}`; it is given back its empty map, so that the audit ledger digests what was
 * stored. (An empty list would come out the same way; no item read from the stream has one.)
 */
export function restoreEmptyMaps(image: Image | undefined): Image | undefined {
  if (!image) return image;
  const value = (attribute: Record<string, unknown>): Record<string, unknown> => {
    if (Object.keys(attribute).length === 0) return { M: {} };
    if (attribute.M) return { M: restoreEmptyMaps(attribute.M as Image) };
    if (Array.isArray(attribute.L)) return { L: (attribute.L as Record<string, unknown>[]).map(value) };
    return attribute;
  };
  return Object.fromEntries(Object.entries(image).map(([name, attribute]) => [name, value(attribute)]));
}

/** The Lambda event record for a Streams API record (dates become epoch seconds). */
export function toLambdaRecord(record: _Record, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) : undefined,
      Keys: d.Keys as never,
      NewImage: restoreEmptyMaps(d.NewImage as Image | undefined) as never,
      OldImage: restoreEmptyMaps(d.OldImage as Image | undefined) as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
  };
}

export class StreamPoller {
  private readonly shards = new Map<string, ShardState>();
  private streamArn?: string;
  private timer?: NodeJS.Timeout;
  private running = false;
  private cycle?: Promise<unknown>;

  constructor(private readonly options: StreamPollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      this.cycle = this.pollOnce().catch((error) => this.options.log?.({ level: 'warn', msg: 'stream poll failed; retrying', error: String(error) }));
      await this.cycle;
      if (this.running) this.timer = setTimeout(tick, this.options.intervalMs ?? 250);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.cycle;
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** One pass over every shard (passes never overlap); resolves with the records delivered. */
  pollOnce(): Promise<number> {
    const pass = this.queue.then(() => this.pass());
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<number> {
    const { client, streamsClient, tableName } = this.options;
    if (!this.streamArn) {
      const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
      this.streamArn = table.Table?.LatestStreamArn;
      if (!this.streamArn) throw new Error(`table ${tableName} has no stream`);
    }
    const description = await streamsClient.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (shard.ShardId && !this.shards.has(shard.ShardId)) this.shards.set(shard.ShardId, { closed: false });
    }
    let delivered = 0;
    for (const [shardId, state] of this.shards) {
      if (state.closed) continue;
      delivered += await this.readShard(shardId, state);
    }
    return delivered;
  }

  private async iteratorFor(shardId: string, state: ShardState): Promise<string | undefined> {
    const result = await this.options.streamsClient.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ...(state.checkpoint ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.checkpoint } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return result.ShardIterator;
  }

  private async readShard(shardId: string, state: ShardState): Promise<number> {
    state.iterator ??= await this.iteratorFor(shardId, state);
    if (!state.iterator) {
      state.closed = true;
      return 0;
    }
    let page: GetRecordsCommandOutput;
    try {
      page = await this.options.streamsClient.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: this.options.batchSize ?? 100 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        state.iterator = undefined;
        return 0;
      }
      throw error;
    }
    const records = page.Records ?? [];
    if (records.length === 0) {
      state.iterator = page.NextShardIterator;
      if (!state.iterator) state.closed = true;
      return 0;
    }
    const event: DynamoDBStreamEvent = { Records: records.map((r) => toLambdaRecord(r, this.streamArn!, this.options.region)) };
    let failures: string[] = [];
    try {
      const response = await this.options.handler(event);
      failures = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    } catch (error) {
      this.options.log?.({ level: 'error', msg: 'aggregate handler threw; the batch will be delivered again', error: String(error) });
      failures = [records[0]!.dynamodb!.SequenceNumber!];
    }
    if (failures.length === 0) {
      state.checkpoint = records.at(-1)?.dynamodb?.SequenceNumber ?? state.checkpoint;
      state.iterator = page.NextShardIterator;
      if (!state.iterator) state.closed = true;
      return records.length;
    }
    // As Lambda does: resume from the first failed record on the next pass.
    const firstFailed = records.findIndex((r) => failures.includes(r.dynamodb?.SequenceNumber ?? ''));
    state.checkpoint = firstFailed > 0 ? records[firstFailed - 1]!.dynamodb!.SequenceNumber : state.checkpoint;
    state.iterator = undefined;
    return Math.max(0, firstFailed);
  }
}
