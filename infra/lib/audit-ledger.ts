import {
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as actions,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_s3 as s3,
  type aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { LEDGER_PREFIX } from '../../functions/adapters/s3/audit-ledger-bucket';
import { AUDIT_RETENTION_DAYS } from '../../functions/core/audit/retention';
import { AimFunction } from './aim-function';
import type { StageSettings } from './stage';

/** Context value: days each ledger segment is locked (compliance mode) after it is written. */
export const RETENTION_CONTEXT = 'aim:auditLedgerRetentionDays';
export const DEFAULT_RETENTION_DAYS = 400;
/** Context value: days each audit record stays in the table (AIM_AUDIT_RETENTION_DAYS, its TTL); at most the ledger's retention. */
export const RECORD_RETENTION_CONTEXT = 'aim:auditRetentionDays';

export interface AuditLedgerProps {
  readonly settings: StageSettings;
  readonly table: ITable;
  /** Functions that run the integrity check (GET /v1/audit/integrity): they may read the ledger, never write it. */
  readonly readers: lambda.IFunction[];
  /** Where S3 server access logs go (the stack's log bucket). */
  readonly accessLogs: s3.IBucket;
  /** Functions that write audit events: they get the records' retention (AIM_AUDIT_RETENTION_DAYS). */
  readonly writers?: lambda.Function[];
}

/** The retention in days from context (a number, or its text from `--context`). */
export function retentionDays(scope: Construct): number {
  const value = scope.node.tryGetContext(RETENTION_CONTEXT);
  if (value === undefined || value === null || value === '') return DEFAULT_RETENTION_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new Error(`Context ${RETENTION_CONTEXT} must be a whole number of days (1 to 36500): ${value}`);
  return days;
}

/**
 * The audit records' retention in days from context: at least a year (functions/core/audit/retention.ts)
 * and no longer than the ledger's, so that every record's digest stays locked while the record exists.
 */
export function recordRetentionDays(scope: Construct, ledgerDays: number): number {
  const value = scope.node.tryGetContext(RECORD_RETENTION_CONTEXT);
  const days = value === undefined || value === null || value === '' ? AUDIT_RETENTION_DAYS.default : Number(value);
  if (!Number.isInteger(days) || days < AUDIT_RETENTION_DAYS.min || days > 36_500)
    throw new Error(`Context ${RECORD_RETENTION_CONTEXT} must be a whole number of days (${AUDIT_RETENTION_DAYS.min} to 36500): ${value}`);
  if (days > ledgerDays)
    throw new Error(
      `Context ${RECORD_RETENTION_CONTEXT} (${days}) may not exceed ${RETENTION_CONTEXT} (${ledgerDays}): the ledger must lock each record's digest for as long as the record is kept`,
    );
  return days;
}

/**
 * The audit ledger (docs/security.md, "The audit ledger: immutable and verifiable"): a
 * bucket with Object Lock in compliance mode, so that no one, the account's root included,
 * can change or delete a segment before its retention ends; and the Lambda that appends
 * the digests of inserted audit events from the table's stream. The ledger function may
 * only create segments under the ledger prefix and read them back (to chain after the
 * last); readers may only read.
 */
export class AuditLedger extends Construct {
  readonly bucket: s3.Bucket;
  readonly fn: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly retentionDays: number;
  readonly recordRetentionDays: number;

  constructor(scope: Construct, id: string, props: AuditLedgerProps) {
    super(scope, id);
    const { settings } = props;
    this.retentionDays = retentionDays(this);
    this.recordRetentionDays = recordRetentionDays(this, this.retentionDays);
    for (const writer of props.writers ?? []) writer.addEnvironment('AIM_AUDIT_RETENTION_DAYS', String(this.recordRetentionDays));

    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(this.retentionDays)),
      // Object Lock needs versioning; a second write to a key would only add a version, and appends never make one (If-None-Match).
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'audit-ledger/',
      // Locked segments outlive the stack whatever the stage: deleting it must not try (and fail) to empty the bucket.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.fn = new AimFunction(this, 'Function', {
      settings,
      entry: 'functions/handlers/audit-ledger.ts',
      description: 'Appends the digests of new audit events to the immutable audit ledger (S3 Object Lock)',
      serviceName: 'aim-audit-ledger',
      timeout: Duration.seconds(60),
      environment: { AIM_TABLE_NAME: props.table.tableName, AIM_AUDIT_LEDGER_BUCKET: this.bucket.bucketName },
    }).fn;

    const segments = this.bucket.arnForObjects(`${LEDGER_PREFIX}*`);
    // Listing (restricted to the prefix) lets S3 answer 404 for the next free sequence number instead of 403.
    const list = new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${LEDGER_PREFIX}*`] } },
    });
    this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [segments] }));
    this.fn.addToRolePolicy(list);
    for (const reader of props.readers) {
      reader.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [segments] }));
      reader.addToRolePolicy(list);
      if (reader instanceof lambda.Function) reader.addEnvironment('AIM_AUDIT_LEDGER_BUCKET', this.bucket.bucketName);
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        // Only inserted audit events: the ledger never sees any other item, nor an event's later changes.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { SK: { S: lambda.FilterRule.beginsWith('AUDIT#') } } },
          }),
        ],
      }),
    );

    // The wildcard in the segments' ARN is the ledger prefix: one object per segment, named by ledger and sequence.
    const prefixWildcard = `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${LEDGER_PREFIX}*]`;
    for (const fn of [this.fn, ...props.readers])
      Validations.of(fn.role!).acknowledge({
        id: prefixWildcard,
        reason: `Ledger segments are objects under ${LEDGER_PREFIX}<ledger>/<sequence>.json, created as the chain grows: the grant covers that prefix of the audit ledger bucket only (read, and create for the ledger function; never delete, and Object Lock compliance mode would refuse it).`,
      });
    Validations.of(this.fn.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and dynamodb:ListStreams have no resource-level permissions, so AWS requires Resource "*" for them; reading records (GetRecords, GetShardIterator, DescribeStream) stays scoped to this table\'s stream.',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the dead-letter queue (on-failure destination) of the audit ledger's stream event source mapping.",
    });
  }

  /** An alarm on what leaves events unledgered: failed invocations (the stack's topic, as its other alarms). */
  alarmTo(topic: sns.ITopic): cw.Alarm[] {
    const action = new actions.SnsAction(topic);
    const period = Duration.minutes(5);
    const alarms = [
      new cw.Alarm(this, 'Errors', {
        metric: this.fn.metricErrors({ period, statistic: 'Sum' }),
        alarmDescription: 'audit ledger Lambda: invocations failed (events stay unledgered until a retry succeeds)',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
      // A batch that exhausted its retries: those events are in the table but not in the ledger.
      new cw.Alarm(this, 'DeadLetters', {
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        alarmDescription: 'audit ledger: stream batches gave up after their retries (their events are not ledgered; see docs/security.md)',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarms;
  }
}
