import { useEffect } from 'react';

/**
 * How many things on screen are still loading: each mounted `Loading` spinner and lazy-loading fallback counts
 * one. app/FirstReveal holds the first page of a visit hidden until this is zero and no query is fetching.
 */
let pending = 0;

export const pendingCount = (): number => pending;

/** Marks something as still loading while the calling component is mounted. */
export function usePendingMarker(): void {
  useEffect(() => {
    pending++;
    return () => {
      pending--;
    };
  }, []);
}
