/**
 * A key's or agent's recent sources (services/credential-sightings.ts): one small item per
 * credential, written only when a new source appears, removed by TTL once the window has
 * passed. A suspicion is shown on the credential's own record (`sharedUse`), so that lists
 * of keys and agents need no further reads.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../services/entities';
import type { SightingsRecord, SightingStore, WatchedCredential } from '../../services/ports';
import { ItemType, keys } from './keys';
import { TTL_ATTRIBUTE } from './table';
import { auditPut, transact, type TableContext } from './table-context';

const sightingsKey = (credential: WatchedCredential) => keys.sightings(credential.kind, credential.id);

export class DynamoDbCredentialSightingRepository implements SightingStore {
  constructor(private readonly ctx: TableContext) {}

  async get(credential: WatchedCredential): Promise<SightingsRecord | undefined> {
    const { Item } = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: sightingsKey(credential), ConsistentRead: true }));
    return Item ? { sightings: Item.sightings ?? [], suspectedAt: Item.suspectedAt ?? null, version: Item.version ?? 0 } : undefined;
  }

  async put(credential: WatchedCredential, record: SightingsRecord, expiresAtSeconds: number): Promise<boolean> {
    try {
      await this.ctx.doc.send(
        new PutCommand({
          TableName: this.ctx.tableName,
          Item: { ...sightingsKey(credential), type: ItemType.sightings, ...record, [TTL_ATTRIBUTE]: expiresAtSeconds },
          // Two processes adding sources at once: the second reads again rather than dropping the first's.
          ConditionExpression: record.version === 1 ? 'attribute_not_exists(PK)' : 'version = :previous',
          ...(record.version === 1 ? {} : { ExpressionAttributeValues: { ':previous': record.version - 1 } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markSuspected(credential: WatchedCredential, sharedUse: { suspectedAt: string; sources: number }, audit: AuditEvent): Promise<boolean> {
    const Key = credential.kind === 'token' ? keys.token(credential.hash!) : keys.agent(credential.id);
    const outcome = await transact(this.ctx, [
      {
        Update: {
          TableName: this.ctx.tableName,
          Key,
          UpdateExpression: 'SET sharedUse = :sharedUse',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':sharedUse': sharedUse },
        },
      },
      auditPut(this.ctx, audit),
    ]);
    return outcome === 'written';
  }
}
