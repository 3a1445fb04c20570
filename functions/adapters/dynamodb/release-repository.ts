/**
 * Benchmark releases (issue 14): one item per questionnaire and release date, written
 * once with a condition and never changed, so every reader in a period gets the same
 * figures. The release is stored gzipped (a release with many published levels holds
 * hundreds of cohorts; DynamoDB items stop at 400 KB).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import { releaseSchema, type Release } from '../../core/release/release';
import type { ReleaseStore } from '../../services/ports';
import type { TableContext } from './table-context';

export const releaseKeys = {
  partition: (questionnaireId: string) => `BENCHRELEASE#${questionnaireId}`,
  release: (questionnaireId: string, date: string) => ({ PK: releaseKeys.partition(questionnaireId), SK: date }),
};

export const RELEASE_ITEM_TYPE = 'benchmark-release';

function releaseOfItem(item: Record<string, unknown> | undefined): Release | undefined {
  if (!item) return undefined;
  const body = item.body as Uint8Array;
  return releaseSchema.parse(JSON.parse(gunzipSync(body).toString('utf8')));
}

export class DynamoDbReleaseRepository implements ReleaseStore {
  constructor(private readonly ctx: TableContext) {}

  async get(questionnaireId: string, date: string): Promise<Release | undefined> {
    const result = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: releaseKeys.release(questionnaireId, date), ConsistentRead: true }),
    );
    return releaseOfItem(result.Item);
  }

  async putIfAbsent(release: Release): Promise<Release> {
    const key = releaseKeys.release(release.questionnaireId, release.date);
    try {
      await this.ctx.doc.send(
        new PutCommand({
          TableName: this.ctx.tableName,
          Item: { ...key, type: RELEASE_ITEM_TYPE, createdAt: release.createdAt, body: gzipSync(JSON.stringify(release)) },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return release;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Another reader released this period first: its figures are the period's.
      const stored = await this.get(release.questionnaireId, release.date);
      if (!stored) throw new Error(`release ${release.questionnaireId} ${release.date} vanished after a conflicting write`);
      return stored;
    }
  }

  async latestBetween(questionnaireId: string, first: string, last: string): Promise<Release | undefined> {
    const result = await this.ctx.doc.send(
      new QueryCommand({
        TableName: this.ctx.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :first AND :last',
        ExpressionAttributeValues: { ':pk': releaseKeys.partition(questionnaireId), ':first': first, ':last': last },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return releaseOfItem(result.Items?.[0]);
  }
}
