import { useEffect, useRef, useState } from 'react';

/**
 * A check-in step's answers kept on the phone as they are typed (localStorage, per session and step), so a
 * reload or a lost connection keeps them until the step is sent. Cleared once the server has the step.
 */
const storageKey = (sessionId: string, step: string) => `liminal-at-home-draft:${sessionId}:${step}`;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function clearDraft(sessionId: string, step: string): void {
  try {
    localStorage.removeItem(storageKey(sessionId, step));
  } catch {
    // Nothing to clear where storage is unavailable.
  }
}

/** The draft's value, a setter that saves it (after a short pause in typing), and whether it is saved. */
export function useDraft<T>(
  sessionId: string,
  step: string,
  initial: () => T,
): [T, (next: T) => void, 'idle' | 'typing' | 'saved'] {
  const key = storageKey(sessionId, step);
  const [value, setValue] = useState<T>(() => read<T>(key) ?? initial());
  const [state, setState] = useState<'idle' | 'typing' | 'saved'>(() => (read(key) ? 'saved' : 'idle'));
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const set = (next: T) => {
    setValue(next);
    setState('typing');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      try {
        localStorage.setItem(key, JSON.stringify(next));
        setState('saved');
      } catch {
        setState('idle');
      }
    }, 400);
  };
  return [value, set, state];
}
