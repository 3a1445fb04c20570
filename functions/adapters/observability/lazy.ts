/**
 * Builds a handler's wiring at its first invocation instead of at module initialisation
 * (docs/cold-starts.md). `load` is a dynamic `import()` of the wiring module: the bundle keeps
 * that module and all it alone imports in a chunk file of its own (infra/lib/function-code.ts),
 * which Node reads, parses and evaluates only then.
 * A failed build is not kept: the next invocation tries again (as a failed init would).
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
