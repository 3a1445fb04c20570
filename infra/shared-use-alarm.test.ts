/** The shared-use alarm on its own (the whole stack's synthesis with cdk-nag is infra/aim-stack.test.ts). */
import { App, Stack, aws_cloudwatch as cw, aws_logs as logs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SHARED_USE_MESSAGE } from '../functions/services/credential-sightings';
import { alarmOnSharedUse, SHARED_USE_METRIC } from './lib/shared-use-alarm';

describe('alarmOnSharedUse', () => {
  it('counts the fixed log line in every function that authenticates and alarms on the first', () => {
    const stack = new Stack(new App(), 'SharedUse');
    const api = new logs.LogGroup(stack, 'ApiLogs');
    const report = new logs.LogGroup(stack, 'ReportLogs');
    alarmOnSharedUse(
      stack,
      { Api: api, Report: report },
      (id, metric, description) => new cw.Alarm(stack, id, { metric, threshold: 1, evaluationPeriods: 1, alarmDescription: description }),
    );
    const template = Template.fromStack(stack);
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((f) => f.Properties);
    expect(filters).toHaveLength(2);
    for (const filter of filters) {
      expect(filter.FilterPattern).toBe(`{ $.message = "${SHARED_USE_MESSAGE}" }`);
      expect(filter.MetricTransformations[0]).toMatchObject({ MetricName: SHARED_USE_METRIC, MetricNamespace: 'AIM', MetricValue: '1' });
    }
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties)).toMatchObject([
      { MetricName: SHARED_USE_METRIC, Namespace: 'AIM', Threshold: 1, Statistic: 'Sum' },
    ]);
  });
});
