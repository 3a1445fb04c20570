/** The metrics and correlation ids of the two kinds of invocation AIM has. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { InvocationHooks } from './invocation';

interface HttpResult {
  statusCode?: number;
}

/** API Gateway HTTP API (payload 2.0): correlation id = request id; counts requests and 5xx. */
export function httpHooks<R>(): InvocationHooks<APIGatewayProxyEventV2, R> {
  return {
    correlationId: (event) => event?.requestContext?.requestId,
    record: (result, _event, metrics) => {
      const status = typeof result === 'object' && result !== null ? ((result as HttpResult).statusCode ?? 200) : 200;
      metrics.addMetric('Requests', MetricUnit.Count, 1);
      metrics.addMetric('ServerErrors', MetricUnit.Count, status >= 500 ? 1 : 0);
    },
  };
}

/** DynamoDB Streams batches: counts records and the ones reported back as failures. */
export function streamHooks(): InvocationHooks<DynamoDBStreamEvent, DynamoDBBatchResponse> {
  return {
    correlationId: (event) => event.Records[0]?.eventID,
    record: (result, event, metrics) => {
      metrics.addMetric('StreamRecords', MetricUnit.Count, event.Records.length);
      metrics.addMetric('StreamRecordFailures', MetricUnit.Count, result.batchItemFailures.length);
    },
  };
}
