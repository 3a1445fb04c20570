/**
 * Powertools for AWS Lambda: structured logger, CloudWatch metrics (EMF) and X-Ray tracer,
 * one set per function. Tracing and metrics switch themselves off outside Lambda.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { maskingReplacer, type SecretFoundListener } from './secret-masking';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
  /** Hands each secret the logger masks to `listener` (services/log-leaks.ts revokes it); the last one given wins. */
  reportSecretsTo(listener: SecretFoundListener): void;
}

/** Namespace of the application metrics unless POWERTOOLS_METRICS_NAMESPACE says otherwise. */
export const METRICS_NAMESPACE = 'AIM';

export function createObservability(serviceName: string): Observability {
  // Set once the services exist (after the logger): the handlers wire it (composition.ts logLeakRevoker).
  let listener: SecretFoundListener | undefined;
  return {
    // Secrets in any entry are masked before it is written, and reported (secret-masking.ts).
    logger: new Logger({ serviceName, jsonReplacerFn: maskingReplacer((secret) => listener?.(secret)) }),
    metrics: new Metrics({ serviceName, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE }),
    tracer: new Tracer({ serviceName }),
    reportSecretsTo(next) {
      listener = next;
    },
  };
}
