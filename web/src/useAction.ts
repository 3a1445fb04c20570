/**
 * One user action at a time (a submit, a download): `busy` while it runs, and its failure
 * kept for <ProblemNotice>. A sign-in problem goes to `onAuthError` instead, and
 * `explain` may first turn an error into a clearer one.
 */
import { useCallback, useState } from 'react';

export interface ActionOptions {
  onAuthError?: (e: unknown) => boolean;
  explain?: (e: unknown) => unknown;
}

export function useAction({ onAuthError, explain }: ActionOptions = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (action: () => Promise<void> | void) => {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (e) {
        if (!onAuthError?.(e)) setError(explain ? explain(e) : e);
      } finally {
        setBusy(false);
      }
    },
    [onAuthError, explain],
  );
  return { busy, error, setError, run };
}
