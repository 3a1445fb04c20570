/** Reads submission snapshots out of DynamoDB Streams records (the Lambda event shape). */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamedSubmission } from '../../services/aggregation';
import type { Submission } from '../../services/entities';
import { ItemType } from './keys';

/** Submissions in a batch of stream records; other items are skipped. */
export function submissionsFromRecords(records: readonly DynamoDBRecord[]): StreamedSubmission[] {
  const found: StreamedSubmission[] = [];
  for (const record of records) {
    const itemIdentifier = record.dynamodb?.SequenceNumber ?? record.eventID ?? 'unknown';
    const image = record.dynamodb?.NewImage;
    if (!image || record.eventName === 'REMOVE') continue;
    try {
      const item = unmarshall(image as Record<string, AttributeValue>);
      if (item.type !== ItemType.submission) continue;
      const { PK: _pk, SK: _sk, type: _type, ...submission } = item;
      found.push({ itemIdentifier, submission: submission as Submission });
    } catch (error) {
      found.push({ itemIdentifier, error: String(error) });
    }
  }
  return found;
}
