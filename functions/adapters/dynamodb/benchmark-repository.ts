import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BenchmarkMember } from '../../core/benchmark/cohort';
import type { Submission } from '../../services/entities';
import type { BenchmarkStore } from '../../services/ports';
import { ItemType, keys } from './keys';
import { fromItem, type TableContext } from './table-context';

/**
 * One member item per organisation and questionnaire: its latest submission's scores.
 * The conditional put makes folding idempotent and order-insensitive: a record that
 * is older than (or the same as) the stored one changes nothing.
 */
export class DynamoDbBenchmarkRepository implements BenchmarkStore {
  constructor(private readonly ctx: TableContext) {}

  async recordSubmission(submission: Submission): Promise<void> {
    const domains: Record<string, number> = {};
    for (const [id, d] of Object.entries(submission.scores.domains)) if (d.counted > 0) domains[id] = d.score;
    const member: BenchmarkMember & { assessmentId: string } = {
      organisationId: submission.organisationId,
      assessmentId: submission.assessmentId,
      questionnaireId: submission.questionnaireId,
      version: submission.version,
      industry: submission.industry,
      sizeBand: submission.sizeBand,
      region: submission.region,
      submittedAt: submission.submittedAt,
      synthetic: submission.synthetic,
      overall: submission.scores.overall.score,
      domains,
    };
    try {
      await this.ctx.doc.send(
        new PutCommand({
          TableName: this.ctx.tableName,
          Item: { ...keys.benchmarkMember(submission.questionnaireId, submission.organisationId), type: ItemType.benchmarkMember, ...member },
          ConditionExpression: 'attribute_not_exists(PK) OR submittedAt < :at OR (submittedAt = :at AND assessmentId <= :id)',
          ExpressionAttributeValues: { ':at': submission.submittedAt, ':id': submission.assessmentId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async members(questionnaireId: string): Promise<BenchmarkMember[]> {
    const members: BenchmarkMember[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.ctx.doc.send(
        new QueryCommand({
          TableName: this.ctx.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `BENCHMARK#${questionnaireId}` },
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) members.push(fromItem<BenchmarkMember>(item)!);
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return members;
  }
}
