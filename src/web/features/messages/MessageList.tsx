import { Box, Paper, Stack, Text } from '@mantine/core';
import type { z } from 'zod';
import type { message } from '../../../contracts/messages';
import { formatDateTime } from '../../lib/format';

type Message = z.infer<typeof message>;

/** A thread's messages in order: who wrote, when (local time), and the text as written. */
export function MessageList({ messages, mine }: { messages: Message[]; mine: 'patient' | 'staff' }) {
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Messages">
      {messages.map((m) => {
        const own = m.side === mine;
        return (
          <Box
            component="li"
            key={m.id}
            style={{ display: 'flex', justifyContent: own ? 'flex-end' : 'flex-start' }}
          >
            <Paper
              withBorder
              radius="md"
              p="sm"
              maw="90%"
              data-testid="message"
              data-side={m.side}
              bg={own ? 'var(--mantine-color-default-hover)' : undefined}
            >
              <Text size="sm" fw={600}>
                {m.authorName}
              </Text>
              <Text size="xs" c="dimmed" mb={4}>
                <time dateTime={m.sentAt}>{formatDateTime(m.sentAt)}</time>
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body}</Text>
            </Paper>
          </Box>
        );
      })}
    </Stack>
  );
}
