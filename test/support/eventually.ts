/**
 * Waits for an asynchronous condition (for example, a submission to travel through the
 * stream into the benchmark), retrying until it holds or the bound is reached. Not a
 * timing assertion: the bound is generous and only stops a broken run from hanging.
 */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, { timeoutMs = 20_000, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await probe();
  }
  return last;
}
