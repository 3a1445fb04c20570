import { Duration, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface StreamAggregationProps {
  readonly table: ITable;
  readonly fn: lambda.IFunction;
}

/**
 * Wires the table's stream to the aggregate Lambda. Only submission items get through the
 * filter (no invocations for drafts, answers, cells...), failures are retried in halves and
 * then parked in a dead-letter queue so one poison record cannot block a shard.
 */
export class StreamAggregation extends Construct {
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamAggregationProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      // Maximum retention: time to inspect and replay failed batches.
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    props.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          lambda.FilterCriteria.filter({
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('submission') } } },
          }),
        ],
      }),
    );
  }
}
