import { Loader } from '@mantine/core';

/** A spinner that screen readers announce (a bare aria-label on Mantine's span is not allowed by ARIA). */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return <Loader role="status" aria-label={label} />;
}
