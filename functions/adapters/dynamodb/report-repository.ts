import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, ReportRecord } from '../../services/entities';
import type { ReportStore } from '../../services/ports';
import { ItemType, keys } from './keys';
import { auditPut, fromItem, transact, type TableContext } from './table-context';

/** Records of generated reports, in their organisation's partition. */
export class DynamoDbReportRepository implements ReportStore {
  constructor(private readonly ctx: TableContext) {}

  async record(report: ReportRecord, audit: AuditEvent | null): Promise<void> {
    const outcome = await transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.report(report.organisationId, report.reportId), type: ItemType.report, ...report },
          // A report id is recorded once; a record is never rewritten.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...(audit ? [auditPut(this.ctx, audit)] : []),
    ]);
    if (outcome === 'conflict') throw new Error(`report ${report.reportId} is already recorded`);
  }

  async get(organisationId: string, reportId: string): Promise<ReportRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.report(organisationId, reportId), ConsistentRead: true }));
    return fromItem<ReportRecord>(result.Item);
  }
}
