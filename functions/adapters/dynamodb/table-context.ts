/** What every repository needs: the document client, the table name, and transaction helpers. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AUDIT_RETENTION_DAYS, auditExpiresAt } from '../../core/audit/retention';
import { DomainError } from '../../core/errors';
import type { AuditEvent, IdempotencyRecord } from '../../services/entities';
import { ItemType, keys } from './keys';
import { TTL_ATTRIBUTE } from './table';

export interface TableContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Days audit events are kept (AIM_AUDIT_RETENTION_DAYS); the default when left out. */
  auditRetentionDays?: number;
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
      // The table's TTL attribute (expiresAt): DynamoDB removes the event only once its retention has ended.
      Item: {
        ...keys.audit(event.organisationId, event.at, event.id),
        type: ItemType.audit,
        ...event,
        [TTL_ATTRIBUTE]: auditExpiresAt(event.at, ctx.auditRetentionDays ?? AUDIT_RETENTION_DAYS.default),
      },
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

/** What a living organisation's profile satisfies: it exists and no deletion has begun. */
export const ORGANISATION_LIVE = 'attribute_exists(PK) AND attribute_not_exists(deletedAt)';

/**
 * The fence of an organisation (issue 13, finding 2): a check that its profile exists and
 * carries no `deletedAt`. Deletion sets `deletedAt` first, then erases the partition; with
 * this check in the same transaction as every change, a change either commits before the
 * fence (and is erased with the rest) or is refused after it, never left behind.
 */
export function organisationLive(ctx: TableContext, organisationId: string): TransactItem {
  return { ConditionCheck: { TableName: ctx.tableName, Key: keys.profile(organisationId), ConditionExpression: ORGANISATION_LIVE } };
}

/**
 * The organisations a transaction changes on behalf of someone: every change writes its
 * audit event in the same transaction, so the events name them. A transaction that
 * already touches an organisation's profile (registration, the deletion's own fence)
 * carries its own condition on it and gets no second item for the same key.
 */
function organisationsToFence(items: TransactItem[]): string[] {
  const profiles = new Set(
    items
      .map((item) => (item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key) as Record<string, unknown> | undefined)
      .filter((key) => key?.SK === 'PROFILE')
      .map((key) => key!.PK),
  );
  const fenced = items
    .map((item) => item.Put?.Item)
    .filter((item): item is Record<string, unknown> => item?.type === ItemType.audit && typeof item.organisationId === 'string')
    .map((event) => event.organisationId as string);
  return [...new Set(fenced)].filter((organisationId) => !profiles.has(keys.profile(organisationId).PK));
}

/** Tries after a bare TransactionConflict (another transaction on one of the items at that moment; nothing was evaluated false). */
const CONFLICT_TRIES = 5;

/**
 * Commits all items or none, each organisation the transaction changes fenced by
 * `organisationLive`. Returns 'conflict' when a condition failed (a stale revision, an
 * existing record), with the positions of the items whose condition failed; a change to
 * an organisation whose deletion has begun is refused with 401 `unauthenticated` (its
 * credentials are being erased); other failures propagate. A transaction cancelled only
 * because another one held an item at the same moment is tried again a few times first.
 */
export async function transactDetailed(ctx: TableContext, items: TransactItem[]): Promise<{ outcome: 'written' } | { outcome: 'conflict'; failed: number[] }> {
  const fences = organisationsToFence(items);
  const all = [...items, ...fences.map((organisationId) => organisationLive(ctx, organisationId))];
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.doc.send(new TransactWriteCommand({ TransactItems: all }));
      return { outcome: 'written' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.some((i) => i >= items.length)) throw new DomainError('unauthenticated', 'this organisation has been deleted');
      const settled = reasons.every((r) => !r.Code || r.Code === 'None' || r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
      if (!settled) throw error;
      if (failed.length) return { outcome: 'conflict', failed };
      // Only TransactionConflict: nothing was judged yet. Look again shortly, then let the caller re-read.
      if (attempt >= CONFLICT_TRIES) return { outcome: 'conflict', failed: [] };
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
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
export function tokenStillValid(ctx: TableContext, guard: { hash: string; at: string; legacyCreatedAfter?: string }): TransactItem {
  // A key stored without an expiry is valid only while young enough (services/tokens.ts, effectiveExpiry).
  const noExpiry = guard.legacyCreatedAfter ? '(expiresAt = :null AND createdAt > :legacyCreatedAfter)' : 'expiresAt = :null';
  return {
    ConditionCheck: {
      TableName: ctx.tableName,
      Key: keys.token(guard.hash),
      ConditionExpression: `attribute_exists(PK) AND revokedAt = :null AND (${noExpiry} OR expiresAt > :at)`,
      ExpressionAttributeValues: { ':null': null, ':at': guard.at, ...(guard.legacyCreatedAfter ? { ':legacyCreatedAfter': guard.legacyCreatedAfter } : {}) },
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
