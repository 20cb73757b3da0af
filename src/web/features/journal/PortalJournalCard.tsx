import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconNotebook } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePortalJournal } from './journal-query';

/**
 * On the portal's home: the journal, with what is due now, and today's intention (for an in-clinic session
 * today, so the patient sees it again on the day, as they do in the at-home check-in).
 */
export function PortalJournalCard() {
  const q = usePortalJournal();
  const due = q.data?.due ?? [];
  const today = q.data?.todaysIntentions ?? [];
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="journal-card-h"
      data-testid="portal-journal-card"
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconNotebook size={24} aria-hidden="true" />
          <Title order={2} size="h4" id="journal-card-h">
            Your journal
          </Title>
        </Group>
        {today.map((t) => (
          <Stack key={t.entryId} gap={2} data-testid="todays-intention">
            <Text fw={600}>Your intention for today’s session</Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{t.body}</Text>
          </Stack>
        ))}
        <Text>
          {due.length === 0
            ? 'Private unless you share an entry. Write an intention before a session and reflections after it.'
            : due.length === 1
              ? `A prompt for you now: ${due[0]?.title}.`
              : `${due.length} prompts for you now.`}
        </Text>
        <Group>
          <Button
            component={Link}
            to="/portal/journal"
            size="md"
            rightSection={<IconChevronRight size={18} aria-hidden="true" />}
          >
            Open your journal
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
