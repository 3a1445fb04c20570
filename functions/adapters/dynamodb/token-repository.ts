import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, TokenRecord } from '../../services/entities';
import type { TokenStore } from '../../services/ports';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, batchGetAll, fromItem, queryPartition, transact, type TableContext } from './table-context';

/** A token is two items: the record under its hash (for authentication) and a pointer in its organisation (for listing). */
export function tokenPuts(ctx: TableContext, token: TokenRecord) {
  return [
    {
      Put: {
        TableName: ctx.tableName,
        Item: { ...keys.token(token.hash), type: ItemType.token, ...token },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: ctx.tableName,
        Item: { ...keys.tokenPointer(token.organisationId, token.id), type: ItemType.tokenPointer, id: token.id, hash: token.hash },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ];
}

export class DynamoDbTokenRepository implements TokenStore {
  constructor(private readonly ctx: TableContext) {}

  async create(token: TokenRecord, audit: AuditEvent): Promise<void> {
    const outcome = await transact(this.ctx, [...tokenPuts(this.ctx, token), auditPut(this.ctx, audit)]);
    if (outcome === 'conflict') throw new Error(`token ${token.id} already exists`);
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.token(hash), ConsistentRead: true }));
    return fromItem<TokenRecord>(result.Item);
  }

  async findById(organisationId: string | null, tokenId: string): Promise<TokenRecord | undefined> {
    const pointer = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: keys.tokenPointer(organisationId, tokenId), ConsistentRead: true }),
    );
    return pointer.Item ? this.findByHash(pointer.Item.hash as string) : undefined;
  }

  async list(organisationId: string | null): Promise<TokenRecord[]> {
    const pointers = await queryPartition(this.ctx, orgPartition(organisationId), 'TOKEN#');
    const records = await batchGetAll(
      this.ctx,
      pointers.map((p) => keys.token(p.hash as string)),
    );
    return records.map((item) => fromItem<TokenRecord>(item)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(organisationId: string | null, tokenId: string, at: string, audit: AuditEvent): Promise<boolean> {
    const pointer = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: keys.tokenPointer(organisationId, tokenId), ConsistentRead: true }),
    );
    if (!pointer.Item) return false;
    const outcome = await transact(this.ctx, [
      {
        Update: {
          TableName: this.ctx.tableName,
          Key: keys.token(pointer.Item.hash as string),
          UpdateExpression: 'SET revokedAt = :at',
          // Revoking twice keeps the first time (and writes no second event).
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(revokedAt) OR revokedAt = :null)',
          ExpressionAttributeValues: { ':at': at, ':null': null },
        },
      },
      auditPut(this.ctx, audit),
    ]);
    // The pointer exists, so a failed condition means the token was already revoked.
    return outcome === 'written' || outcome === 'conflict';
  }

  async touch(hash: string, at: string): Promise<boolean> {
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.tableName,
          Key: keys.token(hash),
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      // Read a moment ago, gone now: its organisation's deletion erased it in between.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
