/**
 * The report function's stream consumer (issue 21): every submission written to the table
 * has its report rendered and stored, once, off the DynamoDB stream (the report Lambda in
 * AWS, a stream poller of the local runner). Records whose render fails are reported back
 * as partial batch failures and delivered again; a render is idempotent (one report per
 * submission, variant and release: services/reports.ts).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { ItemType } from './keys';

export interface SubmittedAssessment {
  recordId: string;
  organisationId: string;
  assessmentId: string;
}

/** The submissions written in a batch of stream records (the aggregator reads the same items); other records are skipped. */
export function submittedAssessmentsFromRecords(records: readonly DynamoDBRecord[]): SubmittedAssessment[] {
  const found: SubmittedAssessment[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage as Record<string, { S?: string }> | undefined;
    if (!image || record.eventName === 'REMOVE' || image.type?.S !== ItemType.submission) continue;
    const organisationId = image.organisationId?.S;
    const assessmentId = image.assessmentId?.S;
    if (!organisationId || !assessmentId) continue;
    found.push({ recordId: record.dynamodb?.SequenceNumber ?? record.eventID ?? 'unknown', organisationId, assessmentId });
  }
  return found;
}

/** Renders the report of each submission, one after the other; the first failure and every record after it are delivered again. */
export async function renderSubmittedReports(
  records: readonly DynamoDBRecord[],
  render: (organisationId: string, assessmentId: string) => Promise<string>,
  log: (entry: Record<string, unknown>) => void = () => {},
): Promise<DynamoDBBatchResponse> {
  const submitted = submittedAssessmentsFromRecords(records);
  for (const [index, s] of submitted.entries()) {
    try {
      const outcome = await render(s.organisationId, s.assessmentId);
      log({ level: 'info', msg: 'report on submission', assessmentId: s.assessmentId, outcome });
    } catch (error) {
      log({
        level: 'error',
        msg: 'could not render the report of a submission; it will be delivered again',
        assessmentId: s.assessmentId,
        error: String(error),
      });
      return { batchItemFailures: submitted.slice(index).map((f) => ({ itemIdentifier: f.recordId })) };
    }
  }
  return { batchItemFailures: [] };
}
