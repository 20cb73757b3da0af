import { Button, Paper, Stack, Text } from '@mantine/core';
import { IconNotebook } from '@tabler/icons-react';
import { usePortalJournal } from './journal-query';

/**
 * At check-in, the intention the patient wrote in their journal for this session, shown again, with a way to
 * use it as today's intention. Nothing shows when they wrote none.
 */
export function CheckInIntention({
  sessionType,
  sessionId,
  onUse,
}: {
  sessionType: 'appointment' | 'at_home_session';
  sessionId: string;
  onUse?: (text: string) => void;
}) {
  const q = usePortalJournal();
  const entry = (q.data?.entries ?? []).find(
    (e) => e.kind === 'intention' && e.session?.type === sessionType && e.session.id === sessionId,
  );
  if (!entry) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="checkin-journal-intention">
      <Stack gap="xs">
        <Text fw={600}>
          <IconNotebook
            size={18}
            aria-hidden="true"
            style={{ verticalAlign: 'text-bottom', marginRight: 6 }}
          />
          The intention you wrote in your journal
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{entry.body}</Text>
        {onUse ? (
          <Text size="sm" c="dimmed">
            {entry.shared
              ? 'You shared it with your care team.'
              : 'It stays private in your journal. Today’s intention below is part of your check-in, which your care team sees.'}
          </Text>
        ) : null}
        {onUse ? (
          <Button variant="light" size="md" onClick={() => onUse(entry.body.slice(0, 1000))}>
            Use it for today
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}
