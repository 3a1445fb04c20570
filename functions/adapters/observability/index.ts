export { createObservability, METRICS_NAMESPACE, type Observability } from './powertools';
export { loggerSink } from './log-sink';
export { observed, type InvocationHooks } from './invocation';
export { httpHooks, streamHooks } from './hooks';
