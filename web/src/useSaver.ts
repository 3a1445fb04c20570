import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Answer, type Assessment } from './api';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * Saves answer changes one PATCH at a time, always with the latest revision. Changes
 * made while a save is in flight are merged and sent next, so fast clicking never
 * races itself into a 409. A 409 from someone else's change calls `onConflict`.
 */
export function useSaver(
  assessmentId: string,
  initialRevision: number,
  handlers: { onSaved: (a: Assessment) => void; onConflict: () => void; onError: (e: unknown) => void },
) {
  const revision = useRef(initialRevision);
  const pending = useRef<Record<string, Answer | null>>({});
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const [status, setStatus] = useState<SaveStatus>('idle');

  const sendOnce = useCallback(async (batch: Record<string, Answer | null>): Promise<boolean> => {
    try {
      const saved = await api.saveAnswers(assessmentId, revision.current, batch);
      revision.current = saved.revision;
      handlersRef.current.onSaved(saved);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'revision_conflict') {
        pending.current = {};
        handlersRef.current.onConflict();
      } else {
        pending.current = { ...batch, ...pending.current }; // keep for a retry
        handlersRef.current.onError(e);
      }
      setStatus('failed');
      return false;
    }
  }, [assessmentId]);

  /** Sends everything queued; resolves true when all of it is saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    for (;;) {
      if (inFlight.current) {
        if (!(await inFlight.current)) return false;
        continue;
      }
      const batch = pending.current;
      if (Object.keys(batch).length === 0) return true;
      pending.current = {};
      setStatus('saving');
      const attempt = sendOnce(batch);
      inFlight.current = attempt;
      const ok = await attempt;
      inFlight.current = null;
      if (!ok) return false;
      if (Object.keys(pending.current).length === 0) setStatus('saved');
    }
  }, [sendOnce]);

  /** Queue one answer (null clears it); `delayMs` debounces typing. */
  const queue = useCallback((questionId: string, answer: Answer | null, delayMs = 0) => {
    pending.current = { ...pending.current, [questionId]: answer };
    setStatus('saving');
    clearTimeout(timer.current);
    if (delayMs > 0) timer.current = setTimeout(() => void flush(), delayMs);
    else void flush();
  }, [flush]);

  /** After a reload from the server: adopt its revision, drop anything queued. */
  const reset = useCallback((nextRevision: number) => {
    clearTimeout(timer.current);
    pending.current = {};
    revision.current = nextRevision;
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  return { status, queue, flush, reset };
}
