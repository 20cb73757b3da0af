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

/** Stores a draft (or removes an empty one); false where storage is unavailable or full. */
function write(key: string, value: string): boolean {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * The draft, a setter that saves it after a short pause in typing, whether it is saved, and a clear. A draft still
 * waiting for its pause is written at once when the page is hidden, left or reloaded, and when the box goes away,
 * so the last words typed before a reload are not lost.
 */
export function useMessageDraft(box: string): [string, (next: string) => void, boolean, () => void] {
  const key = storageKey(box);
  const [value, setValue] = useState<string>(() => read(key) ?? '');
  const [saved, setSaved] = useState(() => Boolean(read(key)));
  const timer = useRef<number | undefined>(undefined);
  /** The value typed but not yet stored, or null when storage is up to date. */
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const flush = () => {
      if (pending.current === null) return;
      window.clearTimeout(timer.current);
      const value = pending.current;
      pending.current = null;
      setSaved(write(key, value) && Boolean(value));
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
    };
  }, [key]);
  const set = (next: string) => {
    setValue(next);
    setSaved(false);
    pending.current = next;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      pending.current = null;
      setSaved(write(key, next) && Boolean(next));
    }, 300);
  };
  const clear = () => {
    window.clearTimeout(timer.current);
    pending.current = null;
    write(key, '');
    setValue('');
    setSaved(false);
  };
  return [value, set, saved, clear];
}
