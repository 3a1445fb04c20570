/** What every repository needs: the document client, the table name, and transaction helpers. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, IdempotencyRecord } from '../../services/entities';
import { ItemType, keys } from './keys';

export interface TableContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Strips the key and type attributes from a stored item. */
export function fromItem<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, type: _type, ...rest } = item;
  return rest as T;
}

export function auditPut(ctx: TableContext, event: AuditEvent): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: { ...keys.audit(event.organisationId, event.at, event.id), type: ItemType.audit, ...event },
      // Events are written once and never replaced.
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

export function idempotencyPut(ctx: TableContext, record: IdempotencyRecord): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: { ...keys.idempotency(record.scope, record.key), type: ItemType.idempotency, ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * Commits all items or none. Returns 'conflict' when a condition failed (a stale
 * revision, an existing record), with the positions of the items whose condition
 * failed; other failures propagate.
 */
export async function transactDetailed(ctx: TableContext, items: TransactItem[]): Promise<{ outcome: 'written' } | { outcome: 'conflict'; failed: number[] }> {
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return { outcome: 'written' };
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      // A failed condition, or another transaction on one of the items at the same moment
      // (TransactionConflict): either way nothing was written and the caller may look again.
      const retryable = new Set(['ConditionalCheckFailed', 'TransactionConflict']);
      if (reasons.some((r) => retryable.has(r.Code ?? '')) && reasons.every((r) => !r.Code || r.Code === 'None' || retryable.has(r.Code)))
        return { outcome: 'conflict', failed: reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : [])) };
    }
    throw error;
  }
}

/** DynamoDB's words for an item over its 400 KB limit (a Put: "Item size has exceeded…"; an Update: "Item size to update has exceeded…"). */
const ITEM_TOO_LARGE = /item size (to update )?has exceeded the maximum allowed size/i;

/**
 * True when DynamoDB refused a write because an item would exceed its size limit: a
 * ValidationException with that message (a Put, also inside a transaction, is checked
 * before the transaction starts), or a cancelled transaction with a ValidationError
 * reason saying so (an Update). Nothing was written either way.
 */
export function isItemTooLarge(error: unknown): boolean {
  const e = error as { name?: string; message?: string; CancellationReasons?: { Code?: string; Message?: string }[] } | undefined;
  if (!e) return false;
  if (e.name === 'ValidationException' && ITEM_TOO_LARGE.test(e.message ?? '')) return true;
  const cancelled = error instanceof TransactionCanceledException || e.name === 'TransactionCanceledException';
  return cancelled && (e.CancellationReasons ?? []).some((r) => r.Code === 'ValidationError' && ITEM_TOO_LARGE.test(r.Message ?? ''));
}

export async function transact(ctx: TableContext, items: TransactItem[]): Promise<'written' | 'conflict'> {
  return (await transactDetailed(ctx, items)).outcome;
}

/**
 * Makes a write conditional on its bearer token still being valid (present, not
 * revoked, not expired at `at`), so that a caller identified from a cached token record
 * is still turned away on its next write after revocation.
 */
export function tokenStillValid(ctx: TableContext, guard: { hash: string; at: string }): TransactItem {
  return {
    ConditionCheck: {
      TableName: ctx.tableName,
      Key: keys.token(guard.hash),
      ConditionExpression: 'attribute_exists(PK) AND revokedAt = :null AND (expiresAt = :null OR expiresAt > :at)',
      ExpressionAttributeValues: { ':null': null, ':at': guard.at },
    },
  };
}

/** Every item of a partition (or those whose sort key starts with `prefix`), across pages. */
export async function queryPartition(ctx: TableContext, partitionKey: string, prefix?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await ctx.doc.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: prefix === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': partitionKey, ...(prefix === undefined ? {} : { ':prefix': prefix }) },
        ExclusiveStartKey: cursor,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return items;
}

/** Items by key, 100 to a request, asking again for any the table left unprocessed. */
export async function batchGetAll(ctx: TableContext, itemKeys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [ctx.tableName]: { Keys: itemKeys.slice(i, i + 100) } };
    while (request && Object.keys(request).length) {
      const result = await ctx.doc.send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(result.Responses?.[ctx.tableName] ?? []));
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return items;
}
