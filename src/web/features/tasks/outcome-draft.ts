import { useEffect, useRef, useState } from 'react';

/**
 * The follow-up note kept as it is typed (sessionStorage, per task: this browser tab only, gone when it
 * closes), so a reload or a slip of the mouse does not lose it. Cleared once the task is resolved.
 */
const keyOf = (taskId: string) => `liminal-care-task-outcome:${taskId}`;

export function clearOutcomeDraft(taskId: string): void {
  try {
    sessionStorage.removeItem(keyOf(taskId));
  } catch {
    // Nothing to clear where storage is unavailable.
  }
}

export function useOutcomeDraft(taskId: string): [string, (v: string) => void, boolean] {
  const [value, setValue] = useState(() => {
    try {
      return sessionStorage.getItem(keyOf(taskId)) ?? '';
    } catch {
      return '';
    }
  });
  const [saved, setSaved] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const set = (v: string) => {
    setValue(v);
    setSaved(false);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      try {
        sessionStorage.setItem(keyOf(taskId), v);
        setSaved(true);
      } catch {
        setSaved(false);
      }
    }, 400);
  };
  return [value, set, saved];
}
