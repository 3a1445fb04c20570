import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, IdempotencyRecord, Organisation, TokenRecord } from '../../services/entities';
import type { OrganisationStore } from '../../services/ports';
import { ItemType, keys } from './keys';
import { auditPut, fromItem, idempotencyPut, transact, type TableContext } from './table-context';
import { tokenPuts } from './token-repository';

export class DynamoDbOrganisationRepository implements OrganisationStore {
  constructor(private readonly ctx: TableContext) {}

  async create(organisation: Organisation, ownerToken: TokenRecord, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<void> {
    const outcome = await transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.profile(organisation.id), type: ItemType.profile, ...organisation },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...tokenPuts(this.ctx, ownerToken),
      auditPut(this.ctx, audit),
      ...(idempotency ? [idempotencyPut(this.ctx, idempotency)] : []),
    ]);
    if (outcome === 'conflict') throw new Error(`organisation ${organisation.id} or its idempotency record already exists`);
  }

  async get(id: string): Promise<Organisation | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.profile(id), ConsistentRead: true }));
    return fromItem<Organisation>(result.Item);
  }
}
