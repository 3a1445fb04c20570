/** Everything an organisation owns, for export and for deletion. */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../services/entities';
import type { OrganisationDataStore, OrganisationItems } from '../../services/ports';
import { BenchmarkItemType } from './benchmark-items';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, queryPartition, transact, type TableContext } from './table-context';
import { allQueueKeys } from './verification-repository';

const COLLECTIONS: Record<string, keyof OrganisationItems> = {
  [ItemType.profile]: 'profile',
  [ItemType.assessment]: 'assessments',
  [ItemType.submission]: 'submissions',
  [ItemType.audit]: 'audit',
  [ItemType.tokenPointer]: 'tokenPointers',
  [ItemType.invitationPointer]: 'invitationPointers',
  [ItemType.targets]: 'targets',
  [ItemType.milestone]: 'milestones',
  [ItemType.scope]: 'scopes',
  [ItemType.evidence]: 'evidence',
  [ItemType.classificationRules]: 'classificationRules',
};

const PLAN_PREFIX = 'PLAN#';
const PLAN_ITEM_PREFIX = 'PLANITEM#';

export class DynamoDbOrganisationDataRepository implements OrganisationDataStore {
  constructor(private readonly ctx: TableContext) {}

  private partition(organisationId: string): Promise<Record<string, unknown>[]> {
    return queryPartition(this.ctx, orgPartition(organisationId));
  }

  async collect(organisationId: string): Promise<OrganisationItems> {
    const collected: OrganisationItems = {
      profile: [],
      assessments: [],
      submissions: [],
      audit: [],
      tokenPointers: [],
      invitationPointers: [],
      targets: [],
      plans: [],
      milestones: [],
      scopes: [],
      evidence: [],
      classificationRules: [],
    };
    const partition = await this.partition(organisationId);
    collected.plans = plansIn(partition);
    for (const item of partition) {
      const collection = COLLECTIONS[item.type as string];
      if (!collection) continue; // idempotency records are transient replays, not data
      const { PK: _pk, SK: _sk, type: _type, ...rest } = item;
      // The stored shapes are the entities the repositories wrote (the contract's types).
      (collected[collection] as Record<string, unknown>[]).push(rest);
    }
    return collected;
  }

  async markDeleted(organisationId: string, at: string, audit: AuditEvent): Promise<'written' | 'conflict'> {
    return transact(this.ctx, [
      {
        Update: {
          TableName: this.ctx.tableName,
          Key: keys.profile(organisationId),
          UpdateExpression: 'SET deletedAt = :at, contributesToBenchmarks = :false',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deletedAt)',
          ExpressionAttributeValues: { ':at': at, ':false': false },
        },
      },
      auditPut(this.ctx, audit),
    ]);
  }

  /** Deletes the organisation's tokens, invitations and partition. Safe to run again after a crash. */
  async eraseAll(organisationId: string): Promise<number> {
    const items = await this.partition(organisationId);
    const doomed: Record<string, unknown>[] = [];
    for (const item of items) {
      if (item.type === ItemType.tokenPointer) doomed.push(keys.token(item.hash as string));
      if (item.type === ItemType.invitationPointer) doomed.push(keys.invitation(item.hash as string));
      if (item.type === ItemType.agentPointer) doomed.push(keys.agent(item.id as string));
      if (item.type === ItemType.agentPointer && typeof item.jkt === 'string') doomed.push(keys.agentKey(item.jkt, item.id as string));
      if (item.type === ItemType.delegationPointer) doomed.push(keys.delegation(item.id as string));
    }
    // Credentials first, so nothing can act for the organisation while the rest goes.
    const profiles = items.filter((i) => i.type === ItemType.profile);
    const profile = profiles.map((i) => ({ PK: i.PK, SK: i.SK }));
    // Its entry in the admins' verification queue (outside its partition) goes with it.
    const queued = profiles.flatMap((i) => allQueueKeys(organisationId, String(i.createdAt)));
    // The benchmark participation record stays as a tombstone ("withdrawn", no personal
    // data): without it, a replay of an old submission from the stream would count again.
    const rest = items.filter((i) => i.type !== ItemType.profile && i.type !== BenchmarkItemType.participation).map((i) => ({ PK: i.PK, SK: i.SK }));
    await this.deleteKeys(doomed);
    await this.deleteKeys(rest);
    await this.deleteKeys(queued);
    // The profile (with deletedAt) goes last: while it exists, a rerun knows what to finish.
    await this.deleteKeys(profile);
    return doomed.length + rest.length + profile.length;
  }

  private async deleteKeys(keysToDelete: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < keysToDelete.length; i += 25) {
      let request: Record<string, { DeleteRequest: { Key: Record<string, unknown> } }[]> | undefined = {
        [this.ctx.tableName]: keysToDelete.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
      };
      for (let attempt = 0; request && Object.keys(request).length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const result = await this.ctx.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = result.UnprocessedItems as typeof request;
      }
    }
  }
}

/**
 * The plans in a partition, each header with its items. An item's sort key begins with its
 * plan's (PLANITEM#<subject>#…, PLAN#<subject>), which is how they are grouped: the items
 * themselves do not repeat what plan they belong to.
 */
function plansIn(partition: Record<string, unknown>[]): OrganisationItems['plans'] {
  const strip = ({ PK: _pk, SK: _sk, type: _type, ...rest }: Record<string, unknown>) => rest;
  const items = partition.filter((i) => i.type === ItemType.planItem);
  return partition
    .filter((i) => i.type === ItemType.plan)
    .map((header) => {
      const subject = String(header.SK).slice(PLAN_PREFIX.length);
      const own = items.filter((i) => String(i.SK).startsWith(`${PLAN_ITEM_PREFIX}${subject}#`));
      const { order: _order, ...rest } = strip(header);
      // The stored shapes are the entities the plan repository wrote.
      // A plan written before scopes existed is the whole organisation's (scopeId null).
      return { scopeId: null, ...rest, items: own.map(strip) } as OrganisationItems['plans'][number];
    });
}
