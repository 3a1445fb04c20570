import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord } from '../../services/entities';
import type { IdempotencyStore } from '../../services/ports';
import { keys } from './keys';
import { fromItem, type TableContext } from './table-context';

export class DynamoDbIdempotencyRepository implements IdempotencyStore {
  constructor(private readonly ctx: TableContext) {}

  async get(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }));
    return fromItem<IdempotencyRecord>(result.Item);
  }
}
