import { Center, Loader } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { pendingCount, usePendingMarker } from '../lib/first-reveal';

/**
 * The first page of a visit appears whole, once, instead of piece by piece: while the first page's code and
 * data load (a lazy page chunk, the clinic's name and demo banner, the page's own queries), it is laid out
 * unseen (transparent and inert), with a spinner over it; it is shown when nothing is loading any more (no
 * `Loading` spinner or lazy fallback on screen, no query fetching) for two frames, or after `MAX_WAIT_MS`
 * whatever is still loading. Without this, each answer that arrives pushes what is already on screen down (the
 * footer's crisis line jumps, cards move under the reader's thumb): Lighthouse measured a cumulative layout
 * shift of 0.15 to 1.0 on the portal and Today pages. Later navigation is not held back: only the first reveal
 * waits.
 */
const MAX_WAIT_MS = 3000;

/** A lazy-loading fallback that shows nothing but holds the first reveal. */
export function PendingMarker() {
  usePendingMarker();
  return null;
}

let revealedOnce = false;

export function FirstReveal({
  queryClient,
  initiallyRevealed = false,
  children,
}: {
  queryClient: QueryClient;
  /** The page came rendered from the server (src/web/ssr.tsx) and is already on screen: nothing to hold back. */
  initiallyRevealed?: boolean;
  children: ReactNode;
}) {
  const [revealed, setRevealed] = useState(revealedOnce || initiallyRevealed);
  useEffect(() => {
    if (revealed) return;
    let frame = 0;
    let settledFrames = 0;
    const reveal = () => {
      performance.mark('liminal-first-reveal');
      revealedOnce = true;
      setRevealed(true);
    };
    const check = () => {
      const busy = pendingCount() > 0 || queryClient.isFetching() > 0;
      settledFrames = busy ? 0 : settledFrames + 1;
      if (settledFrames >= 2) reveal();
      else frame = requestAnimationFrame(check);
    };
    frame = requestAnimationFrame(check);
    const cap = setTimeout(reveal, MAX_WAIT_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(cap);
    };
  }, [revealed, queryClient]);

  return (
    <>
      {/* Transparent rather than `visibility: hidden`: Chrome reports no largest contentful paint for text first
          painted invisible. `inert` keeps it out of reach of the keyboard and screen readers meanwhile. */}
      <div
        style={revealed ? undefined : { opacity: 0 }}
        inert={!revealed}
        aria-busy={revealed ? undefined : true}
      >
        {children}
      </div>
      {revealed ? null : (
        <Center pos="fixed" inset={0} aria-hidden="true">
          <Loader />
        </Center>
      )}
    </>
  );
}
