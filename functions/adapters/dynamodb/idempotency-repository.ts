import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord } from '../../services/entities';
import type { IdempotencyStore } from '../../services/ports';
import { keys } from './keys';
import { fromItem, type TableContext } from './table-context';

export class DynamoDbIdempotencyRepository implements IdempotencyStore {
  constructor(private readonly ctx: TableContext) {}

  async get(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }));
    const record = fromItem<IdempotencyRecord & { status?: number; body?: unknown }>(result.Item);
    if (!record) return undefined;
    // Records written before the value was named `value` kept it (with an HTTP status) as `body`; they expire within a day.
    const { status: _status, body, ...rest } = record;
    return { ...rest, value: rest.value ?? body };
  }
}
