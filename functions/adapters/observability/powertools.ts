/**
 * Powertools for AWS Lambda: structured logger, CloudWatch metrics (EMF) and X-Ray tracer,
 * one set per function. Tracing and metrics switch themselves off outside Lambda.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { onFirstUse } from './lazy';
import { maskingReplacer, type SecretFoundListener } from './secret-masking';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  /**
   * The X-Ray tracer, once loaded: `observed` loads it before the first invocation's handler
   * runs, so the handler and the wiring it builds may read it; read earlier, it throws.
   */
  readonly tracer: Tracer;
  /** Loads the tracer (once; later calls get the same one). */
  loadTracer(): Promise<Tracer>;
  /** Hands each secret the logger masks to `listener` (services/log-leaks.ts revokes it); the last one given wins. */
  reportSecretsTo(listener: SecretFoundListener): void;
}

/** Namespace of the application metrics unless POWERTOOLS_METRICS_NAMESPACE says otherwise. */
export const METRICS_NAMESPACE = 'AIM';

export function createObservability(serviceName: string): Observability {
  // Set once the services exist (after the logger): the handlers wire it (composition.ts logLeakRevoker).
  let listener: SecretFoundListener | undefined;
  let tracer: Tracer | undefined;
  // Imported on first use, not at module initialisation: X-Ray's SDK and the Node modules it
  // patches (http, https, dgram) were most of what module init still loaded (docs/cold-starts.md).
  const loadTracer = onFirstUse(async () => {
    const { Tracer } = await import('@aws-lambda-powertools/tracer');
    tracer = new Tracer({ serviceName });
    return tracer;
  });
  return {
    // Secrets in any entry are masked before it is written, and reported (secret-masking.ts).
    logger: new Logger({ serviceName, jsonReplacerFn: maskingReplacer((secret) => listener?.(secret)) }),
    metrics: new Metrics({ serviceName, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE }),
    get tracer(): Tracer {
      if (!tracer) throw new Error(`${serviceName}: the tracer is read before an observed invocation loaded it`);
      return tracer;
    },
    loadTracer,
    reportSecretsTo(next) {
      listener = next;
    },
  };
}
