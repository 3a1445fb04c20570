import {
  Duration,
  aws_iam as iam,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as actions,
  aws_kms as kms,
  aws_sns as sns,
  aws_sns_subscriptions as subs,
} from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { StageSettings } from './stage';

export interface MonitoringProps {
  readonly settings: StageSettings;
  readonly functions: Record<'api' | 'aggregate' | 'report' | 'evidence', IFunction>;
  readonly deadLetterQueue: IQueue;
  readonly httpApi: HttpApi;
  readonly table: ITable;
  /** Where alarm notifications go by e-mail (context `alarmEmail`); the topic exists either way. */
  readonly alarmEmail?: string;
}

/** A stream record older than this means aggregation has fallen behind (or is stuck). */
export const ITERATOR_AGE_ALARM = Duration.minutes(5);

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms on what needs a human (function errors and throttles, API 5xx, stream iterator age,
 * anything in the dead-letter queue), all notifying one SNS topic, and one dashboard.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cw.Alarm[] = [];
  readonly dashboard: cw.Dashboard;
  private readonly errorAlarm: (id: string, fn: IFunction, description: string) => cw.Alarm;
  private readonly anyAlarm: (id: string, metric: cw.IMetric, threshold: number, description: string) => cw.Alarm;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { settings } = props;

    // CloudWatch can only publish to an encrypted topic whose key lets it: hence a key of its own
    // (the AWS managed aws/sns key cannot be granted to CloudWatch).
    const key = new kms.Key(this, 'TopicKey', {
      description: `AIM ${settings.stage}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: settings.removalPolicy,
      pendingWindow: Duration.days(7),
    });
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `AIM ${settings.stage} alarms`, masterKey: key, enforceSSL: true });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    if (props.alarmEmail) this.topic.addSubscription(new subs.EmailSubscription(props.alarmEmail));
    const action = new actions.SnsAction(this.topic);

    const alarm = (id: string, metric: cw.IMetric, threshold: number, description: string) => {
      const created = new cw.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    this.anyAlarm = alarm;
    this.errorAlarm = (id, fn, description) => alarm(id, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, description);

    for (const [name, fn] of Object.entries(props.functions)) {
      const title = name[0]!.toUpperCase() + name.slice(1);
      alarm(`${title}Errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, `${name} Lambda: invocations failed`);
      alarm(`${title}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, `${name} Lambda: invocations throttled`);
    }

    const iteratorAge = new cw.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensionsMap: { FunctionName: props.functions.aggregate.functionName },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
    });
    alarm(
      'StreamIteratorAge',
      iteratorAge,
      ITERATOR_AGE_ALARM.toMilliseconds(),
      `aggregate: table stream records older than ${ITERATOR_AGE_ALARM.toHumanString()} (aggregation behind)`,
    );

    const dlqDepth = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' });
    alarm('DeadLetterQueue', dlqDepth, 1, 'aggregate: stream batches parked in the dead-letter queue (inspect and replay, see docs/deploy.md)');

    const api5xx = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('Api5xx', api5xx, 5, 'HTTP API: 5xx answers');

    const fnMetrics = (pick: (fn: IFunction) => cw.IMetric) => Object.values(props.functions).map(pick);
    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: `AIM-${settings.stage}`,
      defaultInterval: Duration.hours(24),
      widgets: [
        [
          new cw.GraphWidget({
            title: 'HTTP API requests',
            left: [props.httpApi.metricCount({ period: FIVE_MINUTES })],
            right: [props.httpApi.metricClientError({ period: FIVE_MINUTES }), api5xx],
            width: 12,
          }),
          new cw.GraphWidget({
            title: 'HTTP API latency (p50, p99)',
            left: [
              props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p50' }),
              props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
            ],
            width: 12,
          }),
        ],
        [
          new cw.GraphWidget({ title: 'Lambda invocations', left: fnMetrics((fn) => fn.metricInvocations({ period: FIVE_MINUTES })), width: 8 }),
          new cw.GraphWidget({
            title: 'Lambda errors and throttles',
            left: fnMetrics((fn) => fn.metricErrors({ period: FIVE_MINUTES })),
            right: fnMetrics((fn) => fn.metricThrottles({ period: FIVE_MINUTES })),
            width: 8,
          }),
          new cw.GraphWidget({
            title: 'Lambda duration p99',
            left: fnMetrics((fn) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' })),
            width: 8,
          }),
        ],
        [
          new cw.GraphWidget({ title: 'Stream iterator age (max)', left: [iteratorAge], width: 8 }),
          new cw.GraphWidget({ title: 'Dead-letter queue depth', left: [dlqDepth], width: 8 }),
          new cw.GraphWidget({
            title: 'DynamoDB consumed capacity',
            left: [
              props.table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES }),
              props.table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES }),
            ],
            width: 8,
          }),
        ],
        [new cw.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }

  /** An alarm when a metric reaches `threshold` in a period (default 1), to the same topic. */
  alarmOn(id: string, metric: cw.IMetric, description: string, threshold = 1): cw.Alarm {
    return this.anyAlarm(id, metric, threshold, description);
  }

  /** An alarm on failed invocations of a function outside the request path (a rotation, say), to the same topic. */
  alarmOnErrors(id: string, fn: IFunction, description: string): cw.Alarm {
    return this.errorAlarm(id, fn, description);
  }
}
