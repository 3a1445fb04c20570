import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEventItems } from '../../services/ports';
import { orgPartition, PLATFORM } from './keys';
import type { TableContext } from './table-context';

/**
 * Audit event items exactly as stored, keys and all, oldest first: the ledger check
 * digests every attribute, so nothing is dropped or reshaped on the way (unlike the
 * audit trail's reads, audit-repository.ts).
 */
export class DynamoDbAuditEventItems implements AuditEventItems {
  constructor(private readonly ctx: TableContext) {}

  async page(ledger: string, after: string | undefined, limit: number): Promise<{ items: Record<string, unknown>[]; next?: string }> {
    const partition = ledger === PLATFORM ? PLATFORM : orgPartition(ledger);
    const page = await this.ctx.doc.send(
      new QueryCommand({
        TableName: this.ctx.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': 'AUDIT#' },
        ExclusiveStartKey: after ? { PK: partition, SK: after } : undefined,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const next = page.LastEvaluatedKey?.SK;
    return { items: page.Items ?? [], ...(typeof next === 'string' ? { next } : {}) };
  }
}
