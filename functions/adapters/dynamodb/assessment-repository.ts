import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldRef } from '../../core/errors';
import type { Assessment, AuditEvent, IdempotencyRecord } from '../../services/entities';
import type { AnswerSave, AssessmentStore, AssessmentSubmission, WriteOutcome } from '../../services/ports';
import { assessmentTooLarge } from '../../services/stored-size';
import { ItemType, keys, orgPartition } from './keys';
import {
  auditPut,
  fromItem,
  idempotencyPut,
  isItemTooLarge,
  queryPartition,
  tokenStillValid,
  transact,
  transactDetailed,
  type TableContext,
} from './table-context';

/**
 * A write DynamoDB refused because an item would pass its 400 KB limit becomes 422
 * `assessment_too_large` naming the answers (`answersField`), never a 500; the transaction
 * wrote nothing. The services measure before writing (services/stored-size.ts); this is the backstop.
 */
async function withinItemLimit<T>(answersField: FieldRef, answers: Record<string, unknown>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isItemTooLarge(error)) throw assessmentTooLarge(answersField, answers);
    throw error;
  }
}

/** The answers of the assessment being written (a save names the answers it was given instead). */
const STORED_ANSWERS: FieldRef = { in: 'subject', field: ['answers'] };

export class DynamoDbAssessmentRepository implements AssessmentStore {
  constructor(private readonly ctx: TableContext) {}

  async create(assessment: Assessment, audit: AuditEvent, idempotency?: IdempotencyRecord): Promise<WriteOutcome> {
    return withinItemLimit(STORED_ANSWERS, assessment.answers, () =>
      transact(this.ctx, [
        {
          Put: {
            TableName: this.ctx.tableName,
            Item: { ...keys.assessment(assessment.organisationId, assessment.id), type: ItemType.assessment, ...assessment },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        auditPut(this.ctx, audit),
        ...(idempotency ? [idempotencyPut(this.ctx, idempotency)] : []),
      ]),
    );
  }

  async get(organisationId: string, id: string): Promise<Assessment | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.assessment(organisationId, id), ConsistentRead: true }));
    return fromItem<Assessment>(result.Item);
  }

  async list(organisationId: string): Promise<Assessment[]> {
    const items = await queryPartition(this.ctx, orgPartition(organisationId), 'ASSESSMENT#');
    return items.map((item) => fromItem<Assessment>(item)!).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async saveAnswers({
    organisationId,
    assessmentId: id,
    expectedRevision,
    changes,
    clearedAnswers,
    updatedAt,
    audit,
    tokenGuard,
  }: AnswerSave): Promise<WriteOutcome | 'token-invalid'> {
    const names: Record<string, string> = { '#status': 'status', '#answers': 'answers' };
    const values: Record<string, unknown> = {
      ':expected': expectedRevision,
      ':next': expectedRevision + 1,
      ':at': updatedAt,
      ':draft': 'draft',
      ':cleared': clearedAnswers,
    };
    // The whole map is replaced: the revision condition makes that safe.
    const sets = ['revision = :next', 'updatedAt = :at', 'clearedAnswers = :cleared'];
    const removes: string[] = [];
    Object.entries(changes).forEach(([questionId, answer], i) => {
      names[`#q${i}`] = questionId;
      if (answer === null) removes.push(`#answers.#q${i}`);
      else {
        values[`:a${i}`] = answer;
        sets.push(`#answers.#q${i} = :a${i}`);
      }
    });
    const written = Object.fromEntries(Object.entries(changes).filter(([, answer]) => answer !== null));
    const result = await withinItemLimit({ field: ['answers'] }, written, () =>
      transactDetailed(this.ctx, [
        {
          Update: {
            TableName: this.ctx.tableName,
            Key: keys.assessment(organisationId, id),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'revision = :expected AND #status = :draft',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        auditPut(this.ctx, audit),
        ...(tokenGuard ? [tokenStillValid(this.ctx, tokenGuard)] : []),
      ]),
    );
    if (result.outcome === 'written') return 'written';
    // The token check is the third item: its failure outranks a stale revision.
    return tokenGuard && result.failed.includes(2) ? 'token-invalid' : 'conflict';
  }

  async replaceDraft(assessment: Assessment, expectedRevision: number, audit: AuditEvent): Promise<WriteOutcome> {
    return withinItemLimit(STORED_ANSWERS, assessment.answers, () =>
      transact(this.ctx, [
        {
          Put: {
            TableName: this.ctx.tableName,
            Item: { ...keys.assessment(assessment.organisationId, assessment.id), type: ItemType.assessment, ...assessment },
            ConditionExpression: 'revision = :expected AND #status = :draft',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':expected': expectedRevision, ':draft': 'draft' },
          },
        },
        auditPut(this.ctx, audit),
      ]),
    );
  }

  async submit({ assessment, expectedRevision, submission, audit, idempotency }: AssessmentSubmission): Promise<WriteOutcome> {
    return withinItemLimit(STORED_ANSWERS, assessment.answers, () =>
      transact(this.ctx, [
        {
          Update: {
            TableName: this.ctx.tableName,
            Key: keys.assessment(assessment.organisationId, assessment.id),
            // The answers are written as submitted (without those to questions not asked); the revision condition makes replacing the map safe.
            UpdateExpression:
              // Who submitted is set when the service knows it (older callers and data may not).
              `SET #status = :submitted, revision = :next, updatedAt = :at, submittedAt = :at, ${assessment.submittedBy ? 'submittedBy = :by, ' : ''}${assessment.evidenceFlags ? 'evidenceFlags = :flags, ' : ''}scores = :scores, answers = :answers`,
            ConditionExpression: 'revision = :expected AND #status = :draft',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':answers': assessment.answers,
              ':submitted': 'submitted',
              ':draft': 'draft',
              ':expected': expectedRevision,
              ':next': expectedRevision + 1,
              ':at': assessment.submittedAt,
              ':scores': assessment.scores,
              ...(assessment.submittedBy ? { ':by': assessment.submittedBy } : {}),
              ...(assessment.evidenceFlags ? { ':flags': assessment.evidenceFlags } : {}),
            },
          },
        },
        ...(submission
          ? [
              {
                Put: {
                  TableName: this.ctx.tableName,
                  Item: { ...keys.submission(submission.organisationId, submission.assessmentId), type: ItemType.submission, ...submission },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ]
          : []),
        auditPut(this.ctx, audit),
        ...(idempotency ? [idempotencyPut(this.ctx, idempotency)] : []),
      ]),
    );
  }
}
