import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentRecord, AuditEvent } from '../../services/entities';
import type { AgentStore, ReplayStore, WriteOutcome } from '../../services/ports';
import { ItemType, keys, orgPartition } from './keys';
import { TTL_ATTRIBUTE } from './table';
import { auditPut, batchGetAll, fromItem, organisationLive, queryPartition, transact, type TableContext } from './table-context';

/** An agent is two items: its record under its id (the token endpoint and the API read it) and a pointer in its organisation (listing, revocation, erasure). */
export class DynamoDbAgentRepository implements AgentStore {
  constructor(private readonly ctx: TableContext) {}

  async create(agent: AgentRecord, audit: AuditEvent): Promise<WriteOutcome> {
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.agent(agent.id), type: ItemType.agent, ...agent },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.agentPointer(agent.organisationId, agent.id), type: ItemType.agentPointer, id: agent.id },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // Registered before the organisation's deletion began, or not at all (erased with it otherwise).
      organisationLive(this.ctx, agent.organisationId),
      auditPut(this.ctx, audit),
    ]);
  }

  async get(id: string): Promise<AgentRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.agent(id), ConsistentRead: true }));
    return fromItem<AgentRecord>(result.Item);
  }

  async list(organisationId: string): Promise<AgentRecord[]> {
    const pointers = await queryPartition(this.ctx, orgPartition(organisationId), 'AGENT#');
    const records = await batchGetAll(
      this.ctx,
      pointers.map((p) => keys.agent(p.id as string)),
    );
    return records.map((item) => fromItem<AgentRecord>(item)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(organisationId: string, id: string, at: string, audit: AuditEvent): Promise<boolean> {
    const pointer = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: keys.agentPointer(organisationId, id), ConsistentRead: true }),
    );
    if (!pointer.Item) return false;
    const outcome = await transact(this.ctx, [
      {
        Update: {
          TableName: this.ctx.tableName,
          Key: keys.agent(id),
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

/** Used-once values: a conditional put, so that of two concurrent claims exactly one succeeds; TTL removes them after expiry. */
export class DynamoDbReplayRepository implements ReplayStore {
  constructor(private readonly ctx: TableContext) {}

  async claimOnce(key: string, expiresAt: number): Promise<boolean> {
    try {
      await this.ctx.doc.send(
        new PutCommand({
          TableName: this.ctx.tableName,
          Item: { ...keys.once(key), type: ItemType.once, [TTL_ATTRIBUTE]: expiresAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
