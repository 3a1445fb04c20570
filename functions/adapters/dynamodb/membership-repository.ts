import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, MembershipRecord, PersonRecord } from '../../services/entities';
import type { MembershipChange, MembershipStore, PersonStore, WriteOutcome } from '../../services/ports';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, batchGetAll, fromItem, ORGANISATION_LIVE, queryPartition, transactDetailed, type TableContext } from './table-context';

type TransactItem = Parameters<typeof transactDetailed>[1][number];

export class DynamoDbPersonRepository implements PersonStore {
  constructor(private readonly ctx: TableContext) {}

  async signedIn(person: PersonRecord): Promise<PersonRecord> {
    const before = await this.get(person.id);
    const stored = { ...person, createdAt: before?.createdAt ?? person.createdAt };
    await this.ctx.doc.send(new PutCommand({ TableName: this.ctx.tableName, Item: { ...keys.person(person.id), type: ItemType.person, ...stored } }));
    return stored;
  }

  async get(id: string): Promise<PersonRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.person(id), ConsistentRead: true }));
    return fromItem<PersonRecord>(result.Item);
  }
}

/**
 * The owner count lives on the organisation's profile: demoting or removing an owner
 * decrements it on condition that another owner remains, in the same transaction, so two
 * owners removing each other at once cannot leave the organisation without one.
 */
export const ownerCountChange = (ctx: TableContext, organisationId: string, delta: 1 | -1): TransactItem => ({
  Update: {
    TableName: ctx.tableName,
    Key: keys.profile(organisationId),
    UpdateExpression: 'ADD ownerCount :delta',
    ConditionExpression: delta < 0 ? `${ORGANISATION_LIVE} AND ownerCount > :one` : ORGANISATION_LIVE,
    ExpressionAttributeValues: delta < 0 ? { ':delta': delta, ':one': 1 } : { ':delta': delta },
  },
});

/** Both copies of a membership, written only where none exists yet. */
export function membershipPuts(ctx: TableContext, membership: MembershipRecord): TransactItem[] {
  return [
    {
      Put: {
        TableName: ctx.tableName,
        Item: { ...keys.membership(membership.organisationId, membership.personId), type: ItemType.membership, ...membership },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: ctx.tableName,
        Item: { ...keys.personMembership(membership.personId, membership.organisationId), type: ItemType.personMembership, ...membership },
      },
    },
  ];
}

/** A new organisation's first owner: its owner count starts at one (registration writes the profile with it). */
export const FIRST_OWNER_COUNT = { ownerCount: 1 } as const;

export class DynamoDbMembershipRepository implements MembershipStore {
  constructor(private readonly ctx: TableContext) {}

  async get(organisationId: string | null, personId: string): Promise<MembershipRecord | undefined> {
    const result = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: keys.membership(organisationId, personId), ConsistentRead: true }),
    );
    return fromItem<MembershipRecord>(result.Item);
  }

  /** The person's copies, kept only where the organisation's own item still exists (an erased organisation drops out). */
  async listForPerson(personId: string): Promise<MembershipRecord[]> {
    const copies = await queryPartition(this.ctx, `PERSON#${personId}`, 'MEMBER#');
    const truths = await batchGetAll(
      this.ctx,
      copies.map((copy) => keys.membership((copy.organisationId as string | null) ?? null, personId)),
    );
    return truths.map((item) => fromItem<MembershipRecord>(item)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async listForOrganisation(organisationId: string | null): Promise<MembershipRecord[]> {
    const items = await queryPartition(this.ctx, orgPartition(organisationId), 'MEMBER#');
    return items.map((item) => fromItem<MembershipRecord>(item)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async grant(membership: MembershipRecord, audit: AuditEvent): Promise<WriteOutcome> {
    const items = [...membershipPuts(this.ctx, membership), auditPut(this.ctx, audit)];
    if (membership.organisationId && membership.role === 'owner') items.push(ownerCountChange(this.ctx, membership.organisationId, 1));
    return (await transactDetailed(this.ctx, items)).outcome;
  }

  async changeRole(membership: MembershipRecord, role: MembershipRecord['role'], audit: AuditEvent): Promise<MembershipChange> {
    const changed = { ...membership, role };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.membership(membership.organisationId, membership.personId), type: ItemType.membership, ...changed },
          // Changed from what the caller read, or not at all (two owners editing one member).
          ConditionExpression: 'attribute_exists(PK) AND #role = :was',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':was': membership.role },
        },
      },
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.personMembership(membership.personId, membership.organisationId), type: ItemType.personMembership, ...changed },
        },
      },
      auditPut(this.ctx, audit),
    ];
    const owners = membership.organisationId && membership.role !== role && (membership.role === 'owner' || role === 'owner');
    if (owners) items.push(ownerCountChange(this.ctx, membership.organisationId!, role === 'owner' ? 1 : -1));
    return this.outcome(await transactDetailed(this.ctx, items), owners && role !== 'owner' ? items.length - 1 : -1);
  }

  async setScope(membership: MembershipRecord, scopeId: string | undefined, audit: AuditEvent): Promise<MembershipChange> {
    const { scopeId: _was, ...rest } = membership;
    const changed: MembershipRecord = scopeId ? { ...rest, scopeId } : rest;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.membership(membership.organisationId, membership.personId), type: ItemType.membership, ...changed },
          // Only over the membership as read: a role change or another restriction meanwhile makes this stale.
          ConditionExpression: `attribute_exists(PK) AND #role = :role AND ${membership.scopeId ? 'scopeId = :scope' : 'attribute_not_exists(scopeId)'}`,
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':role': membership.role, ...(membership.scopeId ? { ':scope': membership.scopeId } : {}) },
        },
      },
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.personMembership(membership.personId, membership.organisationId), type: ItemType.personMembership, ...changed },
        },
      },
      auditPut(this.ctx, audit),
    ];
    return this.outcome(await transactDetailed(this.ctx, items), -1);
  }

  async remove(membership: MembershipRecord, audit: AuditEvent): Promise<MembershipChange> {
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: this.ctx.tableName,
          Key: keys.membership(membership.organisationId, membership.personId),
          ConditionExpression: 'attribute_exists(PK) AND #role = :was',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':was': membership.role },
        },
      },
      { Delete: { TableName: this.ctx.tableName, Key: keys.personMembership(membership.personId, membership.organisationId) } },
      auditPut(this.ctx, audit),
    ];
    const owner = membership.organisationId && membership.role === 'owner';
    if (owner) items.push(ownerCountChange(this.ctx, membership.organisationId!, -1));
    return this.outcome(await transactDetailed(this.ctx, items), owner ? items.length - 1 : -1);
  }

  /** Which condition failed decides the answer: the owner count's means the last owner. */
  private outcome(result: Awaited<ReturnType<typeof transactDetailed>>, ownerCountAt: number): MembershipChange {
    if (result.outcome === 'written') return 'written';
    return ownerCountAt >= 0 && result.failed.includes(ownerCountAt) && !result.failed.includes(0) ? 'last_owner' : 'stale';
  }
}
