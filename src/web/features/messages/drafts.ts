import { useEffect, useRef, useState } from 'react';

/**
 * What is typed in a message box, kept on this device as it is typed (localStorage, per box), so a reload or a
 * lost connection keeps it until it is sent. Cleared once the server has the message.
 */
const storageKey = (box: string) => `liminal-message-draft:${box}`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The draft, a setter that saves it after a short pause in typing, whether it is saved, and a clear. */
export function useMessageDraft(box: string): [string, (next: string) => void, boolean, () => void] {
  const key = storageKey(box);
  const [value, setValue] = useState<string>(() => read(key) ?? '');
  const [saved, setSaved] = useState(() => Boolean(read(key)));
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const set = (next: string) => {
    setValue(next);
    setSaved(false);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      try {
        if (next) localStorage.setItem(key, next);
        else localStorage.removeItem(key);
        setSaved(Boolean(next));
      } catch {
        setSaved(false);
      }
    }, 300);
  };
  const clear = () => {
    window.clearTimeout(timer.current);
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing to clear where storage is unavailable.
    }
    setValue('');
    setSaved(false);
  };
  return [value, set, saved, clear];
}
