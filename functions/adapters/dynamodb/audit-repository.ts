import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dataClassesOf } from '../../core/access/data-classes';
import type { AuditEvent } from '../../services/entities';
import type { AuditQuery, AuditStore, AuditWriter } from '../../services/ports';
import { orgPartition } from './keys';
import { auditPut, fromItem, type TableContext } from './table-context';

/** A read, or a refused GET: what `kind=reads` selects (its negation is `kind=changes`). */
const IS_READ = '(#operation = :read OR (#operation = :refused AND #request.#method = :get))';

/**
 * Reads the audit trail newest first, and writes the events of reads and refusals (a
 * change's event is written in the change's own transaction); there is deliberately no
 * way to change or delete events.
 */
export class DynamoDbAuditRepository implements AuditStore, AuditWriter {
  constructor(private readonly ctx: TableContext) {}

  async record(event: AuditEvent): Promise<void> {
    // The same item, and the same write-once condition, as an event in a transaction.
    await this.ctx.doc.send(new PutCommand(auditPut(this.ctx, event).Put!));
  }

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
    if (query.outcome) {
      filters.push(query.outcome === 'refused' ? '#operation = :refused' : '#operation <> :refused');
      names['#operation'] = 'operation';
      values[':refused'] = 'refused';
    }
    if (query.dataClass) {
      // Events stored before they carried their classes pass here and are judged below, by their action.
      filters.push('(contains(#dataClasses, :dataClass) OR attribute_not_exists(#dataClasses))');
      names['#dataClasses'] = 'dataClasses';
      values[':dataClass'] = query.dataClass;
    }
    if (query.kind) {
      filters.push(query.kind === 'reads' ? IS_READ : `NOT ${IS_READ}`);
      Object.assign(names, { '#operation': 'operation', '#request': 'request', '#method': 'method' });
      Object.assign(values, { ':read': 'read', ':refused': 'refused', ':get': 'GET' });
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
        const event = fromItem<AuditEvent>(item)!;
        // Events stored without classes are judged by their action (the service derives them for display the same way).
        if (query.dataClass && !(event.dataClasses ?? dataClassesOf(event)).includes(query.dataClass)) continue;
        // A further matching event exists: the page is full and has a continuation.
        if (events.length === query.limit) return { events, next: lastSk };
        events.push(event);
        lastSk = item.SK as string;
      }
      if (!page.LastEvaluatedKey) return { events };
      start = page.LastEvaluatedKey;
    }
  }
}
