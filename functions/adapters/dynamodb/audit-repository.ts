import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../services/entities';
import type { AuditQuery, AuditStore } from '../../services/ports';
import { orgPartition } from './keys';
import { fromItem, type TableContext } from './table-context';

/** Reads the audit trail newest first; there is deliberately no way to change or delete events. */
export class DynamoDbAuditRepository implements AuditStore {
  constructor(private readonly ctx: TableContext) {}

  async query(organisationId: string, query: AuditQuery): Promise<{ events: AuditEvent[]; next?: string }> {
    const lower = `AUDIT#${query.from ?? ''}`;
    // '~' sorts after every character used in ISO times and ids.
    const upper = `AUDIT#${query.to ?? ''}~`;
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': orgPartition(organisationId), ':lower': lower, ':upper': upper };
    if (query.actorTokenId) {
      filters.push('#actor.#tokenId = :tokenId');
      Object.assign(names, { '#actor': 'actor', '#tokenId': 'tokenId' });
      values[':tokenId'] = query.actorTokenId;
    }
    if (query.actorType) {
      filters.push('#actor.#actorType = :actorType');
      Object.assign(names, { '#actor': 'actor', '#actorType': 'actorType' });
      values[':actorType'] = query.actorType;
    }
    const events: AuditEvent[] = [];
    let start: Record<string, unknown> | undefined = query.after ? { PK: orgPartition(organisationId), SK: query.after } : undefined;
    let lastSk: string | undefined;
    for (;;) {
      const page = await this.ctx.doc.send(
        new QueryCommand({
          TableName: this.ctx.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lower AND :upper',
          ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          ExclusiveStartKey: start,
          Limit: Math.max(query.limit + 1, 25),
        }),
      );
      for (const item of page.Items ?? []) {
        // A further matching event exists: the page is full and has a continuation.
        if (events.length === query.limit) return { events, next: lastSk };
        events.push(fromItem<AuditEvent>(item)!);
        lastSk = item.SK as string;
      }
      if (!page.LastEvaluatedKey) return { events };
      start = page.LastEvaluatedKey;
    }
  }
}
