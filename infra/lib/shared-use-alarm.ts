/**
 * Shared use of one identity (docs/security.md): every suspicion logs one fixed line
 * (functions/services/credential-sightings.ts). Counted from the functions that
 * authenticate, and the first one raises the alarm: a key or an agent is in the hands of
 * several holders, which someone should look at.
 */
import { Duration, aws_cloudwatch as cw, aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SHARED_USE_MESSAGE } from '../../functions/services/credential-sightings';
import { METRICS_NAMESPACE } from './aim-function';

/** The metric counting suspicions of shared use (namespace METRICS_NAMESPACE). */
export const SHARED_USE_METRIC = 'SharedUseSuspected';

export function alarmOnSharedUse(
  scope: Construct,
  logGroups: Record<string, logs.ILogGroup>,
  alarmOn: (id: string, metric: cw.IMetric, description: string) => cw.Alarm,
): cw.Alarm {
  for (const [id, logGroup] of Object.entries(logGroups))
    new logs.MetricFilter(scope, `SharedUseSuspected${id}`, {
      logGroup,
      metricNamespace: METRICS_NAMESPACE,
      metricName: SHARED_USE_METRIC,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', SHARED_USE_MESSAGE),
      metricValue: '1',
      defaultValue: 0,
    });
  return alarmOn(
    'SharedUseSuspected',
    new cw.Metric({ namespace: METRICS_NAMESPACE, metricName: SHARED_USE_METRIC, period: Duration.minutes(5), statistic: 'Sum' }),
    'one key or agent was used from several sources within minutes: several holders share one identity (see the audit trail: credential.shared_use_suspected)',
  );
}
