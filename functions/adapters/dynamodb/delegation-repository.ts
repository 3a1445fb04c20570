import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, DelegationRecord } from '../../services/entities';
import type { DelegationStore, WriteOutcome } from '../../services/ports';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, batchGetAll, fromItem, organisationLive, queryPartition, transact, type TableContext } from './table-context';

/**
 * A delegation is two items, like an agent: its record under its id (the token exchange
 * and every request of its tokens read it) and a pointer in its organisation (listing, erasure).
 */
export class DynamoDbDelegationRepository implements DelegationStore {
  constructor(private readonly ctx: TableContext) {}

  async create(delegation: DelegationRecord, audit: AuditEvent): Promise<WriteOutcome> {
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.delegation(delegation.id), type: ItemType.delegation, ...delegation },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: {
            ...keys.delegationPointer(delegation.organisationId, delegation.agentId, delegation.id),
            type: ItemType.delegationPointer,
            id: delegation.id,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // The agent is still there and unrevoked as the approval commits.
      {
        ConditionCheck: {
          TableName: this.ctx.tableName,
          Key: keys.agent(delegation.agentId),
          ConditionExpression: 'attribute_exists(PK) AND organisationId = :org AND (attribute_not_exists(revokedAt) OR revokedAt = :null)',
          ExpressionAttributeValues: { ':org': delegation.organisationId, ':null': null },
        },
      },
      organisationLive(this.ctx, delegation.organisationId),
      auditPut(this.ctx, audit),
    ]);
  }

  async get(id: string): Promise<DelegationRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.delegation(id), ConsistentRead: true }));
    return fromItem<DelegationRecord>(result.Item);
  }

  async listForAgent(organisationId: string, agentId: string): Promise<DelegationRecord[]> {
    const pointers = await queryPartition(this.ctx, orgPartition(organisationId), `DELEGATION#${agentId}#`);
    const records = await batchGetAll(
      this.ctx,
      pointers.map((p) => keys.delegation(p.id as string)),
    );
    return records.map((item) => fromItem<DelegationRecord>(item)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(delegation: DelegationRecord, at: string, audit: AuditEvent): Promise<boolean> {
    const outcome = await transact(this.ctx, [
      {
        Update: {
          TableName: this.ctx.tableName,
          Key: keys.delegation(delegation.id),
          UpdateExpression: 'SET revokedAt = :at',
          // Revoking twice keeps the first time (and writes no second event).
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(revokedAt) OR revokedAt = :null)',
          ExpressionAttributeValues: { ':at': at, ':null': null },
        },
      },
      auditPut(this.ctx, audit),
    ]);
    return outcome === 'written' || outcome === 'conflict';
  }
}
