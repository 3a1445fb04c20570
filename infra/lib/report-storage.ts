import { Duration, Stack, Validations, aws_iam as iam, aws_lambda as lambda, aws_s3 as s3, aws_sqs as sqs } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { REPORT_PREFIX } from '../../functions/adapters/s3/report-bucket';
import type { StageSettings } from './stage';

export interface ReportStorageProps {
  readonly settings: StageSettings;
  readonly table: ITable;
  /** The report function: renders on submission (the stream), stores and serves reports. */
  readonly fn: lambda.Function;
  /** Where S3 server access logs go (the stack's log bucket). */
  readonly accessLogs: s3.IBucket;
}

/**
 * Stored reports (issue 21, docs/reports.md, "Stored reports"): a report is rendered once,
 * when its assessment is submitted, off the table's stream (only submission items get
 * through the filter) by the report function, and stored in this bucket: encrypted
 * (S3-managed keys), private, TLS only, unversioned (a refreshed report replaces the one
 * before; every report stays verifiable through its record in the table). The report
 * function alone may read and write objects under the report prefix, and list it (so a
 * report not stored yet answers 404, not 403); no other function has any grant on it.
 */
export class ReportStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ReportStorageProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'reports/',
      // Reports can be rendered again from the table: dev empties the bucket on deletion, prod keeps it.
      removalPolicy: props.settings.removalPolicy,
      autoDeleteObjects: props.settings.stage === 'dev',
    });

    const reports = this.bucket.arnForObjects(`${REPORT_PREFIX}*`);
    props.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [reports] }));
    props.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${REPORT_PREFIX}*`] } },
      }),
    );
    props.fn.addEnvironment('AIM_REPORT_BUCKET', this.bucket.bucketName);

    const prefixWildcard = `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${REPORT_PREFIX}*]`;
    Validations.of(props.fn.role!).acknowledge({
      id: prefixWildcard,
      reason: `Reports are objects under ${REPORT_PREFIX}<organisation>/<assessment>/<variant>.pdf, one per submission and cohort: the grant covers that prefix of the report bucket only (get to serve, put to store).`,
    });

    // Submissions off the stream: a few per batch (each is two PDF renders, services/reports.ts
    // renderSubmitted, within the function's 29 s), failures retried in halves, then parked.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the dead-letter queue (on-failure destination) of the report function's stream event source mapping.",
    });
    props.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 3,
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [lambda.FilterCriteria.filter({ dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('submission') } } } })],
      }),
    );
  }
}
