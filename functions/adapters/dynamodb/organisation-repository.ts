import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { verificationOf } from '../../core/verification/verification';
import type { AuditEvent, IdempotencyRecord, Organisation } from '../../services/entities';
import type { FirstOwner, OrganisationStore } from '../../services/ports';
import { invitationPuts } from './invitation-repository';
import { FIRST_OWNER_COUNT, membershipPuts } from './membership-repository';
import { participationItem } from './benchmark-items';
import { ItemType, keys } from './keys';
import { queueItem } from './verification-repository';
import { auditPut, fromItem, idempotencyPut, transact, type TableContext } from './table-context';
import { tokenPuts } from './token-repository';

export class DynamoDbOrganisationRepository implements OrganisationStore {
  constructor(private readonly ctx: TableContext) {}

  async create(organisation: Organisation, owner: FirstOwner, audit: AuditEvent | readonly AuditEvent[], idempotency?: IdempotencyRecord): Promise<void> {
    const outcome = await transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          // A person registering is its first owner: the owner count starts at one (membership-repository.ts).
          Item: { ...keys.profile(organisation.id), type: ItemType.profile, ...organisation, ...('membership' in owner ? FIRST_OWNER_COUNT : {}) },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // Its participation record from the start: the fold counts it only once verified.
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: participationItem(
            organisation.id,
            { state: organisation.contributesToBenchmarks ? 'contributing' : 'opted-out', verification: organisation.verification },
            organisation.createdAt,
          ),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      { Put: { TableName: this.ctx.tableName, Item: queueItem(organisation), ConditionExpression: 'attribute_not_exists(PK)' } },
      // An owner's invitation leaves the owner count unset: accepting it adds the first (invitation-repository.ts).
      ...('token' in owner
        ? tokenPuts(this.ctx, owner.token)
        : 'invitation' in owner
          ? invitationPuts(this.ctx, owner.invitation)
          : membershipPuts(this.ctx, owner.membership)),
      ...[audit].flat().map((event) => auditPut(this.ctx, event)),
      ...(idempotency ? [idempotencyPut(this.ctx, idempotency)] : []),
    ]);
    if (outcome === 'conflict') throw new Error(`organisation ${organisation.id} or its idempotency record already exists`);
  }

  async get(id: string): Promise<Organisation | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.profile(id), ConsistentRead: true }));
    const organisation = fromItem<Organisation>(result.Item);
    return organisation && { ...organisation, verification: verificationOf(organisation.verification) };
  }
}
