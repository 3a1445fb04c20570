import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentRecord, AuditEvent } from '../../services/entities';
import type { AgentHoldings, AgentStore, ReplayStore, WriteOutcome } from '../../services/ports';
import { ItemType, keys, orgPartition } from './keys';
import { TTL_ATTRIBUTE } from './table';
import { auditPut, batchGetAll, fromItem, organisationLive, queryPartition, transact, transactDetailed, type TableContext } from './table-context';

type TransactItem = Parameters<typeof transact>[1][number];

const identityKey = (issuer: string, subject: string) => keys.workloadIdentity(createHash('sha256').update(`${issuer}\n${subject}`).digest('hex'));

/**
 * An agent is two items: its record under its id (the token endpoint and the API read it)
 * and a pointer in its organisation (listing, revocation, erasure). A federated agent has a
 * third, its claim on its workload identity (issuer, subject): one live agent per identity
 * in the whole deployment, and how the token endpoint finds the agent a platform token is for.
 */
export class DynamoDbAgentRepository implements AgentStore {
  constructor(private readonly ctx: TableContext) {}

  async create(agent: AgentRecord, audit: AuditEvent): Promise<WriteOutcome | 'identity_in_use'> {
    const federation = agent.federation;
    if (!federation) return transact(this.ctx, this.createItems(agent, audit));
    const claim = (condition: string, values: Record<string, unknown>): TransactItem => ({
      Put: {
        TableName: this.ctx.tableName,
        Item: {
          ...identityKey(federation.issuer, federation.subject),
          type: ItemType.workloadIdentity,
          agentId: agent.id,
          issuer: federation.issuer,
          subject: federation.subject,
          // When the registration ends (seconds): the claim is free then, and TTL removes it.
          [TTL_ATTRIBUTE]: Math.ceil(Date.parse(agent.expiresAt) / 1000),
        },
        ConditionExpression: condition,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      },
    });
    const items = this.createItems(agent, audit);
    const claimAt = items.length;
    // Free, or held by a registration that has expired (TTL removes such claims only eventually).
    const first = await transactDetailed(this.ctx, [
      ...items,
      claim(`attribute_not_exists(PK) OR ${TTL_ATTRIBUTE} <= :now`, { ':now': Math.floor(Date.parse(agent.createdAt) / 1000) }),
    ]);
    if (first.outcome === 'written') return 'written';
    if (!first.failed.includes(claimAt)) return 'conflict';
    // Held by an agent that is revoked or gone (its release missed, or its organisation
    // erased): taken over, on condition that it is still that agent's.
    const holder = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: identityKey(federation.issuer, federation.subject), ConsistentRead: true }),
    );
    const holderId = holder.Item?.agentId as string | undefined;
    const holding = holderId ? await this.get(holderId) : undefined;
    if (holderId && holding && !holding.revokedAt) return 'identity_in_use';
    const second = await transactDetailed(this.ctx, [
      ...items,
      claim(holderId ? 'agentId = :holder' : 'attribute_not_exists(PK)', holderId ? { ':holder': holderId } : {}),
    ]);
    if (second.outcome === 'written') return 'written';
    return second.failed.includes(claimAt) ? 'identity_in_use' : 'conflict';
  }

  async findByIdentity(issuer: string, subject: string): Promise<AgentRecord | undefined> {
    const claim = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: identityKey(issuer, subject), ConsistentRead: true }));
    const agentId = claim.Item?.agentId;
    return typeof agentId === 'string' ? this.get(agentId) : undefined;
  }

  async findByThumbprint(jkt: string): Promise<AgentRecord[]> {
    const entries = await queryPartition(this.ctx, keys.agentKey(jkt, '').PK, 'AGENT#');
    const records = await batchGetAll(
      this.ctx,
      entries.map((e) => keys.agent(e.agentId as string)),
    );
    // An entry may outlive its agent (erased with its organisation before TTL removed it).
    return records.map((item) => fromItem<AgentRecord>(item)!).filter((agent) => agent.jkt === jkt);
  }

  /** The agent's record, its pointer (with its key's thumbprint, for erasure), its thumbprint entry, the organisation fence and the audit event. */
  private createItems(agent: AgentRecord, audit: AuditEvent): TransactItem[] {
    return [
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
          Item: { ...keys.agentPointer(agent.organisationId, agent.id), type: ItemType.agentPointer, id: agent.id, ...(agent.jkt ? { jkt: agent.jkt } : {}) },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // Where a leaked private key finds its agents (leaked-secrets.ts); TTL removes it when the registration ends.
      ...(agent.jkt
        ? [
            {
              Put: {
                TableName: this.ctx.tableName,
                Item: {
                  ...keys.agentKey(agent.jkt, agent.id),
                  type: ItemType.agentKey,
                  agentId: agent.id,
                  [TTL_ATTRIBUTE]: Math.ceil(Date.parse(agent.expiresAt) / 1000),
                },
              },
            },
          ]
        : []),
      // Registered before the organisation's deletion began, or not at all (erased with it otherwise); a platform agent has none.
      ...(agent.organisationId ? [organisationLive(this.ctx, agent.organisationId)] : []),
      auditPut(this.ctx, audit),
    ];
  }

  async get(id: string): Promise<AgentRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.agent(id), ConsistentRead: true }));
    return fromItem<AgentRecord>(result.Item);
  }

  async list(organisationId: string | null): Promise<AgentRecord[]> {
    const pointers = await queryPartition(this.ctx, orgPartition(organisationId), 'AGENT#');
    const records = await batchGetAll(
      this.ctx,
      pointers.map((p) => keys.agent(p.id as string)),
    );
    return records.map((item) => fromItem<AgentRecord>(item)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(organisationId: string | null, id: string, at: string, audit: AuditEvent): Promise<boolean> {
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
    await this.releaseIdentity(id);
    return outcome === 'written' || outcome === 'conflict';
  }

  async revokeHoldings(holdings: AgentHoldings, at: string, reason: string | null, audit: AuditEvent): Promise<WriteOutcome> {
    // Each credential only if still live, so that a second detection writes nothing.
    // Agents and keys keep the reason (their views show it); delegations have no field for it.
    const revoke = (Key: Record<string, string>, withReason = true): TransactItem => ({
      Update: {
        TableName: this.ctx.tableName,
        Key,
        UpdateExpression: withReason ? 'SET revokedAt = :at, revokedReason = :reason' : 'SET revokedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(revokedAt) OR revokedAt = :null)',
        ExpressionAttributeValues: { ':at': at, ':null': null, ...(withReason ? { ':reason': reason } : {}) },
      },
    });
    const outcome = await transact(this.ctx, [
      ...(holdings.agentId ? [revoke(keys.agent(holdings.agentId))] : []),
      ...holdings.keyHashes.map((hash) => revoke(keys.token(hash))),
      ...holdings.delegationIds.map((id) => revoke(keys.delegation(id), false)),
      auditPut(this.ctx, audit),
    ]);
    if (outcome === 'written' && holdings.agentId) await this.releaseIdentity(holdings.agentId);
    return outcome;
  }

  /**
   * Frees a revoked agent's workload identity for a new registration. Apart from the
   * revocation (a claim may have passed to another agent since: only this agent's is
   * deleted); one missed here is taken over at the next registration (create).
   */
  private async releaseIdentity(id: string): Promise<void> {
    const federation = (await this.get(id))?.federation;
    if (!federation) return;
    try {
      await this.ctx.doc.send(
        new DeleteCommand({
          TableName: this.ctx.tableName,
          Key: identityKey(federation.issuer, federation.subject),
          ConditionExpression: 'agentId = :id',
          ExpressionAttributeValues: { ':id': id },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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
