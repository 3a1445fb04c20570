/** Reads submission snapshots out of DynamoDB Streams records (the Lambda event shape). */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { z } from 'zod';
import type { FoldResult, StreamedSubmission } from '../../services/aggregation';
import type { StreamedAuditEvent } from '../../services/audit-ledger';
import type { Submission } from '../../services/entities';
import { ItemType } from './keys';

const score = z.number().min(0).max(5);

/** What the aggregator relies on in a submission item; anything else is a poison record. */
const SubmissionItem = z.looseObject({
  assessmentId: z.string().min(1),
  organisationId: z.string().min(1),
  questionnaireId: z.string().min(1),
  version: z.string().min(1),
  industry: z.string(),
  sizeBand: z.string(),
  region: z.string(),
  synthetic: z.boolean(),
  contributesToBenchmarks: z.boolean(),
  submittedAt: z.iso.datetime(),
  scores: z.looseObject({
    overall: z.looseObject({ score, level: z.number() }),
    domains: z.record(z.string(), z.looseObject({ score, level: z.number(), counted: z.number() })),
  }),
});

/** Submissions in a batch of stream records; other items are skipped. */
export function submissionsFromRecords(records: readonly DynamoDBRecord[]): StreamedSubmission[] {
  const found: StreamedSubmission[] = [];
  for (const record of records) {
    const recordId = record.dynamodb?.SequenceNumber ?? record.eventID ?? 'unknown';
    const image = record.dynamodb?.NewImage;
    if (!image || record.eventName === 'REMOVE') continue;
    // Only submissions matter; other items are not even unmarshalled (the Streams client
    // hands an empty map over as `{}`, which unmarshall refuses).
    if ((image as { type?: { S?: string } }).type?.S !== ItemType.submission) continue;
    try {
      const item = unmarshall(image as Record<string, AttributeValue>);
      if (item.type !== ItemType.submission) continue;
      const { PK: _pk, SK: _sk, type: _type, ...rest } = item;
      const parsed = SubmissionItem.safeParse(rest);
      if (parsed.success) found.push({ recordId, submission: parsed.data as unknown as Submission });
      else found.push({ recordId, error: `malformed submission: ${z.prettifyError(parsed.error)}` });
    } catch (error) {
      found.push({ recordId, error: String(error) });
    }
  }
  return found;
}

/**
 * Lambda's partial batch response for a fold: the failed records, by sequence number, are
 * delivered again (from the first of them on); the others are done.
 */
export function batchResponse(result: FoldResult): DynamoDBBatchResponse {
  return { batchItemFailures: result.failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

/**
 * Audit events inserted in a batch of stream records, every attribute as stored (the
 * ledger digests them all); other records are skipped. Events are written once and never
 * updated, so only INSERTs count.
 */
export function auditEventsFromRecords(records: readonly DynamoDBRecord[]): StreamedAuditEvent[] {
  const found: StreamedAuditEvent[] = [];
  for (const record of records) {
    const recordId = record.dynamodb?.SequenceNumber ?? record.eventID ?? 'unknown';
    const image = record.dynamodb?.NewImage;
    if (!image || record.eventName !== 'INSERT') continue;
    const sortKey = (image as { SK?: { S?: string } }).SK?.S;
    if (!sortKey?.startsWith('AUDIT#')) continue;
    try {
      found.push({ recordId, item: unmarshall(image as Record<string, AttributeValue>) });
    } catch (error) {
      found.push({ recordId, error: String(error) });
    }
  }
  return found;
}
