import { useEffect, useState } from 'react';

/** The current time, re-read every `everyMs` (countdowns tick each second; "3 min ago" each 15 s). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
