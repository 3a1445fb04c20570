import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Targets } from '../../contract';
import type { AuditEvent } from '../../services/entities';
import type { TargetStore, WriteOutcome } from '../../services/ports';
import { ItemType, keyPrefixes, keys, orgPartition } from './keys';
import { auditPut, fromItem, queryPartition, transact, type TableContext } from './table-context';

/**
 * An organisation's targets, one item per revision in its partition (TARGETS#<qId>#<revision>),
 * each written once: the newest is the current targets, the others their history.
 */
export class DynamoDbTargetRepository implements TargetStore {
  constructor(private readonly ctx: TableContext) {}

  async history(organisationId: string, questionnaireId: string): Promise<Targets[]> {
    const items = await queryPartition(this.ctx, orgPartition(organisationId), keyPrefixes.targets(questionnaireId));
    return items.map((item) => fromItem<Targets>(item)!).sort((a, b) => b.revision - a.revision);
  }

  async current(organisationId: string, questionnaireId: string): Promise<Targets | undefined> {
    const page = await this.ctx.doc.send(
      new QueryCommand({
        TableName: this.ctx.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': orgPartition(organisationId), ':prefix': keyPrefixes.targets(questionnaireId) },
        // The sort key orders revisions: the last one is the newest.
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return fromItem<Targets>(page.Items?.[0]);
  }

  async add(organisationId: string, targets: Targets, audit: AuditEvent): Promise<WriteOutcome> {
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.targets(organisationId, targets.questionnaireId, targets.revision), type: ItemType.targets, ...targets },
          // A revision is written once: a second writer of the same revision conflicts, never overwrites.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      auditPut(this.ctx, audit),
    ]);
  }
}
