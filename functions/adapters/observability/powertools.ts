/**
 * Powertools for AWS Lambda: structured logger, CloudWatch metrics (EMF) and X-Ray tracer,
 * one set per function. Tracing and metrics switch themselves off outside Lambda.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { maskSecretsReplacer } from './secret-masking';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

/** Namespace of the application metrics unless POWERTOOLS_METRICS_NAMESPACE says otherwise. */
export const METRICS_NAMESPACE = 'AIM';

export function createObservability(serviceName: string): Observability {
  return {
    // Secrets in any entry are masked before it is written (secret-masking.ts).
    logger: new Logger({ serviceName, jsonReplacerFn: maskSecretsReplacer }),
    metrics: new Metrics({ serviceName, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE }),
    tracer: new Tracer({ serviceName }),
  };
}
