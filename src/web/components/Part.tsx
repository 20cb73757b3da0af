import { type ReactNode, Suspense } from 'react';

/**
 * One part of a page that the server renders (src/web/ssr.tsx: Today, the portal home). React takes a page from
 * the server's HTML over boundary by boundary, each in its own short tasks and commit, instead of the whole page
 * in one; on a slow phone that keeps the page answering taps while it is taken over (issue #19). Nothing inside
 * suspends on first render (the server renders until nothing does), so the fallback is never seen there.
 */
export function Part({ children }: { children: ReactNode }) {
  return <Suspense fallback={null}>{children}</Suspense>;
}
