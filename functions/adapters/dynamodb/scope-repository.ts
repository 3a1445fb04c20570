import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Scope } from '../../contract';
import type { AuditEvent } from '../../services/entities';
import type { ScopeStore, WriteOutcome } from '../../services/ports';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, fromItem, ORGANISATION_LIVE, queryPartition, transact, type TableContext } from './table-context';

/** An organisation's scopes: one item each, and a name guard written with it so that names stay unique. */
export class DynamoDbScopeRepository implements ScopeStore {
  constructor(private readonly ctx: TableContext) {}

  async get(organisationId: string, scopeId: string): Promise<Scope | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.scope(organisationId, scopeId), ConsistentRead: true }));
    return fromItem<Scope>(result.Item);
  }

  async list(organisationId: string): Promise<Scope[]> {
    const items = await queryPartition(this.ctx, orgPartition(organisationId), 'SCOPE#');
    return items.map((item) => fromItem<Scope>(item)!).sort((a, b) => a.name.localeCompare(b.name));
  }

  async add(organisationId: string, scope: Scope, audit: AuditEvent): Promise<WriteOutcome> {
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.scopeName(organisationId, scope.name), type: ItemType.scopeName, scopeId: scope.id },
          // A second scope of the same name (in any case) conflicts.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.scope(organisationId, scope.id), type: ItemType.scope, ...scope },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // Only while the organisation exists (an erased one takes no new scopes).
      { ConditionCheck: { TableName: this.ctx.tableName, Key: keys.profile(organisationId), ConditionExpression: ORGANISATION_LIVE } },
      auditPut(this.ctx, audit),
    ]);
  }
}
