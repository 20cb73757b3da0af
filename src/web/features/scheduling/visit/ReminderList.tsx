import { Badge, Group, Stack, Text } from '@mantine/core';
import { NO_CLIP } from '../../../components/badges';
import { formatDateTime } from '../../../lib/format';
import type { AppointmentDetail } from '../scheduling-query';

const REMINDER_WORDS: Record<string, { label: string; color: string }> = {
  pending: { label: 'Scheduled', color: 'gray' },
  queued: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Not delivered — retrying', color: 'red' },
  cancelled: { label: 'Not needed', color: 'gray' },
  skipped: { label: 'Skipped (too late)', color: 'gray' },
};

/** A visit's reminders: scheduled, sent, failing or not needed. */
export function ReminderList({ reminders }: { reminders: AppointmentDetail['reminders'] }) {
  if (reminders.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No reminders for this visit.
      </Text>
    );
  return (
    <Stack gap={4}>
      {reminders.map((r) => {
        const look = REMINDER_WORDS[r.status] ?? { label: r.status, color: 'gray' };
        return (
          <Group key={r.id} gap="xs" wrap="wrap">
            <Badge color={look.color} variant="light" styles={NO_CLIP}>
              {look.label}
            </Badge>
            <Text size="sm">
              {r.kind.replace(/_/g, ' ')} ·{' '}
              {r.sentAt ? `sent ${formatDateTime(r.sentAt)}` : `due ${formatDateTime(r.sendAt)}`}
              {r.lastError ? ` · ${r.lastError}` : ''}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
