import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api';
import type { Answers } from '../measures-query';

export type SaveState = 'idle' | 'saving' | 'saved' | 'retrying' | 'error';

const RETRY_MS = 3000;

/** A save that may work if tried again: no connection, or the server had a bad moment. */
const transient = (err: unknown) => !(err instanceof ApiError) || err.status === 0 || err.status >= 500;

/**
 * Saves the answers after every change (UX.md principle 5: "never lose work"): one request at a time,
 * always the latest answers, retried while the connection is down, and a visible state throughout.
 */
export function useAutosave<R extends { savedAt: string }>(
  save: (answers: Answers) => Promise<R>,
  onSaved: (r: R) => void,
) {
  const [state, setState] = useState<SaveState>('idle');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<Answers | null>(null);
  const inflight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveRef = useRef(save);
  const onSavedRef = useRef(onSaved);
  saveRef.current = save;
  onSavedRef.current = onSaved;

  const run = useCallback((): Promise<void> => {
    if (inflight.current) return inflight.current;
    const work = (async () => {
      while (pending.current) {
        const answers = pending.current;
        pending.current = null;
        setState('saving');
        try {
          const r = await saveRef.current(answers);
          setSavedAt(r.savedAt);
          setError(null);
          onSavedRef.current(r);
          if (!pending.current) setState('saved');
        } catch (err) {
          // Keep the latest answers for the next try unless newer ones arrived meanwhile.
          pending.current ??= answers;
          setError(err);
          if (transient(err)) {
            setState('retrying');
            timer.current = setTimeout(() => {
              timer.current = null;
              void run();
            }, RETRY_MS);
          } else {
            pending.current = null;
            setState('error');
          }
          return;
        }
      }
    })();
    inflight.current = work.finally(() => {
      inflight.current = null;
    });
    return inflight.current;
  }, []);

  const queue = useCallback(
    (answers: Answers) => {
      pending.current = answers;
      if (timer.current) {
        clearTimeout(timer.current);
        timer.current = null;
      }
      void run();
    },
    [run],
  );

  /** Waits for the save in progress and drops any retry, before a submit replaces the draft anyway. */
  const settle = useCallback(async () => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    pending.current = null;
    await inflight.current?.catch(() => {});
  }, []);

  useEffect(() => {
    const busy = state === 'saving' || state === 'retrying';
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [state]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { state, savedAt, error, queue, settle };
}
