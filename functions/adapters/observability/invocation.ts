/**
 * Wraps a Lambda handler with the per-invocation observability work: Lambda context and
 * correlation id on every log line, an X-Ray subsegment, and the metrics flushed at the end.
 * The first invocation also loads the tracer (Observability.loadTracer).
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Observability } from './powertools';

export interface InvocationHooks<E, R> {
  /** The id that ties this invocation's logs together (API Gateway's request id). */
  correlationId?(event: E): string | undefined;
  /** Adds the invocation's business metrics once it has finished. */
  record?(result: R, event: E, metrics: Observability['metrics']): void;
}

export function observed<E, R>(
  obs: Observability,
  name: string,
  handler: (event: E, context: Context) => Promise<R>,
  hooks: InvocationHooks<E, R> = {},
): (event: E, context: Context) => Promise<R> {
  const { logger, metrics } = obs;
  return async (event, context) => {
    // Tests and local callers pass a bare object; only a real Lambda context is attached.
    if (context && typeof context.functionName === 'string') logger.addContext(context);
    logger.setCorrelationId(hooks.correlationId?.(event));
    metrics.captureColdStartMetric();
    // Loaded by the first invocation (powertools.ts), before the handler and its wiring read it.
    const tracer = await obs.loadTracer();
    const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const segment = parent?.addNewSubsegment(`## ${name}`);
    if (segment) {
      tracer.setSegment(segment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      const result = await handler(event, context);
      hooks.record?.(result, event, metrics);
      return result;
    } catch (error) {
      segment?.addError(error as Error);
      metrics.addMetric('UnhandledErrors', MetricUnit.Count, 1);
      logger.error('invocation failed', error as Error);
      throw error;
    } finally {
      segment?.close();
      if (parent) tracer.setSegment(parent);
      metrics.publishStoredMetrics();
    }
  };
}
