/**
 * Benchmark contributions and cohort cells in DynamoDB (layout in benchmark-items.ts,
 * keys in keys.ts). A contribution change and its cell deltas commit in one
 * transaction, conditional on the contribution read before: a replayed or concurrent
 * fold either finds the work done or retries, and never counts twice.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CellCounts, Contribution, ContributionChange } from '../../core/benchmark/contributions';
import type { DenseCounts } from '../../core/benchmark/dense-histogram';
import type { AuditEvent, Submission } from '../../services/entities';
import type { BenchmarkMaintenanceStore, BenchmarkStore, Participation, ParticipationState, WriteOutcome } from '../../services/ports';
import {
  BenchmarkItemType,
  benchmarkKeys,
  cellIdOfItem,
  cellItem,
  cellVersion,
  contributionItem,
  contributionKeyParts,
  contributionOfItem,
  countsOfItem,
  denseCellItem,
  denseCountsOfItem,
  mergedCountsOfItems,
  participationOfItem,
  withDenseDelta,
} from './benchmark-items';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, fromItem, ORGANISATION_LIVE, queryPartition, type TableContext } from './table-context';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 2 ** attempt)));

export class DynamoDbBenchmarkRepository implements BenchmarkStore, BenchmarkMaintenanceStore {
  constructor(private readonly ctx: TableContext) {}

  /** BatchGetItem takes 100 keys at most: the chunks are read at the same time. */
  private async batchGet(keyList: Record<string, string>[], projection?: string): Promise<Record<string, unknown>[]> {
    const chunks = Array.from({ length: Math.ceil(keyList.length / 100) }, (_, i) => keyList.slice(i * 100, i * 100 + 100));
    const readChunk = async (chunk: Record<string, string>[]) => {
      const found: Record<string, unknown>[] = [];
      let request = chunk;
      for (let attempt = 0; request.length > 0; attempt++) {
        const result = await this.ctx.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.ctx.tableName]: { Keys: request, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } },
          }),
        );
        found.push(...(result.Responses?.[this.ctx.tableName] ?? []));
        request = (result.UnprocessedKeys?.[this.ctx.tableName]?.Keys ?? []) as Record<string, string>[];
        if (request.length > 0) await pause(attempt);
      }
      return found;
    };
    return (await Promise.all(chunks.map(readChunk))).flat();
  }

  async contributions(keyList: readonly string[]): Promise<Map<string, Contribution>> {
    const items = await this.batchGet(
      keyList.map((k) => {
        const { organisationId, questionnaireId, scope } = contributionKeyParts(k);
        return benchmarkKeys.contribution(organisationId, questionnaireId, scope);
      }),
    );
    return new Map(
      items.map((item) => {
        const c = contributionOfItem(item);
        return [`${c.organisationId}#${c.questionnaireId}#${c.scope}`, c];
      }),
    );
  }

  private queryOrg(organisationId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryPartition(this.ctx, orgPartition(organisationId), prefix);
  }

  async contributionsOfOrganisation(organisationId: string): Promise<Contribution[]> {
    return (await this.queryOrg(organisationId, 'BENCHMARK#CONTRIBUTION#')).map(contributionOfItem);
  }

  async submissionsOf(organisationId: string): Promise<Submission[]> {
    return (await this.queryOrg(organisationId, 'SUBMISSION#')).map((item) => fromItem<Submission>(item)!);
  }

  async participation(organisationIds: readonly string[]): Promise<Map<string, Participation>> {
    const items = await this.batchGet([...new Set(organisationIds)].map((id) => benchmarkKeys.participation(id)));
    return new Map(items.map((item) => [String(item.organisationId), participationOfItem(item)]));
  }

  async commit(
    changes: readonly ContributionChange[],
    deltas: ReadonlyMap<string, CellCounts>,
    contributing: readonly string[],
    fold?: Map<string, unknown>,
  ): Promise<WriteOutcome> {
    const items: TransactItem[] = [];
    for (const { key, previous, next } of changes) {
      const { organisationId, questionnaireId, scope } = contributionKeyParts(key);
      const condition = previous
        ? { ConditionExpression: 'assessmentId = :previous', ExpressionAttributeValues: { ':previous': previous.assessmentId } }
        : { ConditionExpression: 'attribute_not_exists(PK)' };
      if (next) items.push({ Put: { TableName: this.ctx.tableName, Item: contributionItem(next), ...condition } });
      else items.push({ Delete: { TableName: this.ctx.tableName, Key: benchmarkKeys.contribution(organisationId, questionnaireId, scope), ...condition } });
    }
    for (const organisationId of new Set(contributing)) {
      items.push({
        ConditionCheck: {
          TableName: this.ctx.tableName,
          Key: benchmarkKeys.participation(organisationId),
          // countsInBenchmarks (core/verification), as a condition: contributing and verified.
          ConditionExpression: '#state = :contributing AND verification = :verified',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':contributing': 'contributing', ':verified': 'verified' },
        },
      });
    }
    // Cells are read, changed in memory and written back on condition of their version:
    // a concurrent fold of the same cell makes this transaction fail and re-plan. Within one
    // fold, a cell read or written by an earlier commit is taken from `fold` (its counts and
    // version as this fold left them; `null` when it did not exist): were it changed since,
    // the version condition fails as for any concurrent fold.
    const known = (fold ?? new Map()) as Map<string, { counts: DenseCounts; version: number } | null>;
    const unknown = [...deltas.keys()].filter((id) => !known.has(id));
    const read = new Map((await this.batchGet(unknown.map((id) => benchmarkKeys.cell(id)))).map((item) => [cellIdOfItem(item), item]));
    for (const id of unknown) {
      const item = read.get(id);
      known.set(id, item ? { counts: denseCountsOfItem(item), version: cellVersion(item) } : null);
    }
    const written = new Map<string, { counts: DenseCounts; version: number }>();
    for (const [id, delta] of deltas) {
      const current = known.get(id) ?? null;
      const version = current?.version ?? 0;
      const counts = withDenseDelta(current?.counts, delta);
      written.set(id, { counts, version: version + 1 });
      items.push({
        Put: {
          TableName: this.ctx.tableName,
          Item: denseCellItem(id, counts, version + 1),
          ...(current ? { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': version } } : { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      });
    }
    if (items.length === 0) return 'written';
    const outcome = await this.transact(items);
    // What this fold knows of the cells: as written, or (on a conflict) nothing, to be read afresh.
    for (const [id, cell] of written)
      if (outcome === 'written') known.set(id, cell);
      else known.delete(id);
    return outcome;
  }

  private async transact(items: TransactItem[]): Promise<WriteOutcome> {
    // Concurrent transactions on the same hot cell are cancelled with TransactionConflict: retry those.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return 'written';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
        if (codes.includes('ConditionalCheckFailed') && codes.every((c) => c === 'None' || c === 'ConditionalCheckFailed')) return 'conflict';
        if (attempt >= 30 || !codes.some((c) => c === 'TransactionConflict')) throw error;
        await pause(attempt + 3);
      }
    }
  }

  async cells(ids: readonly string[]): Promise<Map<string, CellCounts>> {
    const items = await this.batchGet([...new Set(ids)].map((id) => benchmarkKeys.cell(id)));
    return new Map(items.map((item) => [cellIdOfItem(item), countsOfItem(item)]));
  }

  async mergedCell(ids: readonly string[]): Promise<DenseCounts> {
    return mergedCountsOfItems(await this.batchGet([...new Set(ids)].map((id) => benchmarkKeys.cell(id))));
  }

  async cellSizes(ids: readonly string[]): Promise<Map<string, number>> {
    const items = await this.batchGet(
      [...new Set(ids)].map((id) => benchmarkKeys.cell(id)),
      'PK, n',
    );
    return new Map(items.map((item) => [cellIdOfItem(item), Number(item.n ?? 0)]));
  }

  async setContributing(organisationId: string, contributes: boolean, at: string, audit: AuditEvent): Promise<boolean> {
    try {
      await this.ctx.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.ctx.tableName,
                Key: keys.profile(organisationId),
                UpdateExpression: 'SET contributesToBenchmarks = :c',
                // The organisation's fence (table-context.ts): no change once its deletion has begun.
                ConditionExpression: ORGANISATION_LIVE,
                ExpressionAttributeValues: { ':c': contributes },
              },
            },
            {
              // An update, not a put: the verification on the record is the admins' to change.
              Update: {
                TableName: this.ctx.tableName,
                Key: benchmarkKeys.participation(organisationId),
                UpdateExpression: 'SET #state = :state, #at = :at, #type = :type, organisationId = :org',
                ConditionExpression: 'attribute_not_exists(PK) OR #state <> :withdrawn',
                ExpressionAttributeNames: { '#state': 'state', '#at': 'at', '#type': 'type' },
                ExpressionAttributeValues: {
                  ':state': contributes ? 'contributing' : 'opted-out',
                  ':at': at,
                  ':type': BenchmarkItemType.participation,
                  ':org': organisationId,
                  ':withdrawn': 'withdrawn',
                },
              },
            },
            auditPut(this.ctx, audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  async markWithdrawn(organisationId: string, at: string): Promise<void> {
    const state: ParticipationState = 'withdrawn';
    await this.ctx.doc.send(
      new UpdateCommand({
        TableName: this.ctx.tableName,
        Key: benchmarkKeys.participation(organisationId),
        UpdateExpression: 'SET #state = :state, #at = :at, #type = :type, organisationId = :org',
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at', '#type': 'type' },
        ExpressionAttributeValues: { ':state': state, ':at': at, ':type': BenchmarkItemType.participation, ':org': organisationId },
      }),
    );
  }

  // Whole-table passes (rebuild, tests, benchmarks).

  private async scan(types: string[], onPage?: (count: number) => void): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: Record<string, unknown> | undefined;
    const values = Object.fromEntries(types.map((t, i) => [`:t${i}`, t]));
    do {
      const page = await this.ctx.doc.send(
        new ScanCommand({
          TableName: this.ctx.tableName,
          FilterExpression: `#type IN (${Object.keys(values).join(', ')})`,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          ExclusiveStartKey: cursor,
        }),
      );
      items.push(...(page.Items ?? []));
      onPage?.(page.Items?.length ?? 0);
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return items;
  }

  async scanSubmissions(onPage?: (count: number) => void): Promise<Submission[]> {
    return (await this.scan([ItemType.submission], onPage)).map((item) => fromItem<Submission>(item)!);
  }

  async scanParticipation(): Promise<Map<string, Participation>> {
    return new Map((await this.scan([BenchmarkItemType.participation])).map((item) => [String(item.organisationId), participationOfItem(item)]));
  }

  async allCells(): Promise<Map<string, CellCounts>> {
    return new Map((await this.scan([BenchmarkItemType.cell])).map((item) => [cellIdOfItem(item), countsOfItem(item)]));
  }

  async allContributions(): Promise<Contribution[]> {
    return (await this.scan([BenchmarkItemType.contribution])).map(contributionOfItem);
  }

  private async batchWrite(requests: Record<string, unknown>[], progress?: () => void): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let chunk = requests.slice(i, i + 25);
      for (let attempt = 0; chunk.length > 0; attempt++) {
        const result = await this.ctx.doc.send(new BatchWriteCommand({ RequestItems: { [this.ctx.tableName]: chunk as never } }));
        chunk = (result.UnprocessedItems?.[this.ctx.tableName] ?? []) as Record<string, unknown>[];
        if (chunk.length > 0) await pause(attempt);
      }
      progress?.();
    }
  }

  async replaceAll(
    contributions: readonly Contribution[],
    cells: ReadonlyMap<string, CellCounts>,
    progress?: (done: number, total: number) => void,
  ): Promise<void> {
    const old = await this.scan([BenchmarkItemType.cell, BenchmarkItemType.contribution]);
    const deletes = old.map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } }));
    const puts = [
      ...[...cells].map(([id, counts]) => ({ PutRequest: { Item: cellItem(id, counts) } })),
      ...contributions.map((c) => ({ PutRequest: { Item: contributionItem(c) } })),
    ];
    const total = deletes.length + puts.length;
    let done = 0;
    const step = (size: number) => () => {
      done = Math.min(total, done + size);
      progress?.(done, total);
    };
    await this.batchWrite(deletes, step(25));
    await this.batchWrite(puts, step(25));
    progress?.(total, total);
  }
}
