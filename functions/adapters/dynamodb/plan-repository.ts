import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Plan, PlanItem } from '../../contract';
import { assemblePlan } from '../../core/plan/listing';
import type { PlanHeader } from '../../core/plan/types';
import type { AuditEvent } from '../../services/entities';
import type { PlanCarryForward, PlanStore, WriteOutcome } from '../../services/ports';
import { ItemType, keyPrefixes, keys, orgPartition, planSubject } from './keys';
import { auditPut, fromItem, queryPartition, transact, type TableContext } from './table-context';

/**
 * An organisation's improvement plans per questionnaire and scope, in its partition: a header
 * item (PLAN#<subject>: what it follows, its roadmap order) and one item per control
 * (PLANITEM#<subject>#<controlId>), each written only at the revision it was read at. The
 * subject is the questionnaire id for the whole organisation's plan, `<qId>@<scopeId>` for a
 * scope's (keys.ts, planSubject).
 */
export class DynamoDbPlanRepository implements PlanStore {
  constructor(private readonly ctx: TableContext) {}

  async get(organisationId: string, questionnaireId: string, scopeId?: string): Promise<Plan | undefined> {
    const subject = planSubject(questionnaireId, scopeId);
    const [header, items] = await Promise.all([
      this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.plan(organisationId, subject), ConsistentRead: true })),
      queryPartition(this.ctx, orgPartition(organisationId), keyPrefixes.planItems(subject)),
    ]);
    const stored = fromItem<PlanHeader>(header.Item);
    if (!stored) return undefined;
    // The summary counts overdue items as of now; services recount with their clock.
    return assemblePlan(
      stored,
      items.map((item) => fromItem<PlanItem>(item)!),
      new Date().toISOString().slice(0, 10),
    ) as Plan;
  }

  async carryForward(change: PlanCarryForward): Promise<WriteOutcome> {
    const { organisationId, plan, order, expectedBasedOn, items, audit } = change;
    const header: PlanHeader = { ...plan, order: [...order] };
    const subject = planSubject(plan.questionnaireId, plan.scopeId);
    return transact(this.ctx, [
      {
        Put: {
          TableName: this.ctx.tableName,
          Item: { ...keys.plan(organisationId, subject), type: ItemType.plan, ...header },
          // A new plan is made once; a carried-forward one only if nobody moved it since it was read.
          ...(expectedBasedOn === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#basedOn.#assessmentId = :basedOn',
                ExpressionAttributeNames: { '#basedOn': 'basedOn', '#assessmentId': 'assessmentId' },
                ExpressionAttributeValues: { ':basedOn': expectedBasedOn },
              }),
        },
      },
      ...items.map(({ item, expectedRevision }) => this.itemPut(organisationId, subject, item, expectedRevision)),
      auditPut(this.ctx, audit),
    ]);
  }

  async updateItem(
    organisationId: string,
    questionnaireId: string,
    item: PlanItem,
    expectedRevision: number,
    audit: AuditEvent,
    scopeId?: string,
  ): Promise<WriteOutcome> {
    return transact(this.ctx, [this.itemPut(organisationId, planSubject(questionnaireId, scopeId), item, expectedRevision), auditPut(this.ctx, audit)]);
  }

  private itemPut(organisationId: string, subject: string, item: PlanItem, expectedRevision: number) {
    return {
      Put: {
        TableName: this.ctx.tableName,
        Item: { ...keys.planItem(organisationId, subject, item.controlId), type: ItemType.planItem, ...item },
        ...(expectedRevision === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression: '#revision = :revision',
              ExpressionAttributeNames: { '#revision': 'revision' },
              ExpressionAttributeValues: { ':revision': expectedRevision },
            }),
      },
    };
  }
}
