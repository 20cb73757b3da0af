import { Loader } from '@mantine/core';
import { usePendingMarker } from '../lib/first-reveal';

/**
 * A spinner that screen readers announce (a bare aria-label on Mantine's span is not allowed by ARIA). While one
 * is on screen the first page of a visit is still loading (app/FirstReveal).
 */
export function Loading({ label = 'Loading' }: { label?: string }) {
  usePendingMarker();
  return <Loader role="status" aria-label={label} />;
}
