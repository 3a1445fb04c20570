import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Answer, type Assessment, type StoredAnswer } from './api';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'offline' | 'failed' | 'conflict';

/** A question that a colleague changed after the revision our change was based on. */
export interface Conflict {
  question: string;
  mine: Answer | null;
  theirs: StoredAnswer | undefined;
}

interface Handlers {
  /** The server's state after a save or a refresh; keys still being saved here must be kept as they are. */
  onServerState: (assessment: Assessment, keepLocal: ReadonlySet<string>) => void;
  onNotDraft: () => void;
  onError: (e: unknown) => void;
}

const PENDING_PREFIX = 'aim.pending.';
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

interface Persisted {
  revision: number;
  answers: Record<string, Answer | null>;
}

/** Changes not yet confirmed by the server, kept across reloads (and a closed laptop). */
export function loadPending(assessmentId: string): Persisted | null {
  try {
    const raw = localStorage.getItem(PENDING_PREFIX + assessmentId);
    const parsed = raw ? (JSON.parse(raw) as Persisted) : null;
    return parsed && typeof parsed.revision === 'number' && parsed.answers && Object.keys(parsed.answers).length ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Saves answer changes one PATCH at a time, always with the revision last seen.
 * Changes made while a save is in flight are merged and sent next. Unsaved changes
 * are kept in localStorage; without a connection (navigator.onLine, or a fetch that
 * fails) the state is "offline" and saving resumes when the browser is back online.
 * A 409 from a colleague's change of the same question becomes a `Conflict` to
 * resolve; the rest of the batch is saved on the fresh revision.
 */
export function useSaver(assessmentId: string, initialRevision: number, handlers: Handlers) {
  const revision = useRef(initialRevision);
  const pending = useRef<Record<string, Answer | null>>({});
  const inFlight = useRef<{ batch: Record<string, Answer | null>; done: Promise<'saved' | 'conflict' | 'stopped'> } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const attempts = useRef(0);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const conflictsRef = useRef<Conflict[]>([]);
  const [lastError, setLastError] = useState<unknown>(null);

  const setConflictList = useCallback((next: Conflict[]) => {
    conflictsRef.current = next;
    setConflicts(next);
  }, []);

  const localKeys = useCallback(
    () => new Set([...Object.keys(pending.current), ...Object.keys(inFlight.current?.batch ?? {}), ...conflictsRef.current.map((c) => c.question)]),
    [],
  );

  const persist = useCallback(() => {
    const answers = { ...(inFlight.current?.batch ?? {}), ...pending.current };
    if (Object.keys(answers).length === 0) localStorage.removeItem(PENDING_PREFIX + assessmentId);
    else localStorage.setItem(PENDING_PREFIX + assessmentId, JSON.stringify({ revision: revision.current, answers } satisfies Persisted));
  }, [assessmentId]);

  const flushRef = useRef<() => Promise<boolean>>(async () => true);

  const scheduleRetry = useCallback(() => {
    clearTimeout(retryTimer.current);
    const delay = RETRY_MS[Math.min(attempts.current, RETRY_MS.length - 1)]!;
    attempts.current += 1;
    retryTimer.current = setTimeout(() => void flushRef.current(), delay);
  }, []);

  /** After a conflict: read the whole assessment again, so no other colleague's change goes unseen. */
  const refresh = useCallback(async () => {
    const fresh = await api.assessment(assessmentId);
    if (fresh.status !== 'draft') {
      handlersRef.current.onNotDraft();
      return false;
    }
    revision.current = fresh.revision;
    handlersRef.current.onServerState(fresh, localKeys());
    return true;
  }, [assessmentId, localKeys]);

  const sendOnce = useCallback(
    async (batch: Record<string, Answer | null>): Promise<'saved' | 'conflict' | 'stopped'> => {
      try {
        const saved = await api.saveAnswers(assessmentId, revision.current, batch);
        revision.current = saved.revision;
        attempts.current = 0;
        setLastError(null);
        handlersRef.current.onServerState(saved, localKeys());
        return 'saved';
      } catch (e) {
        if (e instanceof ApiError && e.code === 'revision_conflict') {
          const conflicted = new Map(e.conflicts.map((c) => [c.question, c.current]));
          const rest: Record<string, Answer | null> = {};
          const found: Conflict[] = [];
          for (const [q, answer] of Object.entries(batch)) {
            // Our own earlier save (sent again after a reload) is no conflict.
            const mine = q in pending.current ? pending.current[q]! : answer; // a newer change of ours, if made meanwhile
            if (conflicted.has(q) && !sameAnswer(mine, conflicted.get(q))) found.push({ question: q, mine, theirs: conflicted.get(q) });
            else if (!conflicted.has(q)) rest[q] = answer;
          }
          pending.current = { ...rest, ...pending.current };
          for (const c of found) delete pending.current[c.question];
          // The server has answered this batch: what is left of it is in `pending` now. Store that before
          // reading the assessment again, so that a reload meanwhile does not send the conflicting answer again.
          if (inFlight.current) inFlight.current.batch = {};
          persist();
          setConflictList([...conflictsRef.current.filter((c) => !conflicted.has(c.question)), ...found]);
          try {
            return (await refresh()) ? 'conflict' : 'stopped';
          } catch (refreshError) {
            handlersRef.current.onError(refreshError);
            return 'stopped';
          }
        }
        if (e instanceof ApiError && e.code === 'assessment_not_draft') {
          pending.current = {};
          handlersRef.current.onNotDraft();
          return 'stopped';
        }
        if (e instanceof ApiError && (e.isNetwork || e.status >= 500 || e.status === 429)) {
          pending.current = { ...batch, ...pending.current }; // keep for the retry
          setStatus(e.isNetwork || !navigator.onLine ? 'offline' : 'failed');
          setLastError(e.isNetwork ? null : e);
          scheduleRetry();
          return 'stopped';
        }
        // Anything else (a rejected answer, an expired key) will not improve by retrying.
        setLastError(e);
        handlersRef.current.onError(e);
        setStatus('failed');
        return 'stopped';
      } finally {
        inFlight.current = null;
        persist();
      }
    },
    [assessmentId, localKeys, persist, refresh, scheduleRetry, setConflictList],
  );

  /** Sends everything queued; resolves true when all of it is saved and nothing is in conflict. */
  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    clearTimeout(retryTimer.current);
    for (;;) {
      if (inFlight.current) {
        if ((await inFlight.current.done) === 'stopped') return false;
        continue;
      }
      const batch = pending.current;
      if (Object.keys(batch).length === 0) {
        const clean = conflictsRef.current.length === 0;
        setStatus((s) => (!clean ? 'conflict' : s === 'idle' ? 'idle' : 'saved'));
        return clean;
      }
      if (!navigator.onLine) {
        setStatus('offline');
        return false;
      }
      pending.current = {};
      setStatus('saving');
      const done = sendOnce(batch);
      inFlight.current = { batch, done };
      persist();
      if ((await done) === 'stopped') return false;
    }
  }, [persist, sendOnce]);
  flushRef.current = flush;

  /** Queue one answer (null clears it); `delayMs` debounces typing. */
  const queue = useCallback(
    (questionId: string, answer: Answer | null, delayMs = 0) => {
      pending.current = { ...pending.current, [questionId]: answer };
      persist();
      setStatus(navigator.onLine ? 'saving' : 'offline');
      clearTimeout(timer.current);
      if (delayMs > 0) timer.current = setTimeout(() => void flush(), delayMs);
      else void flush();
    },
    [flush, persist],
  );

  /** Resolving a conflict: keep mine (saved again on the fresh revision) or take theirs (nothing to save). */
  const resolve = useCallback(
    (questionId: string, choice: 'mine' | 'theirs') => {
      const conflict = conflictsRef.current.find((c) => c.question === questionId);
      setConflictList(conflictsRef.current.filter((c) => c.question !== questionId));
      if (conflict && choice === 'mine') queue(questionId, conflict.mine);
      else void flush();
      return conflict;
    },
    [flush, queue, setConflictList],
  );

  // Changes left unsaved by an earlier visit (closed tab, lost connection) are sent again on their old revision,
  // so that a colleague's newer change still shows up as a conflict rather than being overwritten.
  useEffect(() => {
    const left = loadPending(assessmentId);
    if (left) {
      pending.current = { ...left.answers, ...pending.current };
      revision.current = Math.min(revision.current, left.revision);
      setStatus('saving');
      void flush();
    }
  }, [assessmentId, flush]);

  useEffect(() => {
    const online = () => {
      attempts.current = 0;
      void flush();
    };
    const offline = () => setStatus((s) => (s === 'saving' || s === 'failed' || Object.keys(pending.current).length ? 'offline' : s));
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      clearTimeout(timer.current);
      clearTimeout(retryTimer.current);
    };
  }, [flush]);

  const hasUnsaved = () => Object.keys(pending.current).length > 0 || inFlight.current !== null;

  return { status, conflicts, lastError, queue, flush, resolve, hasUnsaved };
}

const norm = (a: Answer | null | undefined) =>
  a ? JSON.stringify([a.value ?? null, !!a.notApplicable, a.reason ?? '', a.comment ?? '', a.evidence ?? []]) : 'null';

/** Same content, whoever saved it. */
export function sameAnswer(a: Answer | null | undefined, b: Answer | null | undefined): boolean {
  return norm(a) === norm(b);
}
