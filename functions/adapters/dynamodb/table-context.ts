/** What every repository needs: the document client, the table name, and transaction helpers. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
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
 * revision, an existing record); other failures propagate.
 */
export async function transact(ctx: TableContext, items: TransactItem[]): Promise<'written' | 'conflict'> {
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return 'written';
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed') && reasons.every((r) => !r.Code || r.Code === 'None' || r.Code === 'ConditionalCheckFailed'))
        return 'conflict';
    }
    throw error;
  }
}
