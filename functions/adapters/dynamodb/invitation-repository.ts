import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, Invitation, MembershipRecord, TokenRecord } from '../../services/entities';
import type { InvitationStore, WriteOutcome } from '../../services/ports';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, batchGetAll, fromItem, queryPartition, transact, type TableContext } from './table-context';
import { membershipPuts, ownerCountChange } from './membership-repository';
import { tokenPuts } from './token-repository';

/** An invitation is two items, like a token: the record under its code's hash and a pointer in its organisation. */
export class DynamoDbInvitationRepository implements InvitationStore {
  constructor(private readonly ctx: TableContext) {}

  async create(invitation: Invitation, audit: AuditEvent): Promise<void> {
    const outcome = await transact(this.ctx, [...invitationPuts(this.ctx, invitation), auditPut(this.ctx, audit)]);
    if (outcome === 'conflict') throw new Error(`invitation ${invitation.id} already exists`);
  }

  async findByHash(hash: string): Promise<Invitation | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.invitation(hash), ConsistentRead: true }));
    return fromItem<Invitation>(result.Item);
  }

  async list(organisationId: string): Promise<Invitation[]> {
    const pointers = await queryPartition(this.ctx, orgPartition(organisationId), 'INVITATION#');
    const records = await batchGetAll(
      this.ctx,
      pointers.map((p) => keys.invitation(p.hash as string)),
    );
    return records.map((item) => fromItem<Invitation>(item)!).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async accept(invitation: Invitation, token: TokenRecord, at: string, audit: AuditEvent): Promise<WriteOutcome> {
    return transact(this.ctx, [this.spend(invitation, token.id, at), ...tokenPuts(this.ctx, token), auditPut(this.ctx, audit)]);
  }

  async acceptAsMember(invitation: Invitation, membership: MembershipRecord, at: string, audit: AuditEvent): Promise<WriteOutcome> {
    const items = [this.spend(invitation, membership.personId, at), ...membershipPuts(this.ctx, membership), auditPut(this.ctx, audit)];
    if (membership.role === 'owner') items.push(ownerCountChange(this.ctx, invitation.organisationId, 1));
    return transact(this.ctx, items);
  }

  /** Marks the invitation used by a key or a person: once, only while valid (the condition is the guarantee, not the service's earlier check). */
  private spend(invitation: Invitation, acceptedBy: string, at: string): Parameters<typeof transact>[1][number] {
    return {
      Update: {
        TableName: this.ctx.tableName,
        Key: keys.invitation(invitation.hash),
        UpdateExpression: 'SET acceptedAt = :at, acceptedTokenId = :token',
        ConditionExpression: 'attribute_exists(PK) AND acceptedAt = :null AND revokedAt = :null AND expiresAt > :at',
        ExpressionAttributeValues: { ':at': at, ':token': acceptedBy, ':null': null },
      },
    };
  }

  async revoke(organisationId: string, id: string, at: string, audit: AuditEvent): Promise<boolean> {
    const pointer = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: keys.invitationPointer(organisationId, id), ConsistentRead: true }),
    );
    if (!pointer.Item) return false;
    const outcome = await transact(this.ctx, [
      {
        Update: {
          TableName: this.ctx.tableName,
          Key: keys.invitation(pointer.Item.hash as string),
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND revokedAt = :null AND acceptedAt = :null',
          ExpressionAttributeValues: { ':at': at, ':null': null },
        },
      },
      auditPut(this.ctx, audit),
    ]);
    // Already revoked or accepted: nothing left to revoke, which is what the caller wanted.
    return outcome === 'written' || outcome === 'conflict';
  }
}

/** An invitation's items: the record its code finds, and its pointer in the organisation (also an organisation's first owner's, organisation-repository.ts). */
export const invitationPuts = (ctx: TableContext, invitation: Invitation): Parameters<typeof transact>[1] => [
  {
    Put: {
      TableName: ctx.tableName,
      Item: { ...keys.invitation(invitation.hash), type: ItemType.invitation, ...invitation },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  {
    Put: {
      TableName: ctx.tableName,
      Item: { ...keys.invitationPointer(invitation.organisationId, invitation.id), type: ItemType.invitationPointer, id: invitation.id, hash: invitation.hash },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
];
