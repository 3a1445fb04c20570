/**
 * Verification of organisations in DynamoDB. The state is kept in three places that
 * change together in one transaction: the profile (what the organisation sees), the
 * benchmark participation record (what the fold checks inside its own transaction) and
 * a queue item in the partition of its state, sorted by registration time, so that the
 * admins' queue is one query, oldest first.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { VerificationStatus } from '../../core/verification/verification';
import type { AuditEvent, Organisation } from '../../services/entities';
import type { VerificationQueueEntry, VerificationStore, WriteOutcome } from '../../services/ports';
import { benchmarkKeys, BenchmarkItemType } from './benchmark-items';
import { ItemType, keys, orgPartition } from './keys';
import { auditPut, fromItem, ORGANISATION_LIVE, transact, type TableContext } from './table-context';

/** The organisation's entry in the queue of its current state. */
export function queueItem(organisation: Organisation): Record<string, unknown> {
  const { id, name, industry, sizeBand, region, createdAt, synthetic, verification, verificationDecidedAt } = organisation;
  const entry: VerificationQueueEntry = {
    id,
    name,
    industry,
    sizeBand,
    region,
    createdAt,
    synthetic,
    verification,
    ...(verificationDecidedAt ? { verificationDecidedAt } : {}),
  };
  return { ...keys.verificationQueue(verification, createdAt, id), type: ItemType.verificationQueue, ...entry };
}

/** Every queue key an organisation could have (deletion removes whichever exists). */
export const allQueueKeys = (organisationId: string, createdAt: string) =>
  (['unverified', 'verified', 'rejected'] as const).map((status) => keys.verificationQueue(status, createdAt, organisationId));

export class DynamoDbVerificationRepository implements VerificationStore {
  constructor(private readonly ctx: TableContext) {}

  async decide(organisation: Organisation, to: VerificationStatus, at: string, audits: readonly AuditEvent[]): Promise<WriteOutcome> {
    const from = organisation.verification;
    // Profiles stored before verification existed have no attribute: they are unverified.
    const wasFrom = from === 'unverified' ? '(verification = :from OR attribute_not_exists(verification))' : 'verification = :from';
    const decided: Organisation = { ...organisation, verification: to, verificationDecidedAt: at };
    return transact(this.ctx, [
      {
        Update: {
          TableName: this.ctx.tableName,
          Key: keys.profile(organisation.id),
          UpdateExpression: 'SET verification = :to, verificationDecidedAt = :at',
          ConditionExpression: `${ORGANISATION_LIVE} AND ${wasFrom}`,
          ExpressionAttributeValues: { ':to': to, ':at': at, ':from': from },
        },
      },
      {
        // The record the fold checks. Its owner-controlled state is kept (a withdrawn one stays withdrawn).
        Update: {
          TableName: this.ctx.tableName,
          Key: benchmarkKeys.participation(organisation.id),
          UpdateExpression: 'SET verification = :to, #state = if_not_exists(#state, :state), #type = :type, organisationId = :org',
          ExpressionAttributeNames: { '#state': 'state', '#type': 'type' },
          ExpressionAttributeValues: {
            ':to': to,
            ':state': organisation.contributesToBenchmarks ? 'contributing' : 'opted-out',
            ':type': BenchmarkItemType.participation,
            ':org': organisation.id,
          },
        },
      },
      { Delete: { TableName: this.ctx.tableName, Key: keys.verificationQueue(from, organisation.createdAt, organisation.id) } },
      { Put: { TableName: this.ctx.tableName, Item: queueItem(decided) } },
      ...audits.map((event) => auditPut(this.ctx, event)),
    ]);
  }

  async queue(status: VerificationStatus, limit: number, after?: string): Promise<{ entries: VerificationQueueEntry[]; next?: string }> {
    const pk = `VERIFICATION#${status}`;
    const page = await this.ctx.doc.send(
      new QueryCommand({
        TableName: this.ctx.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: true,
        Limit: limit,
        ConsistentRead: true,
        ...(after ? { ExclusiveStartKey: { PK: pk, SK: after } } : {}),
      }),
    );
    const entries = (page.Items ?? []).map((item) => fromItem<VerificationQueueEntry>(item)!);
    const next = page.LastEvaluatedKey?.SK as string | undefined;
    return next ? { entries, next } : { entries };
  }

  async submissionCount(organisationId: string): Promise<number> {
    let count = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.ctx.doc.send(
        new QueryCommand({
          TableName: this.ctx.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': orgPartition(organisationId), ':prefix': 'SUBMISSION#' },
          Select: 'COUNT',
          ExclusiveStartKey: cursor,
        }),
      );
      count += page.Count ?? 0;
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return count;
  }
}
