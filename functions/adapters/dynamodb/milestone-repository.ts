import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Milestone } from '../../contract';
import type { AuditEvent } from '../../services/entities';
import type { MilestoneStore, WriteOutcome } from '../../services/ports';
import { ItemType, keyPrefixes, keys, orgPartition } from './keys';
import { auditPut, fromItem, ORGANISATION_LIVE, queryPartition, transact, type TableContext } from './table-context';

/**
 * An organisation's milestones: one item each (MILESTONE#<id>) and a name guard
 * (MILESTONENAME#<lower-case NFC name>) written and removed with it in one transaction, so
 * that two milestones of the organisation never share a name in any case.
 */
export class DynamoDbMilestoneRepository implements MilestoneStore {
  constructor(private readonly ctx: TableContext) {}

  async list(organisationId: string): Promise<Milestone[]> {
    const items = await queryPartition(this.ctx, orgPartition(organisationId), keyPrefixes.milestones);
    // Milestones saved before scopes existed carry no scopeId: they are the whole organisation's.
    return items.map((item) => {
      const milestone = fromItem<Milestone>(item)!;
      return { ...milestone, scopeId: milestone.scopeId ?? null };
    });
  }

  async add(organisationId: string, milestone: Milestone, audit: AuditEvent): Promise<WriteOutcome> {
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.milestoneName(organisationId, milestone.name), type: ItemType.milestoneName, milestoneId: milestone.id },
          // The name is taken (in any case): the milestone is not written.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.milestone(organisationId, milestone.id), type: ItemType.milestone, ...milestone },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // Only while the organisation exists (one being erased takes no new milestones).
      { ConditionCheck: { TableName: this.ctx.tableName, Key: keys.profile(organisationId), ConditionExpression: ORGANISATION_LIVE } },
      auditPut(this.ctx, audit),
    ]);
  }

  async remove(organisationId: string, milestoneId: string, audit: AuditEvent): Promise<WriteOutcome> {
    const stored = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: keys.milestone(organisationId, milestoneId), ConsistentRead: true }),
    );
    const milestone = fromItem<Milestone>(stored.Item);
    if (!milestone) return 'conflict';
    return transact(this.ctx, [
      { Delete: { TableName: this.ctx.tableName, Key: keys.milestone(organisationId, milestoneId), ConditionExpression: 'attribute_exists(PK)' } },
      {
        Delete: {
          TableName: this.ctx.tableName,
          Key: keys.milestoneName(organisationId, milestone.name),
          // The guard still belongs to this milestone.
          ConditionExpression: 'milestoneId = :id',
          ExpressionAttributeValues: { ':id': milestoneId },
        },
      },
      auditPut(this.ctx, audit),
    ]);
  }
}
