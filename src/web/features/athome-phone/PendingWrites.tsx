import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCloudOff, IconX } from '@tabler/icons-react';
import { clockTime, plainTimes } from './words';
import type { QueuedWrite, WriteQueue } from './write-queue';

/**
 * What was entered on this phone and has not reached the clinic yet: amber "not sent yet" while it waits for
 * the connection, red with the server's reason when it was refused (then it can be tried again or dismissed).
 */
export function PendingWrites({ writes, queue }: { writes: QueuedWrite[]; queue: WriteQueue }) {
  if (writes.length === 0) return null;
  const waiting = writes.filter((w) => w.status === 'pending');
  const refused = writes.filter((w) => w.status === 'rejected');
  return (
    <Stack gap="xs" data-testid="pending-writes">
      {waiting.length ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconCloudOff aria-hidden="true" />}
          title="Not sent yet"
          role="status"
        >
          <Text size="sm" mb={4}>
            No connection. This is kept on your phone and sent as soon as you are back online:
          </Text>
          <List size="sm">
            {waiting.map((w) => (
              <List.Item key={w.key} data-testid="pending-write">
                {w.label} ({clockTime(w.createdAt)}) — not sent yet
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {refused.map((w) => (
        <Alert
          key={w.key}
          color="red"
          variant="light"
          icon={<IconX aria-hidden="true" />}
          title={`Not saved: ${w.label}`}
          role="alert"
          data-testid="refused-write"
        >
          <Text size="sm">{plainTimes(w.error ?? '')}</Text>
          <Group gap="xs" mt="xs">
            <Button size="xs" variant="default" onClick={() => queue.retry(w.key)}>
              Try again
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => queue.discard(w.key)}>
              Dismiss
            </Button>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
