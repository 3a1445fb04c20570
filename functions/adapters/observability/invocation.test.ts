import { describe, expect, it } from 'vitest';
import { createObservability } from './powertools';
import { observed } from './invocation';

describe('observed invocations', () => {
  it('load the tracer before the first handler runs, not when the observability is created', async () => {
    const obs = createObservability('aim-test');
    // Module initialisation creates the observability: X-Ray is not loaded yet (docs/cold-starts.md).
    expect(() => obs.tracer).toThrow(/before an observed invocation loaded it/);
    const handler = observed(obs, 'probe', async (event: { n: number }) => ({ n: event.n, tracing: obs.tracer.isTracingEnabled() }));
    // Outside Lambda, Powertools switches tracing off; the handler could read the tracer all the same.
    expect(await handler({ n: 1 }, {} as never)).toEqual({ n: 1, tracing: false });
    const first = obs.tracer;
    expect(await handler({ n: 2 }, {} as never)).toEqual({ n: 2, tracing: false });
    expect(obs.tracer).toBe(first);
    expect(await obs.loadTracer()).toBe(first);
  });
});
