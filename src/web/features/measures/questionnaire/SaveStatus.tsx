import { Group, Loader, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCloudOff, IconDeviceFloppy } from '@tabler/icons-react';
import { formatTime } from '../../../lib/format';
import type { SaveState } from './use-autosave';

/** The autosave state in words and an icon, announced politely to screen readers. */
export function SaveStatus({ state, savedAt }: { state: SaveState; savedAt: string | null }) {
  const [icon, words] = (() => {
    switch (state) {
      case 'saving':
        return [<Loader key="i" size={14} aria-hidden="true" />, 'Saving…'];
      case 'saved':
        return [
          <IconCircleCheck key="i" size={18} aria-hidden="true" color="var(--mantine-color-green-text)" />,
          `Saved${savedAt ? ` ${formatTime(savedAt)}` : ''}`,
        ];
      case 'retrying':
        return [
          <IconCloudOff key="i" size={18} aria-hidden="true" color="var(--mantine-color-orange-text)" />,
          'Not saved yet — trying again',
        ];
      case 'error':
        return [
          <IconAlertTriangle key="i" size={18} aria-hidden="true" color="var(--mantine-color-error)" />,
          'Not saved',
        ];
      default:
        return [<IconDeviceFloppy key="i" size={18} aria-hidden="true" />, 'Saved as you go'];
    }
  })();
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="save-state" data-state={state}>
      {icon}
      <Text size="sm" fw={600}>
        {words}
      </Text>
    </Group>
  );
}
