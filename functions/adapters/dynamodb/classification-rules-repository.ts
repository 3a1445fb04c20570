import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ClassificationRulesRecord } from '../../contract';
import type { AuditEvent } from '../../services/entities';
import type { ClassificationRulesStore, WriteOutcome } from '../../services/ports';
import { ItemType, keys } from './keys';
import { auditPut, fromItem, transact, type TableContext } from './table-context';

/**
 * An organisation's classification rules for evidence imports (CLASSIFICATIONRULES): one item
 * at its current revision, replaced only over the revision the writer read, with the audit
 * event in the same transaction (transact fences the organisation); erased with its partition.
 */
export class DynamoDbClassificationRulesRepository implements ClassificationRulesStore {
  constructor(private readonly ctx: TableContext) {}

  async get(organisationId: string): Promise<ClassificationRulesRecord | undefined> {
    const result = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: keys.classificationRules(organisationId), ConsistentRead: true }),
    );
    return fromItem<ClassificationRulesRecord>(result.Item);
  }

  async put(organisationId: string, rules: ClassificationRulesRecord, audit: AuditEvent): Promise<WriteOutcome> {
    const previous = rules.revision - 1;
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.classificationRules(organisationId), type: ItemType.classificationRules, ...rules },
          // The first revision only where none exists; a later one only over the revision it was based on.
          ...(previous === 0
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#revision = :previous',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':previous': previous },
              }),
        },
      },
      auditPut(this.ctx, audit),
    ]);
  }
}
