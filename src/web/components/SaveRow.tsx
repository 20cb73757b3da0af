import { Button, Group, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';

/** A form's save button, with "Unsaved changes" beside it while the form differs from what is saved. */
export function SaveRow({ label, saving, dirty }: { label: string; saving: boolean; dirty: boolean }) {
  return (
    <Group>
      <Button type="submit" loading={saving} leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}>
        {label}
      </Button>
      {dirty ? (
        <Text size="sm" c="dimmed" role="status">
          Unsaved changes
        </Text>
      ) : null}
    </Group>
  );
}
