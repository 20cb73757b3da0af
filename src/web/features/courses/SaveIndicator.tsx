import { Group, Loader, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCloudOff } from '@tabler/icons-react';
import { formatTime } from '../../lib/format';
import type { SaveState } from './use-note-autosave';

/** The autosave state in words, icon and colour, announced politely to screen readers. */
export function SaveIndicator({ state, savedAt }: { state: SaveState; savedAt: string | null }) {
  const body = (() => {
    switch (state) {
      case 'saved':
        return (
          <>
            <IconCircleCheck size={20} aria-hidden="true" color="var(--mantine-color-green-7)" />
            <Text fw={600}>Saved{savedAt ? ` ${formatTime(savedAt)}` : ''}</Text>
          </>
        );
      case 'saving':
        return (
          <>
            <Loader size={16} aria-hidden="true" />
            <Text fw={600}>Saving…</Text>
          </>
        );
      case 'retrying':
        return (
          <>
            <IconCloudOff size={20} aria-hidden="true" color="var(--mantine-color-orange-7)" />
            <Text fw={600}>Not saved — retrying</Text>
          </>
        );
      default:
        return (
          <>
            <IconAlertTriangle size={20} aria-hidden="true" color="var(--mantine-color-red-7)" />
            <Text fw={600}>Not saved</Text>
          </>
        );
    }
  })();
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="save-state" data-state={state}>
      {body}
    </Group>
  );
}
