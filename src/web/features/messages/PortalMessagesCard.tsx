import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconMessages } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePortalThreads } from './messages-query';

/** The portal home's way in to messages: new replies first. */
export function PortalMessagesCard() {
  const q = usePortalThreads();
  const unread = q.data?.threads.filter((t) => t.unread).length ?? 0;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="messages-card-h"
      data-testid="portal-messages-card"
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconMessages size={24} aria-hidden="true" />
          <Title order={2} size="h4" id="messages-card-h">
            Messages with your care team
          </Title>
        </Group>
        <Text>
          {unread
            ? `You have ${unread === 1 ? 'a new reply' : `${unread} new replies`}.`
            : `Questions between visits? Write to your care team${q.data ? `; they answer ${q.data.terms.answerTime}` : ''}.`}
        </Text>
        <Button
          component={Link}
          to="/portal/messages"
          variant={unread ? 'filled' : 'default'}
          rightSection={<IconChevronRight size={18} aria-hidden="true" />}
          fullWidth
        >
          {unread ? 'Read your messages' : 'Open messages'}
        </Button>
      </Stack>
    </Card>
  );
}
